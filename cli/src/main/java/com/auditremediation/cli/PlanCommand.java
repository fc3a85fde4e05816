package com.auditremediation.cli;

import com.auditremediation.core.model.Plan;
import com.auditremediation.core.model.PlanItem;
import com.auditremediation.core.report.PlanHtmlFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.sfn.SfnClient;

/** {@code plan}: the plan that an execution waits to have approved, as a table, saved as plan.html. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Prints the plan of an execution that waits for approval (started with \"Mode\": \"remediate\" and"
                + " \"Approval\": \"required\"): each fix with the failing settings as read and what the fix sets; saves it as"
                + " plan.html in --out and prints the commands that approve or reject it.",
                "Refuses (exit 2) when the execution is not waiting for an approval."})
final class PlanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ExecutionArnOption execution;

    @Mixin
    AwsEndpointOptions aws;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "${sys:audit.home:-.}/target/plans",
            description = "Where plan.html goes, in a folder named after the execution (default: ${DEFAULT-VALUE}).")
    Path outDirectory;

    @Override
    public Integer call() {
        return Commands.guard(spec, this::show);
    }

    private int show() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        ExecutionArn arn = execution.parse();
        PendingApproval pending;
        try (SfnClient sfn = aws.client(SfnClient.builder(), arn.region())) {
            pending = PendingApproval.of(sfn, arn.arn());
        }
        Plan plan = pending.plan();
        out.println("Plan of " + plan.executionName() + ": " + plan.itemCount() + " fixes in " + plan.accounts().size()
                + " accounts, waiting for approval. Each fix runs only if its setting still fails as read here.");
        out.println();
        printTable(plan.items(), out);
        Path file = outDirectory.resolve(arn.name().replaceAll("[^A-Za-z0-9._-]", "-")).resolve("plan.html");
        Files.createDirectories(file.getParent());
        Files.write(file, PlanHtmlFormat.render(plan));
        out.println();
        out.println("Saved: " + file.toAbsolutePath().normalize());
        out.println();
        out.println("Approve:  bin/audit-remediation approve --execution-arn " + arn.arn());
        out.println("Reject:   bin/audit-remediation approve --execution-arn " + arn.arn() + " --reject --reason \"...\"");
        out.println("AWS CLI:  aws stepfunctions send-task-success --task-token '" + pending.taskToken() + "' --task-output"
                + " '{\"decision\":\"approved\",\"by\":\"<your ARN>\",\"reason\":\"...\"}'");
        return ExitCodes.OK;
    }

    private static void printTable(List<PlanItem> items, PrintWriter out) {
        List<List<String>> rows = items.stream().map(item -> List.of(item.accountId(), item.accountName() == null ? "-" : item.accountName(),
                item.checkId(), item.region() == null ? "-" : item.region(), settings(item.before()), item.fix())).toList();
        List<String> headers = List.of("ACCOUNT", "NAME", "CHECK", "REGION", "FAILING AS READ", "FIX");
        int[] widths = new int[headers.size() - 1];
        for (int i = 0; i < widths.length; i++) {
            int column = i;
            widths[i] = Math.min(48, rows.stream().mapToInt(row -> row.get(column).length()).reduce(headers.get(column).length(), Math::max));
        }
        out.println(line(headers, widths));
        rows.forEach(row -> out.println(line(row, widths)));
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            String cell = cells.get(i).length() > widths[i] ? cells.get(i).substring(0, widths[i] - 1) + "…" : cells.get(i);
            line.append(String.format("%-" + widths[i] + "s  ", cell));
        }
        return line.append(cells.get(cells.size() - 1)).toString();
    }

    private static String settings(Map<String, Object> before) {
        return before.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
