package com.auditremediation.systemtests;

import com.auditremediation.core.Json;
import com.auditremediation.core.error.ErrorCode;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Report;
import com.auditremediation.core.model.ReportRow;
import com.auditremediation.local.DemoOrganization;
import com.auditremediation.local.FaultProxy;
import com.auditremediation.local.FaultRule;
import com.auditremediation.local.LambdaHost;
import com.auditremediation.local.LocalClients;
import com.auditremediation.local.MotoServer;
import com.auditremediation.local.OrganizationSpec;
import com.auditremediation.local.SamTemplate;
import com.auditremediation.local.SweepStateMachine;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The sweep state machine, created from statemachine/sweep.asl.json with the template's substitutions, executed by
 * moto's Step Functions interpreter, which invokes our packaged functions on the local Lambda host. The functions
 * reach moto through a fault proxy: moto never refuses AssumeRole nor throttles, so those faults are injected there,
 * as AWS's own HTTP responses, and the handlers handle them as they would on AWS.
 */
class SweepStateMachineTest {

    private static final String ACCOUNT = LocalSweeps.ACCOUNT;
    private static final String REPORT_BUCKET = "audit-remediation-reports-" + ACCOUNT;

    private static TopicInbox inbox;

    private static MotoServer moto;
    private static FaultProxy proxy;
    private static LambdaHost host;
    private static SamTemplate template;
    private static DemoOrganization.Seeded organization;

    @BeforeAll
    static void startLocalAws() {
        int hostPort = MotoServer.freePort();
        moto = LocalSweeps.startMoto(hostPort);
        proxy = FaultProxy.start(moto.endpoint());
        createReportBucketAndTopic();
        // The template's parameters as a deployment that brings its own bucket and topic would set them.
        host = LambdaHost.start(new LambdaHost.Config(ProjectFiles.TEMPLATE, hostPort,
                Map.of("ReportBucketName", REPORT_BUCKET, "NotificationTopicArn", inbox.topicArn()),
                LocalSweeps.environment(proxy.endpoint()), "us-east-1", ACCOUNT, Path.of("target", "lambda-logs")));
        template = SamTemplate.load(ProjectFiles.TEMPLATE);
        organization = LocalSweeps.seed(moto, OrganizationSpec.demo());
    }

    /** The report bucket, and a topic with an SQS queue subscribed to it, from which the test reads what SNS sent. */
    private static void createReportBucketAndTopic() {
        try (S3Client s3 = LocalClients.build(S3Client.builder(), moto.endpoint(), Region.US_EAST_1)) {
            s3.createBucket(r -> r.bucket(REPORT_BUCKET));
        }
        inbox = TopicInbox.create(moto.endpoint(), "audit-remediation-notifications");
    }

    @AfterAll
    static void stopLocalAws() throws Exception {
        Executions.closeAll(host, proxy, moto);
    }

