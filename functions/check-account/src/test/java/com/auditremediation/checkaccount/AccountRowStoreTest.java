package com.auditremediation.checkaccount;

import com.auditremediation.checkaccount.checks.CheckRegistry;
import com.auditremediation.checkaccount.run.AccountBatchChecker;
import com.auditremediation.checkaccount.run.AccountChecker;
import com.auditremediation.checkaccount.testing.CapturedOut;
import com.auditremediation.checkaccount.testing.RecordingAccountClients;
import com.auditremediation.core.Env;
import com.auditremediation.core.Json;
import com.auditremediation.core.error.ErrorCode;
import com.auditremediation.core.model.AccountBatchResult;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountRows;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.local.FaultRule;
import com.auditremediation.local.LocalClients;
import com.auditremediation.local.MotoExtension;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sts.StsClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each account's row to the report bucket (moto S3, through the fault proxy), the summary to the Map: the check
 * function (inline Map, approved fixes' pass) and the batch function (distributed Map) alike.
 */
class AccountRowStoreTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    static final String BUCKET = "account-row-store-test";
    /** Checks that need no AWS managed policy in moto: a pass, a finding (password policy) and a regional one: 4 results. */
    static final String CONTEXT = """
            {"roleName": "aws-controltower-AdministratorExecutionRole", "mode": "audit",
             "checks": ["caller-identity", "iam-password-policy", "ebs-default-encryption"], "regions": ["us-east-1", "eu-west-1"]}""";

    private static StsClient sts;
    private static S3Client s3;
    private static RecordingAccountClients accountClients;
    private static AccountChecker checker;

    @BeforeAll
    static void setUp() {
        sts = LocalClients.build(StsClient.builder(), MOTO.proxyEndpoint(), Region.US_EAST_1);
        s3 = LocalClients.build(S3Client.builder().forcePathStyle(true), MOTO.proxyEndpoint(), Region.US_EAST_1);
        accountClients = new RecordingAccountClients(MOTO.proxyEndpoint());
        checker = AccountChecker.builder(sts, accountClients, Region.US_EAST_1).build();
    }

    @AfterAll
    static void tearDown() {
        sts.close();
        s3.close();
    }

    @BeforeEach
    void createBucket() {
        s3.createBucket(r -> r.bucket(BUCKET));
    }

    @Test
    void aMapItemsRowGoesToTheBucketAndTheMapGetsItsSummary() throws IOException {
        CheckAccountHandler handler = new CheckAccountHandler(checker, DirectInvocation.fromEnv(Env.of(Map.of()),
                Region.US_EAST_1), store());

        JsonNode summary = invoke(handler, """
                {"account": {"id": "111122223333", "name": "dev"}, "context": %s, "executionName": "nightly-1"}""".formatted(CONTEXT));

        String key = "runs/nightly-1/accounts/111122223333.json";
        AccountResult row = Json.mapper().readValue(read(key), AccountResult.class);
        assertThat(row.accountId()).isEqualTo("111122223333");
        assertThat(row.checks()).hasSize(4);
        assertThat(summary.get("rowKey").asText()).isEqualTo(key);
        assertThat(summary.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(summary.has("checks")).isFalse();
        assertThat(summary.has("errorMessage")).isFalse();
        assertThat(Json.mapper().convertValue(summary.get("compliance"), Map.class)).isEqualTo(counts(row));
        // A fresh moto account has no password policy and no EBS encryption by default: findings, counted by severity.
        int bySeverity = 0;
        for (JsonNode count : summary.get("severities")) {
            bySeverity += count.asInt();
        }
        assertThat(bySeverity).isEqualTo(counts(row).get("NON_COMPLIANT")).isPositive();
        assertThat(summary.toString().length()).isLessThanOrEqualTo(AccountRows.maxSummaryBytes(row.checks().size()));
    }

    @Test
    void theApprovedFixesPassWritesBesideTheSweepAndADirectInvocationGetsTheWholeRow() throws IOException {
        AccountRowStore store = store();
        AccountResult fixRow = AccountResult.succeeded("111122223333", List.of(CheckResult.remediated("iam-password-policy", null, "iam:UpdateAccountPasswordPolicy", Map.of("MinimumPasswordLength", 8), Map.of("MinimumPasswordLength", 14))), 5L);
        CheckAccountHandler handler = new CheckAccountHandler(checker, DirectInvocation.fromEnv(Env.of(Map.of()),
                Region.US_EAST_1), store);

        AccountResult summary = store.store(fixRow, "fix-1", true);
        JsonNode direct = invoke(handler, "{\"TargetAccountId\": \"111122223333\", \"Checks\": [\"caller-identity\"]}");

        assertThat(summary.rowKey()).isEqualTo("runs/fix-1/fixes/111122223333.json");
        assertThat(Json.mapper().readValue(read(summary.rowKey()), AccountResult.class)).isEqualTo(fixRow);
        assertThat(summary.compliance()).isEqualTo(Map.of(CheckStatus.REMEDIATED, 1));
        assertThat(direct.get("checks")).hasSize(1);
        assertThat(direct.has("rowKey")).isFalse();
        assertThat(keys()).containsExactly("runs/fix-1/fixes/111122223333.json");
    }

    /** The batch function's output holds summaries only, one per account in the batch's order; the rows are in the bucket. */
    @Test
    void theBatchFunctionWritesEveryAccountsRowAndReturnsTheirSummaries() throws IOException {
        CheckAccountBatchHandler handler = new CheckAccountBatchHandler(new AccountBatchChecker(checker, 4, Duration.ofMillis(10)), store());
        List<String> ids = IntStream.range(0, 6).mapToObj(i -> String.format("1111222200%02d", i)).toList();
        MOTO.inject(FaultRule.stsAccessDenied(ids.get(2)));
        String items = String.join(",", ids.stream().map(id -> "{\"id\": \"" + id + "\"}").toList());

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(("{\"Items\": [" + items + "], \"BatchInput\": {\"context\": " + CONTEXT
                + ", \"executionName\": \"big-sweep\"}}").getBytes(StandardCharsets.UTF_8)), output, null);
        AccountBatchResult batch = Json.mapper().readValue(output.toByteArray(), AccountBatchResult.class);

        assertThat(batch.results()).extracting(AccountResult::accountId).containsExactlyElementsOf(ids);
        assertThat(batch.results()).allSatisfy(summary -> {
            assertThat(summary.checks()).isNull();
            assertThat(summary.rowKey()).isEqualTo("runs/big-sweep/accounts/" + summary.accountId() + ".json");
        });
        assertThat(batch.results().get(2).status()).isEqualTo(AccountStatus.FAILED);
        assertThat(batch.results().get(2).errorCode()).isEqualTo(ErrorCode.ROLE_NOT_ASSUMABLE);
        assertThat(Json.mapper().readValue(read(batch.results().get(2).rowKey()), AccountResult.class).errorMessage())
                .startsWith("Could not assume");
        assertThat(keys()).hasSize(6);
    }

    /**
     * A write that S3 refuses (the role may not put there: AccessDenied, injected since moto allows everything) keeps the
     * counts in the summary with the error code, and the whole row in the function's log, never inline in the Map.
     */
    @Test
    void aRowThatCannotBeWrittenIsLoggedWholeAndItsSummarySaysWhy() throws IOException {
        MOTO.inject(new FaultRule("s3:PutObject denied", request -> request.method().equals("PUT") && request.path().contains("/runs/"),
                FaultRule.UNLIMITED, 403, "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code>"
                + "<Message>Access Denied</Message><RequestId>6N8X1W4N4QWZ2K3C</RequestId></Error>"));
        CheckAccountHandler handler = new CheckAccountHandler(checker, DirectInvocation.fromEnv(Env.of(Map.of()),
                Region.US_EAST_1), store());

        List<String> lines;
        JsonNode summary;
        try (CapturedOut out = CapturedOut.start()) {
            summary = invoke(handler, """
                    {"account": {"id": "111122223333"}, "context": %s, "executionName": "nightly-2"}""".formatted(CONTEXT));
            lines = out.lines();
        }

        assertThat(summary.get("rowError").asText()).isEqualTo("AccessDenied");
        assertThat(summary.get("rowKey").asText()).isEqualTo("runs/nightly-2/accounts/111122223333.json");
        assertThat(summary.get("compliance").size()).isPositive();
        assertThat(summary.has("checks")).isFalse();
        JsonNode logged = lines.stream().map(AccountRowStoreTest::parse).filter(line -> line.get("event").asText().equals("account.row-not-stored"))
                .findFirst().orElseThrow();
        assertThat(logged.get("bucket").asText()).isEqualTo(BUCKET);
        assertThat(logged.get("errorCode").asText()).isEqualTo("AccessDenied");
        assertThat(logged.get("fix").asText()).contains("runs/*");
        assertThat(logged.get("row").get("checks")).hasSize(4);
        assertThat(keys()).isEmpty();
    }

    @Test
    void withoutABucketTheRowIsReturnedWhole() {
        AccountResult row = AccountResult.succeeded("111122223333", List.of(CheckResult.compliant("caller-identity", null)), 3L);

        assertThat(AccountRowStore.inline().store(row, "nightly-3", false)).isSameAs(row);
        assertThat(new AccountRowStore(s3, " ", CheckRegistry.create().catalog()).stores()).isFalse();
    }

    /** The credentials STS issued for the member accounts appear in no summary and no object of the bucket. */
    @Test
    void noCredentialReachesTheBucketOrTheSummaries() throws IOException {
        CheckAccountHandler handler = new CheckAccountHandler(checker, DirectInvocation.fromEnv(Env.of(Map.of()),
                Region.US_EAST_1), store());
        int before = accountClients.credentials().size();
        List<String> seen = new ArrayList<>();
        for (String id : List.of("111122223333", "444455556666", "777788889999")) {
            seen.add(invoke(handler, """
                    {"account": {"id": "%s"}, "context": %s, "executionName": "nightly-4"}""".formatted(id, CONTEXT)).toString());
        }
        for (String key : keys()) {
            seen.add(read(key));
        }

        List<AwsCredentials> issued = accountClients.credentials().subList(before, accountClients.credentials().size());
        assertThat(issued).isNotEmpty();
        assertThat(keys()).hasSize(3);
        String everything = String.join("\n", seen);
        for (AwsCredentials credentials : issued) {
            AwsSessionCredentials session = (AwsSessionCredentials) credentials;
            assertThat(everything).doesNotContain(session.accessKeyId()).doesNotContain(session.secretAccessKey())
                    .doesNotContain(session.sessionToken());
        }
    }

    private static AccountRowStore store() {
        return new AccountRowStore(s3, BUCKET, CheckRegistry.create().catalog());
    }

    private static Map<String, Integer> counts(AccountResult row) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        row.checks().forEach(check -> counts.merge(check.status().name(), 1, Integer::sum));
        return counts;
    }

    private static JsonNode invoke(CheckAccountHandler handler, String input) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), output, null);
        return Json.mapper().readTree(output.toByteArray());
    }

    private static String read(String key) {
        return s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asUtf8String();
    }

    private static List<String> keys() {
        return s3.listObjectsV2(r -> r.bucket(BUCKET)).contents().stream().map(S3Object::key).toList();
    }

    private static JsonNode parse(String line) {
        try {
            return Json.mapper().readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException("not a JSON log line: " + line, e);
        }
    }
}
