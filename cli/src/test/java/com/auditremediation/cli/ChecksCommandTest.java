package com.auditremediation.cli;

import com.auditremediation.core.Json;
import com.auditremediation.core.catalog.CatalogTable;
import com.auditremediation.core.catalog.CheckCatalog;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChecksCommandTest {

    @Test
    void jsonIsAnArrayOfObjectsWithExactlyTheCatalogsFields() throws Exception {
        CliRunner.Result result = CliRunner.run("checks", "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode checks = Json.mapper().readTree(result.out());
        assertThat(checks.isArray()).isTrue();
        assertThat(checks).hasSize(CheckCatalog.shipped().ids().size());
        for (JsonNode check : checks) {
            List<String> fields = new ArrayList<>();
            check.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactly("id", "title", "controls", "cis", "severity", "regional", "readActions",
                    "fixActions", "recommendation");
            assertThat(check.get("severity").asText()).isIn("INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL");
            assertThat(check.get("regional").isBoolean()).isTrue();
        }
        List<String> ids = new ArrayList<>();
        checks.forEach(check -> ids.add(check.get("id").asText()));
        assertThat(ids).isEqualTo(CheckCatalog.shipped().ids());
    }

    @Test
    void theTableHasOneAlignedLinePerCheckAndTheMarkdownIsTheReadmes() {
        CliRunner.Result table = CliRunner.run("checks");
        CliRunner.Result markdown = CliRunner.run("checks", "--markdown");

        assertThat(table.exitCode()).isZero();
        List<String> lines = table.out().lines().toList();
        assertThat(lines.get(0)).matches("Check\\s+Security Hub\\s+CIS v3.0.0\\s+Severity\\s+Reads\\s+Remediate mode calls");
        assertThat(lines).hasSize(CheckCatalog.shipped().ids().size() + 1);
        assertThat(lines.subList(1, lines.size())).allSatisfy(line -> assertThat(line.indexOf("  ")).isGreaterThan(0));
        assertThat(markdown.out()).isEqualTo(CatalogTable.markdown(CheckCatalog.shipped()));
    }

    @Test
    void jsonAndMarkdownTogetherAreRefused() {
        CliRunner.Result result = CliRunner.run("checks", "--json", "--markdown");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.errLines()).containsExactly("audit-remediation: --json and --markdown: choose one");
    }
}
