package com.auditremediation.systemtests;

import com.auditremediation.core.Json;
import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.core.error.ErrorCode;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.Report;
import com.auditremediation.core.model.ReportRow;
import com.auditremediation.local.DemoOrganization;
import com.auditremediation.local.LambdaHost;
import com.auditremediation.local.LocalClients;
import com.auditremediation.local.MotoServer;
import com.auditremediation.local.OrganizationSpec;
import com.auditremediation.local.SamTemplate;
import com.auditremediation.local.SweepStateMachine;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The distributed Map path end to end in moto: 30 accounts, MapMode auto with a threshold of 20 accounts (so auto goes
 * distributed, as it would above 400 on AWS), 10 accounts a batch. ListAccounts writes the batches to S3, moto's
 * interpreter reads them with ItemReader (its S3 calls go to MOTO_PORT, the local Lambda host, which forwards them to
 * moto), runs one child execution per batch on the batch function, which writes each account's row to the bucket and
 * returns their summaries, and ResultWriter writes the children's results (moto patched by local-aws's MotoPatches to
 * write them as AWS does) and a manifest that BuildReport follows before it reads the rows.
 *
 * <p>One batch fails as a whole: the local Lambda host answers its invocation as Lambda reports a function that timed
 * out (Sandbox.Timedout), which the Check batch state does not retry. Its accounts come back through FAILED_0.json as
 * FAILED rows with the batch's error; every other account's row is read back from the bucket.
 */
class SweepDistributedMapTest {

    private static final String ACCOUNT = "123456789012";
    private static final int ACCOUNTS = 30;
    private static final String BUCKET = "audit-remediation-reportbucket";
    private static final String EXECUTION = "sweep-distributed";
    /** Session keys as STS issues them, and the words credentials travel under: none may be in any object. */
    private static final Pattern CREDENTIALS = Pattern.compile("ASIA[A-Z0-9]{16}|(?i)secretAccessKey|sessionToken");

    private static MotoServer moto;
    private static LambdaHost host;
    private static SamTemplate template;
    private static DemoOrganization.Seeded organization;

    @BeforeAll
    static void startLocalAws() {
        int hostPort = MotoServer.freePort();
        moto = LocalSweeps.startMoto(hostPort);
        host = LambdaHost.start(new LambdaHost.Config(ProjectFiles.TEMPLATE, hostPort, Map.of("MapMode", "auto"),
                withSmallerBatches(LocalSweeps.environment(moto.endpoint())),
                "us-east-1", ACCOUNT, Path.of("target", "lambda-logs-distributed"), moto.endpoint()));
        template = SamTemplate.load(ProjectFiles.TEMPLATE);
        List<OrganizationSpec.Account> accounts = new ArrayList<>();
        for (int i = 1; i <= ACCOUNTS; i++) {
            accounts.add(new OrganizationSpec.Account(String.format("member-%02d", i), null, null, null));
        }
        organization = LocalSweeps.seed(moto, new OrganizationSpec(List.of(), accounts));
        try (S3Client s3 = s3()) {
            s3.createBucket(r -> r.bucket(BUCKET));
        }
    }

    @AfterAll
    static void stopLocalAws() throws Exception {
        Executions.closeAll(host, moto);
    }

    @Test
    void thirtyAccountsGoThroughTheDistributedMapAndAFailedBatchsAccountsAreFailedWithItsError() throws Exception {
        String failing = organization.byName("member-15").id();
        String batchFunction = template.function("CheckAccountBatchFunction", host.context()).functionName();
        host.injectFunctionError(batchFunction, failing, "Sandbox.Timedout",
                "RequestId: 5f7c0b4e Error: Task timed out after 900.00 seconds", 10);
        try (SfnClient sfn = LocalClients.build(SfnClient.builder(), moto.endpoint(), Region.US_EAST_1); S3Client s3 = s3()) {
            SamTemplate.Context context = SamTemplate.Context.of(template, Map.of(), "us-east-1", ACCOUNT);
            String stateMachineArn = SweepStateMachine.create(sfn, template, context);
            String executionArn = sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).name(EXECUTION).input("{}")).executionArn();
            DescribeExecutionResponse execution = Executions.await(sfn, executionArn);
            List<HistoryEvent> history = sfn.getExecutionHistory(r -> r.executionArn(executionArn).maxResults(1000)).events();

