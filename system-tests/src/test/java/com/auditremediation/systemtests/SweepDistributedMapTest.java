package com.auditremediation.systemtests;

import com.auditremediation.core.Json;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * The distributed Map path end to end in moto: 30 accounts, MapMode=distributed, 10 accounts a batch. ListAccounts
 * writes the batches to S3, moto's interpreter reads them with ItemReader (its S3 calls go to MOTO_PORT, the local
 * Lambda host, which forwards them to moto), runs one child execution per batch on the batch function, and
 * ResultWriter writes a manifest that BuildReport follows.
 *
 * <p>What moto 5.2.1 cannot do, and this test pins so that an upgrade shows it: its ResultWriter writes only a
 * manifest whose ResultFiles are empty ("TODO: generate result files" in its resource_eval_s3.py), so BuildReport
 * finds no result and reports every listed account as MISSING_RESULT, exactly once. Reading real result files is
 * tested in build-report's DistributedResultsTest.
 */
class SweepDistributedMapTest {

    private static final String ACCOUNT = "123456789012";
    private static final int ACCOUNTS = 30;
    private static final String BUCKET = "audit-remediation-reportbucket";

    private static MotoServer moto;
    private static LambdaHost host;
    private static SamTemplate template;
    private static DemoOrganization.Seeded organization;

    @BeforeAll
    static void startLocalAws() {
        int hostPort = MotoServer.freePort();
        moto = LocalSweeps.startMoto(hostPort);
        host = LambdaHost.start(new LambdaHost.Config(ProjectFiles.TEMPLATE, hostPort, Map.of("MapMode", "distributed"),
                withBatchSize(LocalSweeps.environment(moto.endpoint())),
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
    void thirtyAccountsGoThroughTheDistributedMapInThreeBatchesAndEachIsReportedOnce() throws Exception {
        try (SfnClient sfn = LocalClients.build(SfnClient.builder(), moto.endpoint(), Region.US_EAST_1); S3Client s3 = s3()) {
            SamTemplate.Context context = SamTemplate.Context.of(template, Map.of("MapMode", "distributed"), "us-east-1", ACCOUNT);
            String stateMachineArn = SweepStateMachine.create(sfn, template, context);
            String executionArn = sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).name("sweep-distributed").input("{}")).executionArn();
            DescribeExecutionResponse execution = Executions.await(sfn, executionArn);
            List<HistoryEvent> history = sfn.getExecutionHistory(r -> r.executionArn(executionArn).maxResults(1000)).events();

            assertThat(execution.status()).as(execution.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
            Set<String> entered = history.stream().filter(e -> e.stateEnteredEventDetails() != null)
                    .map(e -> e.stateEnteredEventDetails().name()).collect(Collectors.toSet());
            assertThat(entered).contains("List accounts", "Choose map", "Check each batch", "Build report from S3")
                    .doesNotContain("Check each account", "Build report");
            assertThat(history).extracting(e -> e.typeAsString()).contains("MapRunStarted", "MapRunSucceeded");
            List<JsonNode> batches = host.logLines().stream().filter(line -> line.contains("\"event\":\"batch.end\""))
                    .map(SweepDistributedMapTest::json).toList();
            assertThat(batches).hasSize(ACCOUNTS / 10);
            assertThat(batches).allSatisfy(b -> assertThat(b.get("accounts").asInt()).isEqualTo(10));
            List<String> keys = s3.listObjectsV2(r -> r.bucket(BUCKET)).contents().stream().map(S3Object::key).toList();
            assertThat(keys).anyMatch(k -> k.startsWith("runs/") && k.endsWith("/items.json"))
                    .anyMatch(k -> k.startsWith("results/") && k.endsWith("/manifest.json"));

            Report report = Json.mapper().readValue(execution.output(), Report.class);
            Map<String, ReportRow> rows = report.accounts().stream().collect(Collectors.toMap(ReportRow::accountId, row -> row));
            assertThat(report.accounts()).hasSize(ACCOUNTS + 1);
            assertThat(rows.keySet()).containsAll(organization.accounts().stream().map(DemoOrganization.SeededAccount::id).toList());
            assertThat(rows.get(organization.managementAccountId()).errorCode()).isEqualTo(ErrorCode.MANAGEMENT_ACCOUNT);
            // moto 5.2.1's ResultWriter writes no result files (see the class comment): every checked account is MISSING_RESULT.
            assertThat(report.failuresByCode()).containsOnly(Map.entry(ErrorCode.MISSING_RESULT, ACCOUNTS));
            assertThat(report.summary().failed()).isEqualTo(ACCOUNTS);
            assertThat(rows.get(organization.byName("member-01").id()).status()).isEqualTo(AccountStatus.FAILED);
        }
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

    /** Batches of 10 instead of 25, so that 30 accounts make three child executions. */
    private static Map<String, String> withBatchSize(Map<String, String> environment) {
        Map<String, String> variables = new java.util.HashMap<>(environment);
        variables.put("BATCH_SIZE", "10");
        return variables;
    }
}
