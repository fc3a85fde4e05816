package com.auditremediation.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code bin/audit-remediation}: the local run, the local Lambda host, one function invoked, executions started and
 * reported, plans shown and approved, the exceptions file validated and pushed.
 */
@Command(name = "audit-remediation",
        mixinStandardHelpOptions = true,
        version = "audit-remediation 0.1.0",
        description = "Sweeps every member account of an AWS Control Tower organisation: locally against moto, or on the deployed stack.",
        subcommands = {LocalCommand.class, LambdaHostCommand.class, InvokeCommand.class, StartCommand.class, ReportCommand.class, DoctorCommand.class,
                PlanCommand.class, ApproveCommand.class, ExceptionsCommand.class,
                ChecksCommand.class, PolicyCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:done; the execution SUCCEEDED",
                "1:the execution failed (or, with --fail-on-account-failure, an account FAILED; doctor: an item FAILED)",
                "2:a wrong option, input file or ARN (invoke: or an event the function refused)",
                "3:something needed is missing or unreachable: moto, a free port, the build, AWS"})
public final class AuditRemediationCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new AuditRemediationCommand()).execute(args));
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.BAD_INPUT;
    }
}
