package com.auditremediation.systemtests;

import com.auditremediation.core.AwsClients;
import com.auditremediation.core.Json;
import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.core.error.ErrorCode;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountRows;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Report;
import com.auditremediation.core.model.ReportRow;
import com.auditremediation.listaccounts.DistributedSettings;
import com.auditremediation.local.DemoOrganization;
import com.auditremediation.local.FaultProxy;
import com.auditremediation.local.FaultRule;
import com.auditremediation.local.LambdaHost;
import com.auditremediation.local.LocalClients;
import com.auditremediation.local.MotoServer;
import com.auditremediation.local.OrganizationSpec;
import com.auditremediation.local.SamTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.IamClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inline Map's output does not grow with the findings: the real state machine on moto, every check in three
 * regions, over a generated worst case (an account where nearly every result is a finding, with 25 console users
 * without MFA under the longest names IAM allows, so that evidence is at its cap), a new account, and one whose role
 * is refused. Each iteration returns a summary within {@link AccountRows#maxSummaryBytes}, a bound that depends only on
 * how many results an account has, while the rows in the report bucket are many times larger; and 400 summaries at
 * that bound fit the Map's output with a margin.
 */
class MapSummaryBoundTest {

    private static final String ACCOUNT = "123456789012";
    private static final String BUCKET = "audit-remediation-reportbucket";
    private static final String EXECUTION = "worst-case";
    private static final List<String> REGIONS = List.of("us-east-1", "eu-west-1", "ap-southeast-2");
    private static final int CONSOLE_USERS = 25;
    private static final int PAYLOAD_LIMIT = 262_144;

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
        host = LambdaHost.start(new LambdaHost.Config(ProjectFiles.TEMPLATE, hostPort, Map.of(), LocalSweeps.environment(proxy.endpoint()),
                "us-east-1", ACCOUNT, Path.of("target", "lambda-logs-summary-bound"), moto.endpoint()));
        template = SamTemplate.load(ProjectFiles.TEMPLATE);
        organization = LocalSweeps.seed(moto, new OrganizationSpec(List.of(), List.of(
                new OrganizationSpec.Account("worst-case", null, null, null),
                new OrganizationSpec.Account("fresh", null, null, null),
                new OrganizationSpec.Account("refused", null, null, null))));
        proxy.add(FaultRule.stsAccessDenied(organization.byName("refused").id()));
        try (S3Client s3 = s3()) {
            s3.createBucket(r -> r.bucket(BUCKET));
        }
        try (IamClient iam = member(IamClient.builder(), organization.byName("worst-case").id())) {
            for (int i = 0; i < CONSOLE_USERS; i++) {
                // 64 characters, IAM's longest user name: each one listed in the evidence makes it longer.
                String name = String.format("console-user-without-mfa-and-with-the-longest-name-iam-allows-%02d", i);
                iam.createUser(r -> r.userName(name));
                iam.createLoginProfile(r -> r.userName(name).password("Initial-Password-0001!"));
            }
        }
    }

    @AfterAll
    static void stopLocalAws() throws Exception {
        Executions.closeAll(host, proxy, moto);
    }

    @Test
    void everyIterationsSummaryStaysWithinItsBoundWhateverTheFindingsAnd400FitTheMapsOutput() throws Exception {
        String input = Json.write(Map.of("Regions", REGIONS));
        DescribeExecutionResponse execution = LocalSweeps.run(moto, template, Map.of(), Region.US_EAST_1, EXECUTION, input);

        assertThat(execution.status()).as(execution.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        int resultsPerAccount = CheckCatalog.shipped().descriptors().stream().mapToInt(check -> check.regional() ? REGIONS.size() : 1).sum();
        int bound = AccountRows.maxSummaryBytes(resultsPerAccount);
        JsonNode mapOutput = mapOutput(execution.executionArn());
        List<JsonNode> summaries = new ArrayList<>();
        mapOutput.get("results").forEach(summaries::add);
        assertThat(summaries).hasSize(3);
        Map<String, JsonNode> byAccount = summaries.stream().collect(Collectors.toMap(s -> s.get("accountId").asText(), s -> s));

        JsonNode worstSummary = byAccount.get(organization.byName("worst-case").id());
        AccountResult worstRow;
        byte[] worstRowBytes;
        try (S3Client s3 = s3()) {
            worstRowBytes = s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(worstSummary.get("rowKey").asText())).asByteArray();
        }
        worstRow = Json.mapper().readValue(worstRowBytes, AccountResult.class);
        long findings = worstRow.checks().stream().filter(check -> check.status() == CheckStatus.NON_COMPLIANT).count();
        CheckResult consoleUsers = worstRow.checks().stream().filter(check -> check.checkId().equals("iam-console-user-mfa")).findFirst().orElseThrow();
        int largestSummary = summaries.stream().mapToInt(s -> s.toString().getBytes(StandardCharsets.UTF_8).length).max().orElseThrow();
        System.out.printf("MapSummaryBoundTest: %d results an account; the worst case's row %,d bytes with %d findings, its summary %d"
                        + " bytes; the largest summary %d bytes, the bound %d%n", resultsPerAccount, worstRowBytes.length, findings,
                worstSummary.toString().length(), largestSummary, bound);

        // The worst case is one: nearly every result a finding, the evidence at its cap, in every region.
        assertThat(worstRow.checks()).hasSize(resultsPerAccount);
        assertThat(findings).isGreaterThanOrEqualTo(resultsPerAccount * 2L / 3);
        assertThat(Json.write(consoleUsers)).contains("and " + (CONSOLE_USERS - 10) + " more");
        assertThat(worstRow.checks()).extracting(CheckResult::region).containsAll(REGIONS);
        // Each summary: counts and a key, within the bound, whatever its account's findings; the rows stay in the bucket.
        assertThat(summaries).allSatisfy(summary -> {
            assertThat(summary.toString().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(bound);
            assertThat(summary.has("checks")).isFalse();
            assertThat(summary.has("errorMessage")).isFalse();
        });
        assertThat(worstRowBytes.length).isGreaterThan(10 * worstSummary.toString().length());
        assertThat(worstSummary.get("compliance").get("NON_COMPLIANT").asLong()).isEqualTo(findings);
        assertThat(byAccount.get(organization.byName("refused").id()).get("errorCode").asText()).isEqualTo("ROLE_NOT_ASSUMABLE");

        // 400 accounts: this run's listing grown to 400 items as long as its longest, and 400 summaries at the bound.
        JsonNode listing = mapOutput.get("listing");
        int longestItem = 0;
        for (JsonNode item : listing.get("accounts")) {
            longestItem = Math.max(longestItem, item.toString().getBytes(StandardCharsets.UTF_8).length);
        }
        int rest = mapOutput.toString().getBytes(StandardCharsets.UTF_8).length - summaries.stream().mapToInt(s -> s.toString().length() + 1).sum()
                - listing.get("accounts").size() * (longestItem + 1);
        long fourHundred = rest + 400L * (longestItem + 1) + 400L * (bound + 1);
        System.out.printf("MapSummaryBoundTest: 400 accounts inline at the bound: %,d bytes, %.0f%% of %,d%n", fourHundred,
                100.0 * fourHundred / PAYLOAD_LIMIT, PAYLOAD_LIMIT);
        assertThat(fourHundred).isLessThan(PAYLOAD_LIMIT * 85L / 100);
        assertThat(DistributedSettings.DEFAULT_THRESHOLD).isEqualTo(400);

        // BuildReport read every row back: the report has the worst case's whole results.
        Report report = Json.mapper().readValue(execution.output(), Report.class);
        ReportRow worst = report.accounts().stream().filter(row -> row.accountId().equals(worstRow.accountId())).findFirst().orElseThrow();
        assertThat(worst.checks()).isEqualTo(worstRow.checks());
        assertThat(report.failuresByCode()).containsOnly(Map.entry(ErrorCode.ROLE_NOT_ASSUMABLE, 1));
    }

    /** The output of the state "Check each account", as the execution's history records it: the state's input and $.results. */
    private static JsonNode mapOutput(String executionArn) throws Exception {
        try (SfnClient sfn = LocalClients.build(SfnClient.builder(), moto.endpoint(), Region.US_EAST_1)) {
            List<HistoryEvent> history = sfn.getExecutionHistory(r -> r.executionArn(executionArn).maxResults(1000)).events();
            HistoryEvent exited = history.stream().filter(e -> e.stateExitedEventDetails() != null
                    && e.stateExitedEventDetails().name().equals("Check each account")).findFirst().orElseThrow();
            return Json.mapper().readTree(exited.stateExitedEventDetails().output());
        }
    }

    private static S3Client s3() {
        return LocalClients.build(S3Client.builder().forcePathStyle(true), moto.endpoint(), Region.US_EAST_1);
    }

    /** An IAM client acting in {@code accountId} in moto, which picks the account from AssumeRole credentials. */
    private static IamClient member(IamClientBuilder builder, String accountId) {
        Credentials issued;
        try (StsClient sts = LocalClients.build(StsClient.builder(), moto.endpoint(), Region.US_EAST_1)) {
            issued = sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + accountId + ":role/test-seed").roleSessionName("seed")).credentials();
        }
        return builder.httpClient(AwsClients.httpClient()).endpointOverride(moto.endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(issued.accessKeyId(),
                        issued.secretAccessKey(), issued.sessionToken()))).build();
    }
}
