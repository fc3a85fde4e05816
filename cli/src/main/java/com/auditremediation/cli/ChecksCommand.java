package com.auditremediation.cli;

import com.auditremediation.core.catalog.CatalogTable;
import com.auditremediation.core.catalog.CheckCatalog;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code checks}: the check catalog, as a table, as JSON, or as the README's Markdown table. */
@Command(name = "checks", mixinStandardHelpOptions = true,
        description = "Prints the checks the sweep can run: id, Security Hub controls, CIS AWS Foundations Benchmark v3.0.0 "
                + "references, severity, the IAM actions each one reads with and fixes with.")
final class ChecksCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "A JSON array of objects with id, title, controls, cis, severity, regional, "
            + "readActions, fixActions and recommendation.")
    boolean json;

    @Option(names = "--markdown", description = "The README's table of checks, in Markdown.")
    boolean markdown;

    @Override
    public Integer call() {
        return Commands.guard(spec, () -> {
            if (json && markdown) {
                throw CliException.badInput("--json and --markdown: choose one");
            }
            CheckCatalog catalog = CheckCatalog.shipped();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(catalog.toJson());
            } else if (markdown) {
                out.print(CatalogTable.markdown(catalog));
            } else {
                out.print(CatalogTable.text(catalog));
            }
            return ExitCodes.OK;
        });
    }
}
