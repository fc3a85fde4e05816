package com.auditremediation.checkaccount;

import com.auditremediation.checkaccount.checks.CheckRegistry;
import com.auditremediation.core.catalog.CheckCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the catalog of the registry's checks to the file named by its one argument. check-account's build runs it
 * (exec-maven-plugin, process-classes) into its classes at {@link CheckCatalog#RESOURCE}, so that check-account's jar
 * carries the catalog and the functions that depend on it for the catalog alone (list-accounts, build-report) shade
 * just that file.
 */
public final class CatalogExport {

    private CatalogExport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: CatalogExport FILE");
        }
        Path file = Path.of(args[0]);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, CheckRegistry.create().catalog().toJson() + "\n", StandardCharsets.UTF_8);
    }
}