    @Test
    void sweepOfTheDemoOrganisationReportsEveryAccountOnceWithItsStatus() throws Exception {
        organization.withoutExecutionRole().forEach(account -> proxy.add(FaultRule.stsAccessDenied(account.id())));
        String transientAccount = organization.byName("payments-prod").id();
        // Throttled on every one of the SDK's attempts in the first invocation, so the function throws
        // ThrottledException; the state machine's Retry runs it again, and then STS answers.
        FaultRule throttling = proxy.add(FaultRule.stsThrottling(transientAccount, 3));
        String brokenAccount = organization.byName("web-dev").id();
        LambdaHost.FunctionFault crash = host.injectFunctionError("audit-remediation-check-account", brokenAccount,
                "java.lang.IllegalStateException", "simulated crash in the check function", 100);

        DescribeExecutionResponse execution = runSweep(Region.US_EAST_1, "sweep-demo-organisation", "{}");

        assertThat(execution.status()).as(execution.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        Report report = Json.mapper().readValue(execution.output(), Report.class);
        Map<String, ReportRow> rows = report.accounts().stream().collect(Collectors.toMap(ReportRow::accountId, Function.identity()));
        assertThat(report.accounts()).hasSize(organization.accounts().size() + 1);
        assertThat(rows).hasSize(report.accounts().size());
        assertThat(report.executionName()).isEqualTo("sweep-demo-organisation");
        assertThat(report.summary().total()).isEqualTo(12);
        assertThat(report.summary().skipped()).isEqualTo(2);
        assertThat(report.summary().failed()).isEqualTo(2);
        assertThat(report.summary().succeeded()).isEqualTo(8);
        assertThat(report.failuresByCode()).containsOnly(Map.entry(ErrorCode.ROLE_NOT_ASSUMABLE, 1), Map.entry(ErrorCode.FUNCTION_ERROR, 1));

        assertThat(rows.get(organization.managementAccountId())).extracting(ReportRow::status, ReportRow::errorCode)
                .containsExactly(AccountStatus.SKIPPED, ErrorCode.MANAGEMENT_ACCOUNT);
        assertThat(rows.get(organization.byName("sandbox-retired").id())).extracting(ReportRow::status, ReportRow::errorCode)
                .containsExactly(AccountStatus.SKIPPED, ErrorCode.ACCOUNT_NOT_ACTIVE);
        ReportRow unenrolled = rows.get(organization.byName("legacy-unenrolled").id());
        assertThat(unenrolled.status()).isEqualTo(AccountStatus.FAILED);
        assertThat(unenrolled.errorCode()).isEqualTo(ErrorCode.ROLE_NOT_ASSUMABLE);
        assertThat(unenrolled.errorMessage()).containsIgnoringCase("enrolled");
        ReportRow crashed = rows.get(brokenAccount);
        assertThat(crashed.status()).isEqualTo(AccountStatus.FAILED);
        assertThat(crashed.errorCode()).isEqualTo(ErrorCode.FUNCTION_ERROR);
        assertThat(crashed.errorMessage()).contains("simulated crash");
        assertThat(crashed.accountName()).isEqualTo("web-dev");
        assertThat(crash.remaining().get()).as("a permanent error is not retried").isEqualTo(99);

        String folder = "reports/" + DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC)
                .format(Instant.parse(report.startedAt())) + "/sweep-demo-organisation/";
        assertThat(report.deliveryWarnings()).isNull();
        assertThat(report.files()).containsEntry("json", "s3://" + REPORT_BUCKET + "/" + folder + "report.json")
                .containsEntry("latestJson", "s3://" + REPORT_BUCKET + "/latest/report.json")
                .containsEntry("csv", "s3://" + REPORT_BUCKET + "/" + folder + "report.csv")
                .containsEntry("html", "s3://" + REPORT_BUCKET + "/" + folder + "report.html")
                .containsEntry("latestHtml", "s3://" + REPORT_BUCKET + "/latest/report.html");
        try (S3Client s3 = LocalClients.build(S3Client.builder(), moto.endpoint(), Region.US_EAST_1)) {
            ResponseBytes<GetObjectResponse> stored = s3.getObjectAsBytes(r -> r.bucket(REPORT_BUCKET).key(folder + "report.json"));
            assertThat(stored.response().contentType()).isEqualTo("application/json");
            assertThat(Json.mapper().readValue(stored.asByteArray(), Report.class)).isEqualTo(report);
            String html = s3.getObjectAsBytes(r -> r.bucket(REPORT_BUCKET).key(folder + "report.html")).asUtf8String();
            assertThat(html).startsWith("<!DOCTYPE html>").contains("legacy-unenrolled", "sweep-demo-organisation");
            String csv = s3.getObjectAsBytes(r -> r.bucket(REPORT_BUCKET).key("latest/report.csv")).asUtf8String();
            assertThat(csv).startsWith("account_id,account_name,ou_id,status,").contains(organization.byName("legacy-unenrolled").id());
        }
        assertThat(inbox.drain()).filteredOn(message -> message.path("Subject").asText().endsWith(" - sweep-demo-organisation"))
                .singleElement().satisfies(message -> {
                    assertThat(message.path("Subject").asText()).startsWith("[audit-remediation] 2 of 12 accounts failed");
                    assertThat(message.path("Message").asText()).contains("Failures by code:", "legacy-unenrolled",
                            "s3://" + REPORT_BUCKET + "/" + folder + "report.json");
                });
        assertThat(host.logLines()).filteredOn(line -> line.contains("\"CloudWatchMetrics\"") && line.contains("\"sweep-demo-organisation\""))
                .anySatisfy(line -> assertThat(Json.mapper().readTree(line.substring(line.indexOf('{'))).path("FailedAccounts").asInt()).isEqualTo(2));

        ReportRow retried = rows.get(transientAccount);
        assertThat(retried.status()).isEqualTo(AccountStatus.SUCCEEDED);
        assertThat(throttling.hits()).isEqualTo(3);
        for (DemoOrganization.SeededAccount account : organization.accounts()) {
            ReportRow row = rows.get(account.id());
            assertThat(row).as(account.name()).isNotNull();
            assertThat(row.accountName()).isEqualTo(account.name());
            assertThat(row.ouId()).isEqualTo(account.ouId());
            if (row.status() == AccountStatus.SUCCEEDED) {
                assertThat(row.checks()).as(account.name()).isNotEmpty();
            }
        }
    }