            assertThat(execution.status()).as(execution.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
            Set<String> entered = history.stream().filter(e -> e.stateEnteredEventDetails() != null)
                    .map(e -> e.stateEnteredEventDetails().name()).collect(Collectors.toSet());
            assertThat(entered).as("MapMode auto chose the distributed Map above the threshold")
                    .contains("List accounts", "Choose map", "Check each batch", "Build report from S3")
                    .doesNotContain("Check each account", "Build report");
            assertThat(history).extracting(e -> e.typeAsString()).contains("MapRunStarted", "MapRunSucceeded");
            List<JsonNode> batches = host.logLines().stream().filter(line -> line.contains("\"event\":\"batch.end\""))
                    .map(SweepDistributedMapTest::json).toList();
            assertThat(batches).as("the failed batch never reached the function").hasSize(ACCOUNTS / 10 - 1);
            assertThat(batches).allSatisfy(b -> assertThat(b.get("accounts").asInt()).isEqualTo(10));

            // ResultWriter's files, as AWS writes them: the failed child in FAILED_0.json with its input and error.
            List<String> keys = keys(s3);
            String manifestKey = keys.stream().filter(k -> k.startsWith("results/") && k.endsWith("/manifest.json")).findFirst().orElseThrow();
            JsonNode manifest = object(s3, manifestKey);
            assertThat(manifest.get("ResultFiles").get("SUCCEEDED")).hasSize(1);
            JsonNode failedChildren = object(s3, manifest.get("ResultFiles").get("FAILED").get(0).get("Key").asText());
            assertThat(failedChildren).singleElement().satisfies(child -> {
                assertThat(child.get("Status").asText()).isEqualTo("FAILED");
                assertThat(child.get("Error").asText()).isEqualTo("Sandbox.Timedout");
                assertThat(child.get("Input").asText()).contains(failing).contains("BatchInput");
            });
            List<String> failedBatch = new ArrayList<>();
            Json.mapper().readTree(failedChildren.get(0).get("Input").asText()).get("Items").forEach(item -> failedBatch.add(item.get("id").asText()));
            JsonNode succeededChildren = object(s3, manifest.get("ResultFiles").get("SUCCEEDED").get(0).get("Key").asText());
            assertThat(succeededChildren).hasSize(ACCOUNTS / 10 - 1).allSatisfy(child ->
                    assertThat(Json.mapper().readTree(child.get("Output").asText()).get("results"))
                            .allSatisfy(summary -> assertThat(summary.has("checks")).as("a summary, not the row").isFalse()));

            Report report = Json.mapper().readValue(execution.output(), Report.class);
            Map<String, ReportRow> rows = report.accounts().stream().collect(Collectors.toMap(ReportRow::accountId, row -> row));
            assertThat(report.accounts()).hasSize(ACCOUNTS + 1);
            assertThat(rows.keySet()).containsAll(organization.accounts().stream().map(DemoOrganization.SeededAccount::id).toList());
            assertThat(rows.get(organization.managementAccountId()).errorCode()).isEqualTo(ErrorCode.MANAGEMENT_ACCOUNT);
            assertThat(failedBatch).hasSize(10).contains(failing);
            assertThat(report.failuresByCode()).containsOnly(Map.entry(ErrorCode.TIMEOUT, 10));
            for (DemoOrganization.SeededAccount account : organization.accounts()) {
                ReportRow row = rows.get(account.id());
                if (failedBatch.contains(account.id())) {
                    assertThat(row.status()).isEqualTo(AccountStatus.FAILED);
                    assertThat(row.errorMessage()).startsWith("Sandbox.Timedout: RequestId: 5f7c0b4e Error: Task timed out");
                } else {
                    assertThat(row.status()).as(account.name()).isEqualTo(AccountStatus.SUCCEEDED);
                    assertThat(row.checks()).as("the row read back from the bucket").hasSize(CheckCatalog.shipped().ids().size());
                    assertThat(keys).contains("runs/" + EXECUTION + "/accounts/" + account.id() + ".json");
                }
            }
            // The rows and the Map's files carry no credential.
            for (String key : keys) {
                assertThat(CREDENTIALS.matcher(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asUtf8String()).find()).as(key).isFalse();
            }
        }
    }

    private static List<String> keys(S3Client s3) {
        return s3.listObjectsV2Paginator(r -> r.bucket(BUCKET)).contents().stream().map(S3Object::key).toList();
    }

    private static JsonNode object(S3Client s3, String key) throws IOException {
        return Json.mapper().readTree(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asByteArray());
    }

    private static S3Client s3() {
        return LocalClients.build(S3Client.builder().forcePathStyle(true), moto.endpoint(), Region.US_EAST_1);
    }

    private static JsonNode json(String line) {
        try {
            return Json.mapper().readTree(line.substring(line.indexOf('{')));
        } catch (Exception e) {
            throw new IllegalStateException("not a JSON log line: " + line, e);
        }
    }

    /** MapMode auto goes distributed above 20 accounts, in batches of 10: 30 accounts make three child executions. */
    private static Map<String, String> withSmallerBatches(Map<String, String> environment) {
        Map<String, String> variables = new java.util.HashMap<>(environment);
        variables.put("DISTRIBUTED_THRESHOLD", "20");
        variables.put("BATCH_SIZE", "10");
        return variables;
    }
}
