package com.auditremediation.systemtests;

import com.auditremediation.cli.AuditRemediationCommand;
import com.auditremediation.core.AwsClients;
import com.auditremediation.core.Json;
import com.auditremediation.core.model.ApprovalDecision;
import com.auditremediation.core.model.ApprovalOutcome;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.FixCounts;
import com.auditremediation.core.model.FixOutcome;
import com.auditremediation.core.model.PlannedFix;
import com.auditremediation.core.model.Report;
import com.auditremediation.local.DemoOrganization;
import com.auditremediation.local.FaultProxy;
import com.auditremediation.local.FaultRule;
import com.auditremediation.local.LambdaHost;
import com.auditremediation.local.LocalClients;
import com.auditremediation.local.MotoServer;
import com.auditremediation.local.OrganizationSpec;
import com.auditremediation.local.SamTemplate;
import com.auditremediation.local.SweepStateMachine;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PasswordPolicy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Remediation after approval, end to end: the state machine executed by moto sweeps read-only, plans, waits on a task
 * token, and fixes only what a person approved with {@code bin/audit-remediation approve} (run in this JVM, against
 * moto). What the functions write in member accounts is seen twice: by a recording rule in the fault proxy (every call
 * they make passes it) and by reading the settings back from moto. Each execution has its own region (moto 5.2.1 runs
 * one per region and server) and its own accounts, so the tests do not see each other's writes.
 */
class ApprovalFlowTest {

    private static final String ACCOUNT = "123456789012";
    private static final String REPORT_BUCKET = "audit-remediation-approvals-" + ACCOUNT;
    /** 36 seconds: long enough to approve in, short enough to wait out in the timeout test. */
    private static final String APPROVAL_TIMEOUT_HOURS = "0.01";
    /** The calls with which the fixable checks write in a member account (S3 Control's is a REST PUT). */
    private static final Set<String> WRITES = Set.of("UpdateAccountPasswordPolicy", "EnableEbsEncryptionByDefault",
            "PUT /v20180820/configuration/publicAccessBlock");
    private static final String CHECKS = "\"Checks\": [\"iam-password-policy\", \"ebs-default-encryption\", \"root-account-hygiene\"],"
            + " \"Regions\": [\"us-east-1\"]";

    private static MotoServer moto;
    private static FaultProxy proxy;
    private static LambdaHost host;
    private static SamTemplate template;
    private static DemoOrganization.Seeded organization;
    private static TopicInbox inbox;
    private static final List<String> calls = new CopyOnWriteArrayList<>();

    @TempDir
    Path temp;

    @BeforeAll
    static void startLocalAws() {
        int hostPort = MotoServer.freePort();
        // Without AWS managed policies: no execution here runs iam-support-role (CHECKS and the nothing-to-fix run name
        // their checks), and they cost moto about 1.5 s for each account it resolves (MotoServer#start).
        moto = MotoServer.start(hostPort, false);
        moto.enableStateMachineExecution();
        proxy = FaultProxy.start(moto.endpoint());
        // Answers nothing: names each call the functions make and lets it on to moto.
        proxy.add(new FaultRule("records calls", request -> {
            calls.add(request.call());
            return false;
        }, 0, 200, "text/xml", ""));
        try (S3Client s3 = LocalClients.build(S3Client.builder(), moto.endpoint(), Region.US_EAST_1)) {
            s3.createBucket(r -> r.bucket(REPORT_BUCKET));
        }
        inbox = TopicInbox.create(moto.endpoint(), "audit-remediation-approvals");
        host = LambdaHost.start(new LambdaHost.Config(ProjectFiles.TEMPLATE, hostPort,
                Map.of("ReportBucketName", REPORT_BUCKET, "NotificationTopicArn", inbox.topicArn(), "ApprovalTimeoutHours", APPROVAL_TIMEOUT_HOURS),
                LocalSweeps.environment(proxy.endpoint()),
                "us-east-1", ACCOUNT, Path.of("target", "lambda-logs-approval")));
        template = SamTemplate.load(ProjectFiles.TEMPLATE);
        organization = LocalSweeps.seed(moto, OrganizationSpec.demo());
        // The CLI's clients take their credentials from the SDK's default chain, as they do for a person.
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
    }