    @Test
    void singleAccountEventSweepsThatAccountOnly() throws Exception {
        String target = organization.byName("network").id();

        DescribeExecutionResponse execution = runSweep(Region.EU_WEST_1, "sweep-one-account", "{\"TargetAccountId\": \"" + target + "\"}");

        assertThat(execution.status()).as(execution.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        Report report = Json.mapper().readValue(execution.output(), Report.class);
        assertThat(report.accounts()).extracting(ReportRow::accountId, ReportRow::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(target, AccountStatus.SUCCEEDED));
    }

    /**
     * Remediate mode end to end, then an audit of the same accounts. Only this test writes to moto, and it keeps to
     * accounts that no other test faults, so whatever ran before, these accounts start as moto creates them: no password
     * policy, no account-level S3 Block Public Access, EBS encryption by default off, the root user without MFA.
     */
    @Test
    void remediateModeFixesTheDemoAccountsAndTheReportShowsBeforeAndAfter() throws Exception {
        List<String> targets = List.of(organization.byName("shared-services").id(), organization.byName("payments-dev").id(),
                organization.byName("sandbox-alice").id());
        String scope = "\"AccountIds\": [\"" + String.join("\", \"", targets) + "\"], \"Regions\": [\"us-east-1\", \"eu-west-1\"]";

        DescribeExecutionResponse remediation = runSweep(Region.US_WEST_2, "sweep-remediate", "{\"Mode\": \"remediate\", " + scope + "}");
        DescribeExecutionResponse audit = runSweep(Region.AP_SOUTHEAST_2, "sweep-audit-after-remediate", "{" + scope + "}");

        assertThat(remediation.status()).as(remediation.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        Report fixed = Json.mapper().readValue(remediation.output(), Report.class);
        assertThat(fixed.context().mode()).isEqualTo(com.auditremediation.core.model.Mode.REMEDIATE);
        assertThat(fixed.accounts()).extracting(ReportRow::accountId).containsExactlyInAnyOrderElementsOf(targets);
        for (ReportRow row : fixed.accounts()) {
            assertThat(row.status()).as(row.accountName()).isEqualTo(AccountStatus.SUCCEEDED);
            assertThat(row.checks()).as(row.accountName()).extracting(CheckResult::checkId).containsOnlyElementsOf(CATALOG.ids())
                    .containsAll(CATALOG.ids());
            assertThat(row.checks()).as(row.accountName()).extracting(CheckResult::status).doesNotContain(CheckStatus.ERROR);
            assertThat(results(row, "caller-identity")).extracting(CheckResult::status).containsExactly(CheckStatus.COMPLIANT);
            assertThat(results(row, "iam-password-policy")).extracting(CheckResult::status).containsExactly(CheckStatus.REMEDIATED);
            assertThat(results(row, "s3-account-public-access-block")).extracting(CheckResult::status).containsExactly(CheckStatus.REMEDIATED);
            assertThat(results(row, "ebs-default-encryption")).extracting(CheckResult::region, CheckResult::status).containsExactly(
                    tuple("us-east-1", CheckStatus.REMEDIATED), tuple("eu-west-1", CheckStatus.REMEDIATED));
            assertThat(results(row, "root-account-hygiene")).extracting(CheckResult::status).containsExactly(CheckStatus.NON_COMPLIANT);
            assertThat(row.checks()).filteredOn(check -> check.status() == CheckStatus.REMEDIATED).allSatisfy(check -> {
                assertThat(check.before()).as(check.checkId()).isNotEmpty();
                assertThat(check.after()).as(check.checkId()).isNotEmpty().isNotEqualTo(check.before());
            });
            CheckResult passwordPolicy = results(row, "iam-password-policy").get(0);
            assertThat(passwordPolicy.before()).isEqualTo(Map.of("PasswordPolicy", "none"));
            assertThat(passwordPolicy.after()).containsEntry("MinimumPasswordLength", 14).containsEntry("PasswordReusePrevention", 24);
            assertThat(results(row, "ebs-default-encryption").get(0).after()).isEqualTo(Map.of("EbsEncryptionByDefault", true));
            assertThat(results(row, "root-account-hygiene").get(0).detail()).startsWith("not fixed: no API can do this for the root user");
            assertThat(row.compliance().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(row.checks().size());
        }
        assertThat(fixed.summary().checks()).containsEntry("iam-password-policy", Map.of(CheckStatus.REMEDIATED, 3))
                .containsEntry("ebs-default-encryption", Map.of(CheckStatus.REMEDIATED, 6))
                .containsEntry("root-account-hygiene", Map.of(CheckStatus.NON_COMPLIANT, 3));

        assertThat(audit.status()).as(audit.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        Report audited = Json.mapper().readValue(audit.output(), Report.class);
        assertThat(audited.summary().checks()).containsOnlyKeys(CATALOG.ids())
                .containsEntry("caller-identity", Map.of(CheckStatus.COMPLIANT, 3))
                .containsEntry("iam-password-policy", Map.of(CheckStatus.COMPLIANT, 3))
                .containsEntry("s3-account-public-access-block", Map.of(CheckStatus.COMPLIANT, 3))
                .containsEntry("ebs-default-encryption", Map.of(CheckStatus.COMPLIANT, 6))
                .containsEntry("root-account-hygiene", Map.of(CheckStatus.NON_COMPLIANT, 3));
        // Whatever remediate mode fixed, a later audit finds compliant.
        fixed.summary().checks().forEach((checkId, counts) -> {
            if (counts.containsKey(CheckStatus.REMEDIATED)) {
                assertThat(audited.summary().checks().get(checkId)).as(checkId).doesNotContainKey(CheckStatus.NON_COMPLIANT);
            }
        });
    }

    @Test
    void invalidInputFailsTheExecutionWithTheFieldNamed() {
        DescribeExecutionResponse execution = runSweep(Region.EU_CENTRAL_1, "sweep-bad-input", "{\"AccountIds\": [\"12345\"]}");

        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).isEqualTo("com.auditremediation.core.error.InvalidInputException");
        assertThat(execution.cause()).contains("AccountIds[0]");
    }

    /** moto 5.2.1 runs one execution per region and server, so each test uses its own region. */
    private static DescribeExecutionResponse runSweep(Region region, String executionName, String input) {
        return LocalSweeps.run(moto, template, Map.of(), region, executionName, input);
    }

    @SuppressWarnings("unused")
    private static List<String> logs() {
        return host.logLines();
    }

    private static final com.auditremediation.core.catalog.CheckCatalog CATALOG = com.auditremediation.core.catalog.CheckCatalog.shipped();

    /** A row's results of one check, in region order, found by id. */
    private static List<CheckResult> results(ReportRow row, String checkId) {
        return row.checks().stream().filter(check -> check.checkId().equals(checkId)).toList();
    }
}
