package com.auditremediation.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;

/** {@code start}: an execution of the deployed state machine (or one on any endpoint), optionally waited for and reported. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Starts an execution of the sweep state machine with the Step Functions API; credentials come from the SDK's default chain "
                + "(environment, AWS_PROFILE, SSO, instance role).",
                "With --wait it shows progress, prints the report as a table and saves it as report.json, report.csv and report.html in --out; "
                        + "without, it prints the execution ARN."})
final class StartCommand implements Callable<Integer> {

    private static final DateTimeFormatter EXECUTION_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Option(names = "--state-machine-arn", required = true, paramLabel = "ARN",
            description = "The state machine, for example the stack output StateMachineArn: " + StateMachineArn.SHAPE + ".")
    String stateMachineArn;

    @Option(names = "--input", paramLabel = "FILE", defaultValue = "${sys:audit.home:-.}/events/all-accounts.json",
            description = "Execution input: a JSON object (see events/) (default: ${DEFAULT-VALUE}).")
    Path input;

    @Option(names = "--wait", description = "Wait for the execution to end, showing progress; then print and save the report.")
    boolean waitForEnd;

    @Option(names = "--name", paramLabel = "NAME", description = "Execution name, unique for 90 days; it also names the STS sessions in member accounts "
            + "(default: sweep-<UTC time>).")
    String name = "sweep-" + EXECUTION_TIME.format(Instant.now());

    @Mixin
    AwsEndpointOptions aws;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "${sys:audit.home:-.}/target/reports",
            description = "With --wait: where report.json, report.csv and report.html go (default: ${DEFAULT-VALUE}).")
    Path outDirectory;

    @Option(names = "--fail-on-account-failure", description = "With --wait: exit with 1 when any account FAILED, not only when the execution failed.")
    boolean failOnAccountFailure;

    @Option(names = "--timeout", paramLabel = "MINUTES", description = "With --wait: stop waiting after this long; the execution goes on (default: ${DEFAULT-VALUE}).")
    int timeoutMinutes = 120;

    @Override
    public Integer call() {
        return Commands.guard(spec, this::start);
    }

    private int start() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StateMachineArn arn = StateMachineArn.parse(stateMachineArn);
        String executionInput = InputFile.read(input);
        try (Cleanup cleanup = new Cleanup(() -> err.println(System.lineSeparator() + "Stopped waiting; the execution goes on."));
             SfnClient sfn = cleanup.add(aws.client(SfnClient.builder(), arn.region()))) {
            String executionArn = sfn.startExecution(r -> r.stateMachineArn(arn.arn()).name(name).input(executionInput)).executionArn();
            if (!waitForEnd) {
                out.println(executionArn);
                return ExitCodes.OK;
            }
            out.println("Execution " + name + " started: " + executionArn);
            out.flush();
            DescribeExecutionResponse execution = new ExecutionWatcher(sfn, err, Duration.ofSeconds(1), System.console() != null)
                    .await(executionArn, Duration.ofMinutes(timeoutMinutes), cleanup::interrupted);
            return ExecutionOutcome.report(execution, outDirectory, failOnAccountFailure, out, err);
        }
    }
}