    @AfterAll
    static void stopLocalAws() throws Exception {
        Executions.closeAll(host, proxy, moto);
    }

    @BeforeEach
    void forgetCalls() {
        calls.clear();
    }

    @Test
    void approvedPlanFixesExactlyThePlannedItemsAndTheReportShowsWhoApproved() throws Exception {
        String first = organization.byName("shared-services").id();
        String second = organization.byName("payments-dev").id();
        String untouched = organization.byName("sandbox-alice").id();

        String executionArn = start(Region.US_EAST_2, "approval-approved", first, second);
        Cli plan = awaitPlan(executionArn);
        assertThat(calls).as("the sweep before the approval only reads").noneMatch(WRITES::contains);
        Cli approve = cli("approve", "--execution-arn", executionArn, "--reason", "change CHG-42");
        DescribeExecutionResponse execution = await(Region.US_EAST_2, executionArn);

        assertThat(plan.out()).contains("4 fixes in 2 accounts", "iam-password-policy", "PasswordPolicy none",
                "EbsEncryptionByDefault false", "Saved: ");
        assertThat(Files.readString(Path.of(plan.out().lines().filter(line -> line.startsWith("Saved: ")).findFirst().orElseThrow()
                .substring("Saved: ".length())))).startsWith("<!DOCTYPE html>").contains(first, "script-src &#39;none&#39;");
        assertThat(approve.exitCode()).as(approve.toString()).isZero();
        assertThat(execution.status()).as(execution.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        Report report = Json.mapper().readValue(execution.output(), Report.class);
        ApprovalOutcome approval = report.approval();
        assertThat(approval.decision().decision()).isEqualTo(ApprovalDecision.Decision.APPROVED);
        assertThat(approval.decision().by()).isEqualTo(callerArn());
        assertThat(approval.decision().reason()).isEqualTo("change CHG-42");
        assertThat(approval.decision().at()).isNotBlank();
        assertThat(approval.counts()).isEqualTo(new FixCounts(4, 4, 0, 0, 0));
        assertThat(approval.fixes()).extracting(fix -> fix.item().accountId(), fix -> fix.item().checkId(), fix -> fix.item().region(), PlannedFix::outcome)
                .containsExactlyInAnyOrder(
                        tuple(first, "iam-password-policy", null, FixOutcome.FIXED), tuple(first, "ebs-default-encryption", "us-east-1", FixOutcome.FIXED),
                        tuple(second, "iam-password-policy", null, FixOutcome.FIXED), tuple(second, "ebs-default-encryption", "us-east-1", FixOutcome.FIXED));
        assertThat(report.context().mode().jsonValue()).isEqualTo("remediate");
        assertThat(report.summary().checks()).containsEntry("iam-password-policy", Map.of(CheckStatus.NON_COMPLIANT, 2));

        assertThat(calls).filteredOn(WRITES::contains).as("one write per planned item, nothing else")
                .containsExactlyInAnyOrder("UpdateAccountPasswordPolicy", "UpdateAccountPasswordPolicy",
                        "EnableEbsEncryptionByDefault", "EnableEbsEncryptionByDefault");
        for (String accountId : List.of(first, second)) {
            assertThat(passwordPolicy(accountId)).as(accountId).hasValueSatisfying(policy -> assertThat(policy.minimumPasswordLength()).isEqualTo(14));
            assertThat(ebsEncryptionByDefault(accountId, Region.US_EAST_1)).as(accountId).isTrue();
        }
        assertThat(passwordPolicy(untouched)).as("an account outside the plan").isEmpty();
        assertThat(ebsEncryptionByDefault(untouched, Region.US_EAST_1)).isFalse();

        assertThat(approval.planFiles()).containsKeys("json", "html");
        try (S3Client s3 = LocalClients.build(S3Client.builder(), moto.endpoint(), Region.US_EAST_1)) {
            String key = approval.planFiles().get("json").substring(("s3://" + REPORT_BUCKET + "/").length());
            JsonNode stored = Json.mapper().readTree(s3.getObjectAsBytes(r -> r.bucket(REPORT_BUCKET).key(key)).asByteArray());
            assertThat(stored.path("itemCount").asInt()).isEqualTo(4);
            assertThat(key).startsWith("reports/").endsWith("/approval-approved/plan.json");
            assertThat(report.files().get("json")).isEqualTo("s3://" + REPORT_BUCKET + "/" + key.replace("plan.json", "report.json"));
            String html = s3.getObjectAsBytes(r -> r.bucket(REPORT_BUCKET).key(key.replace("plan.json", "report.html"))).asUtf8String();
            assertThat(html).contains("id=\"approval\"", "change CHG-42", "Fixed");
        }
        String token = token(plan);
        assertThat(inbox.drain()).filteredOn(message -> message.path("Subject").asText().endsWith("approval needed: 4 fixes in 2 accounts - approval-approved"))
                .singleElement().satisfies(message -> assertThat(message.path("Message").asText()).contains(
                        "bin/audit-remediation approve --execution-arn " + executionArn,
                        "--reject --reason",
                        "aws stepfunctions send-task-success --task-token '" + token + "'",
                        "plan.html"));

        Cli again = cli("approve", "--execution-arn", executionArn);
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("is not waiting for an approval any more", "nothing was sent");
    }

    @Test
    void rejectedPlanWritesNothingAndTheReportSaysWhoRejectedAndWhy() throws Exception {
        String target = organization.byName("network").id();

        String executionArn = start(Region.US_WEST_1, "approval-rejected", target);
        awaitPlan(executionArn);
        Cli reject = cli("approve", "--execution-arn", executionArn, "--reject", "--reason", "not during the freeze");
        DescribeExecutionResponse execution = await(Region.US_WEST_1, executionArn);

        assertThat(reject.exitCode()).as(reject.toString()).isZero();
        assertThat(reject.out()).startsWith("Rejected the plan of approval-rejected (2 fixes in 1 accounts)");
        assertThat(execution.status()).as(execution.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        ApprovalOutcome approval = Json.mapper().readValue(execution.output(), Report.class).approval();
        assertThat(approval.decision().decision()).isEqualTo(ApprovalDecision.Decision.REJECTED);
        assertThat(approval.decision().by()).isEqualTo(callerArn());
        assertThat(approval.decision().reason()).isEqualTo("not during the freeze");
        assertThat(approval.counts()).isEqualTo(new FixCounts(2, 0, 0, 2, 0));
        assertThat(approval.fixes()).allSatisfy(fix -> assertThat(fix.detail()).contains("rejected by " + callerArn(), "not during the freeze"));
        assertThat(calls).as("calls the functions made").isNotEmpty().noneMatch(WRITES::contains);
        assertThat(passwordPolicy(target)).isEmpty();
        assertThat(ebsEncryptionByDefault(target, Region.US_EAST_1)).isFalse();
    }

    @Test
    void withoutADecisionThePlanTimesOutAsARejection() throws Exception {
        String target = organization.byName("web-prod").id();

        String executionArn = start(Region.CA_CENTRAL_1, "approval-timed-out", target);
        awaitPlan(executionArn);
        DescribeExecutionResponse execution = await(Region.CA_CENTRAL_1, executionArn);

        assertThat(execution.status()).as(execution.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        ApprovalOutcome approval = Json.mapper().readValue(execution.output(), Report.class).approval();
        assertThat(approval.decision().decision()).isEqualTo(ApprovalDecision.Decision.REJECTED);
        assertThat(approval.decision().timedOut()).isTrue();
        assertThat(approval.counts()).isEqualTo(new FixCounts(2, 0, 0, 2, 0));
        assertThat(approval.fixes()).allSatisfy(fix -> assertThat(fix.detail()).startsWith("nobody decided before the approval timed out"));
        assertThat(calls).noneMatch(WRITES::contains);
        assertThat(passwordPolicy(target)).isEmpty();
        Cli late = cli("approve", "--execution-arn", executionArn);
        assertThat(late.exitCode()).isEqualTo(2);
        assertThat(late.err()).contains("not waiting for an approval any more");
    }

    @Test
    void anItemChangedBetweenPlanAndApprovalIsLeftAloneAndReported() throws Exception {
        String target = organization.byName("payments-prod").id();

        String executionArn = start(Region.EU_WEST_2, "approval-changed", target);
        awaitPlan(executionArn);
        // Someone sets a password policy by hand meanwhile: still below the baseline, but no longer "none" as planned.
        try (IamClient iam = member(IamClient.builder(), target, Region.US_EAST_1)) {
            iam.updateAccountPasswordPolicy(r -> r.minimumPasswordLength(10));
        }
        calls.clear();
        Cli approve = cli("approve", "--execution-arn", executionArn);
        DescribeExecutionResponse execution = await(Region.EU_WEST_2, executionArn);

        assertThat(approve.exitCode()).as(approve.toString()).isZero();
        assertThat(execution.status()).as(execution.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        ApprovalOutcome approval = Json.mapper().readValue(execution.output(), Report.class).approval();
        assertThat(approval.counts()).isEqualTo(new FixCounts(2, 1, 1, 0, 0));
        PlannedFix changed = approval.fixes().stream().filter(fix -> fix.item().checkId().equals("iam-password-policy")).findFirst().orElseThrow();
        assertThat(changed.outcome()).isEqualTo(FixOutcome.CHANGED);
        assertThat(changed.item().before()).isEqualTo(Map.of("PasswordPolicy", "none"));
        assertThat(changed.detail()).startsWith("changed since the plan, left alone: it now fails as:");
        assertThat(calls).filteredOn(WRITES::contains).containsExactly("EnableEbsEncryptionByDefault");
        assertThat(passwordPolicy(target)).hasValueSatisfying(policy -> assertThat(policy.minimumPasswordLength()).isEqualTo(10));
        assertThat(ebsEncryptionByDefault(target, Region.US_EAST_1)).isTrue();
    }

    @Test
    void aTaskFailureSentWithTheAwsCliAloneIsARejection() throws Exception {
        String target = organization.byName("web-dev").id();

        String executionArn = start(Region.AP_SOUTHEAST_1, "approval-task-failure", target);
        String token = token(awaitPlan(executionArn));
        try (SfnClient sfn = LocalClients.build(SfnClient.builder(), moto.endpoint(), Region.AP_SOUTHEAST_1)) {
            sfn.sendTaskFailure(r -> r.taskToken(token).error("Rejected").cause("not now"));
        }
        DescribeExecutionResponse execution = await(Region.AP_SOUTHEAST_1, executionArn);

        assertThat(execution.status()).as(execution.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        ApprovalOutcome approval = Json.mapper().readValue(execution.output(), Report.class).approval();
        assertThat(approval.decision().decision()).isEqualTo(ApprovalDecision.Decision.REJECTED);
        assertThat(approval.decision().reason()).isEqualTo("The wait for approval ended with the error Rejected.");
        assertThat(approval.counts()).isEqualTo(new FixCounts(2, 0, 0, 2, 0));
        assertThat(calls).noneMatch(WRITES::contains);
    }

    @Test
    void withNothingToFixTheRunSkipsTheWaitAndApproveRefusesIt() throws Exception {
        String target = organization.byName("log-archive").id();

        String executionArn;
        try (SfnClient sfn = LocalClients.build(SfnClient.builder(), moto.endpoint(), Region.EU_NORTH_1)) {
            String stateMachineArn = SweepStateMachine.create(sfn, template, SamTemplate.Context.of(template, Map.of(), "us-east-1", ACCOUNT));
            executionArn = sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).name("approval-nothing-to-fix")
                    .input("{\"Mode\": \"remediate\", \"Approval\": \"required\", \"AccountIds\": [\"" + target + "\"],"
                            + " \"Checks\": [\"caller-identity\", \"root-account-hygiene\"]}")).executionArn();
        }
        DescribeExecutionResponse execution = await(Region.EU_NORTH_1, executionArn);
        Cli approve = cli("approve", "--execution-arn", executionArn);

        assertThat(execution.status()).as(execution.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        ApprovalOutcome approval = Json.mapper().readValue(execution.output(), Report.class).approval();
        assertThat(approval.decision()).isNull();
        assertThat(approval.counts()).isEqualTo(new FixCounts(0, 0, 0, 0, 0));
        assertThat(approve.exitCode()).isEqualTo(2);
        assertThat(approve.err()).contains("never waited for an approval");
        assertThat(calls).noneMatch(WRITES::contains);
    }

    private static String start(Region region, String name, String... accountIds) {
        try (SfnClient sfn = LocalClients.build(SfnClient.builder(), moto.endpoint(), region)) {
            String stateMachineArn = SweepStateMachine.create(sfn, template, SamTemplate.Context.of(template, Map.of(), "us-east-1", ACCOUNT));
            String input = "{\"Mode\": \"remediate\", \"Approval\": \"required\", \"AccountIds\": [\"" + String.join("\", \"", accountIds)
                    + "\"], " + CHECKS + "}";
            return sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).name(name).input(input)).executionArn();
        }
    }

    /** Runs {@code plan} until the execution waits for approval (its exit code 0); fails if it never does. */
    private Cli awaitPlan(String executionArn) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        Cli plan;
        do {
            plan = cli("plan", "--execution-arn", executionArn, "--out", temp.toString());
            if (plan.exitCode() == 0) {
                return plan;
            }
            assertThat(plan.err()).as("plan before the wait").contains("never waited");
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the execution did not wait for approval within 2 minutes: " + plan);
    }

    /** The task token in the AWS CLI command that {@code plan} prints. */
    private static String token(Cli plan) {
        return plan.out().lines().filter(line -> line.startsWith("AWS CLI:")).findFirst().orElseThrow()
                .replaceAll(".*--task-token '([^']+)'.*", "$1");
    }

    private static DescribeExecutionResponse await(Region region, String executionArn) {
        try (SfnClient sfn = LocalClients.build(SfnClient.builder(), moto.endpoint(), region)) {
            return Executions.await(sfn, executionArn);
        }
    }

    record Cli(int exitCode, String out, String err) {
    }

    private static Cli cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint", moto.endpoint().toString()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new AuditRemediationCommand());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int exitCode = command.execute(all.toArray(String[]::new));
        return new Cli(exitCode, out.toString(), err.toString());
    }

    private static String callerArn() {
        try (StsClient sts = LocalClients.build(StsClient.builder(), moto.endpoint(), Region.US_EAST_1)) {
            return sts.getCallerIdentity().arn();
        }
    }

    private static Optional<PasswordPolicy> passwordPolicy(String accountId) {
        try (IamClient iam = member(IamClient.builder(), accountId, Region.US_EAST_1)) {
            return Optional.of(iam.getAccountPasswordPolicy().passwordPolicy());
        } catch (NoSuchEntityException none) {
            return Optional.empty();
        }
    }

    private static boolean ebsEncryptionByDefault(String accountId, Region region) {
        try (Ec2Client ec2 = member(Ec2Client.builder(), accountId, region)) {
            return ec2.getEbsEncryptionByDefault(r -> { }).ebsEncryptionByDefault();
        }
    }

    /** A client acting in {@code accountId} in moto (it picks the account from AssumeRole credentials), straight to moto. */
    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C member(B builder, String accountId, Region region) {
        Credentials issued;
        try (StsClient sts = LocalClients.build(StsClient.builder(), moto.endpoint(), Region.US_EAST_1)) {
            issued = sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + accountId + ":role/test-read-back").roleSessionName("read-back")).credentials();
        }
        return builder.httpClient(AwsClients.httpClient()).endpointOverride(moto.endpoint()).region(region).credentialsProvider(StaticCredentialsProvider.create(
                AwsSessionCredentials.create(issued.accessKeyId(), issued.secretAccessKey(), issued.sessionToken()))).build();
    }
}
