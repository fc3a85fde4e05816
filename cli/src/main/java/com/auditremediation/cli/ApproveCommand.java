package com.auditremediation.cli;

import com.auditremediation.core.Json;
import com.auditremediation.core.model.ApprovalDecision;
import com.auditremediation.core.model.Plan;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sts.StsClient;

/** {@code approve}: the decision on a plan that an execution waits for, sent with the caller identity that made it. */
@Command(name = "approve", mixinStandardHelpOptions = true,
        description = {"Approves (or with --reject rejects) the plan that an execution waits for: sends states:SendTaskSuccess"
                + " with {decision, by, at, reason}, where by is your caller identity (sts:GetCallerIdentity). Approved, the"
                + " execution fixes exactly the planned items, each only if it still fails as planned; rejected, it writes nothing.",
                "Checks first that the execution is waiting for an approval, and refuses (exit 2, nothing sent) when it is not."})
final class ApproveCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ExecutionArnOption execution;

    @Option(names = "--reject", description = "Reject the plan: nothing is written, the report says who rejected it and why.")
    boolean reject;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the report (recommended with --reject).")
    String reason;

    @Mixin
    AwsEndpointOptions aws;

    @Override
    public Integer call() {
        return Commands.guard(spec, this::decide);
    }

    private int decide() {
        PrintWriter out = spec.commandLine().getOut();
        ExecutionArn arn = execution.parse();
        try (SfnClient sfn = aws.client(SfnClient.builder(), arn.region());
             StsClient sts = aws.client(StsClient.builder(), arn.region())) {
            PendingApproval pending = PendingApproval.of(sfn, arn.arn());
            String by = sts.getCallerIdentity().arn();
            String at = Instant.now().toString();
            ApprovalDecision decision = reject ? ApprovalDecision.rejected(by, at, reason) : ApprovalDecision.approved(by, at, reason);
            sfn.sendTaskSuccess(r -> r.taskToken(pending.taskToken()).output(Json.write(decision)));
            Plan plan = pending.plan();
            out.println((reject ? "Rejected" : "Approved") + " the plan of " + plan.executionName() + " (" + plan.itemCount()
                    + " fixes in " + plan.accounts().size() + " accounts) as " + by + ".");
            out.println(reject ? "Nothing will be written; the report records who rejected it and why."
                    : "The execution now fixes the planned items that still fail as planned; its report shows each outcome.");
            return ExitCodes.OK;
        }
    }
}
