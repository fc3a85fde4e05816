package com.auditremediation.checkaccount;

import com.auditremediation.checkaccount.checks.CheckRegistry;
import com.auditremediation.core.catalog.CatalogTable;
import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.local.SamTemplate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What is made from the registry: the catalog resource the build writes, and the README's table of checks. */
class CatalogFilesTest {

    static final String TABLE_START = "<!-- checks:start";
    static final String TABLE_END = "<!-- checks:end -->";

    @Test
    void theBuildWroteTheRegistrysCatalogWhereTheOtherFunctionsReadIt() {
        CheckCatalog catalog = CheckRegistry.create().catalog();

        assertThat(CheckCatalog.shipped().descriptors()).isEqualTo(catalog.descriptors());
        assertThat(CheckCatalog.shipped().toJson()).isEqualTo(catalog.toJson());
    }

    @Test
    void theReadmesTableOfChecksIsTheCatalog() throws IOException {
        String readme = Files.readString(Path.of("../../README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf(TABLE_START);
        int end = readme.indexOf(TABLE_END);
        assertThat(start).as("README.md has the marker %s", TABLE_START).isNotNegative();
        assertThat(end).as("README.md has the marker %s", TABLE_END).isGreaterThan(start);
        String table = readme.substring(readme.indexOf('\n', start) + 1, end);

        assertThat(table)
                .as("README.md's table of checks differs from the catalog: replace it with the output of"
                        + " bin/audit-remediation checks --markdown")
                .isEqualTo(CatalogTable.markdown(CheckRegistry.create().catalog()));
    }

    /**
     * The RunOnFinding rule in template.yaml matches the findings of exactly the Security Hub controls that our checks
     * implement: a control added to a check must be added to the rule, and one removed must leave it.
     */
    @Test
    void theRunOnFindingRuleListsExactlyTheCatalogsSecurityHubControls() {
        SamTemplate template = SamTemplate.load(Path.of("../../template.yaml"));
        Map<?, ?> rule = (Map<?, ?>) ((Map<?, ?>) template.resources().get("FailedControlRule")).get("Properties");
        Map<?, ?> findings = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) rule.get("EventPattern")).get("detail")).get("findings");
        Object listed = ((Map<?, ?>) findings.get("Compliance")).get("SecurityControlId");

        assertThat(listed)
                .as("template.yaml's FailedControlRule lists other controls than the catalog: make its"
                        + " detail.findings.Compliance.SecurityControlId %s", CheckRegistry.create().catalog().controls())
                .isEqualTo(CheckRegistry.create().catalog().controls());
    }
}
