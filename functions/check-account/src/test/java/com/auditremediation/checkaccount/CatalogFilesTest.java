package com.auditremediation.checkaccount;

import com.auditremediation.core.catalog.CatalogTable;
import com.auditremediation.core.catalog.CheckCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
