package com.auditremediation.cli;

import com.auditremediation.core.Json;
import com.auditremediation.core.model.Report;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code report FILE}: a saved report (report.json) rendered as the summary and the table, and as report.csv and report.html. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Prints a saved report (the report.json that local and start --wait write) as a summary and a table, failures first, "
                + "and writes it as report.csv and report.html beside it (or in --out).")
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The report file, for example target/local-run/report.json.")
    Path file;

    @Option(names = "--out", paramLabel = "DIR", description = "Where report.csv and report.html go (default: the folder of FILE).")
    Path outDirectory;

    @Override
    public Integer call() {
        return Commands.guard(spec, () -> {
            Report report = read(file);
            PrintWriter out = spec.commandLine().getOut();
            new ReportPrinter(Commands.terminalWidth()).print(report, out);
            out.println();
            ReportFiles.writeBeside(report, outDirectory != null ? outDirectory : file.toAbsolutePath().getParent(), out);
            return ExitCodes.OK;
        });
    }

    static Report read(Path file) {
        Report report;
        try {
            report = Json.mapper().readValue(file.toFile(), Report.class);
        } catch (java.io.FileNotFoundException | java.nio.file.NoSuchFileException e) {
            throw CliException.badInput("cannot read " + file + ": no such file");
        } catch (IOException e) {
            throw CliException.badInput(file + " is not an audit-remediation report (" + Commands.oneLine(e.getMessage())
                    .replaceAll("(.{200}).*", "$1...") + ")");
        }
        if (report == null || report.summary() == null) {
            throw CliException.badInput(file + " is not an audit-remediation report: it has no summary");
        }
        return report;
    }
}
