package com.auditremediation.cli;

import com.auditremediation.core.Json;
import com.auditremediation.core.model.Report;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/** What `local` and `start --wait` do with a finished execution: say how it ended, print and save the report. */
final class ExecutionOutcome {

    static final String REPORT_FILE = "report.json";

    private ExecutionOutcome() {
    }

    /** Prints the summary and table, writes report.json, report.csv and report.html in {@code outDirectory} and returns the exit code. */
    static int report(DescribeExecutionResponse execution, Path outDirectory, boolean failOnAccountFailure,
                      PrintWriter out, PrintWriter err) {
        String took = execution.stopDate() == null || execution.startDate() == null ? ""
                : " in " + seconds(Duration.between(execution.startDate(), execution.stopDate()));
        if (execution.status() != ExecutionStatus.SUCCEEDED) {
            throw new CliException(ExitCodes.RUN_FAILED, "execution " + execution.name() + " " + execution.status() + took
                    + ": " + orNone(execution.error()) + ": " + cut(orNone(execution.cause()), 1000)
                    + " (" + execution.executionArn() + ")");
        }
        out.println("Execution " + execution.name() + " SUCCEEDED" + took);
        JsonNode output;
        Report report;
        try {
            output = Json.mapper().readTree(execution.output());
            report = Json.mapper().treeToValue(output, Report.class);
            if (report == null || report.summary() == null) {
                throw new IllegalArgumentException("no summary");
            }
        } catch (JsonProcessingException | IllegalArgumentException e) {
            Path raw = save(outDirectory.resolve("output.json"), execution.output());
            out.println("Its output is not an audit-remediation report (" + Commands.oneLine(e.getMessage()).replaceAll("(.{160}).*", "$1...")
                    + "); saved as is: " + raw);
            return ExitCodes.OK;
        }
        out.println();
        new ReportPrinter(Commands.terminalWidth()).print(report, out);
        out.println();
        Path file = save(outDirectory.resolve(REPORT_FILE), Json.writePretty(output));
        out.println("Report: " + file);
        ReportFiles.writeBeside(report, outDirectory, out);
        int failed = report.summary().failed();
        if (failOnAccountFailure && failed > 0) {
            err.println(Commands.NAME + ": " + failed + " account(s) FAILED (--fail-on-account-failure)");
            return ExitCodes.RUN_FAILED;
        }
        return ExitCodes.OK;
    }

    private static Path save(Path file, String text) {
        return ReportFiles.save(file, (text.endsWith("\n") ? text : text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static String seconds(Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1000.0);
    }

    private static String orNone(String text) {
        return text == null || text.isBlank() ? "(none)" : Commands.oneLine(text);
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }
}
