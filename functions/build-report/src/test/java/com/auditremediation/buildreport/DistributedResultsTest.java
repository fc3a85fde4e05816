package com.auditremediation.buildreport;

import com.auditremediation.core.Json;
import com.auditremediation.core.error.ErrorCode;
import com.auditremediation.core.model.AccountBatch;
import com.auditremediation.core.model.AccountBatchResult;
import com.auditremediation.core.model.AccountItem;
import com.auditremediation.core.model.AccountListing;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.ItemsLocation;
import com.auditremediation.core.model.Report;
import com.auditremediation.core.model.ReportRow;
import com.auditremediation.core.model.SkippedAccount;
import com.auditremediation.local.LocalClients;
import com.auditremediation.local.MotoExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * BuildReport on the distributed Map path, over 10,000 accounts whose listing and results are in S3 (moto), written
 * the way Step Functions' ResultWriter writes them: a manifest naming SUCCEEDED_n.json and FAILED_n.json, each a JSON
 * array of child executions whose Input and Output are JSON text. The files are written here directly, at a scale
 * the local Map does not reach (the moto that local-aws starts writes them too: SweepDistributedMapTest), with whole
 * rows as the batches' results, which BuildReport takes as they are; summaries naming rows in the bucket, what the
 * batch function returns, are read by RowReader (RowReaderTest).
 */
class DistributedResultsTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    static final String BUCKET = "distributed-results-test";
    static final int ACCOUNTS = 10_000;
    static final int BATCH = 25;
    static final String RESULTS_PREFIX = "results/map-run-1/";

    private static S3Client s3;

    @BeforeAll
    static void setUp() {
        s3 = LocalClients.build(S3Client.builder().forcePathStyle(true), MOTO.endpoint(), Region.US_EAST_1);
    }

    @AfterAll
    static void tearDown() {
        s3.close();
    }

    @Test
    void tenThousandResultsFromS3BecomeOneReportWithEveryAccountOnceWithin256KiB() throws IOException {
        s3.createBucket(r -> r.bucket(BUCKET));
        List<AccountItem> accounts = IntStream.range(0, ACCOUNTS).mapToObj(Fixtures::account).toList();
        List<SkippedAccount> skipped = List.of(Fixtures.suspended(ACCOUNTS + 1));
        AccountListing whole = Fixtures.listing(accounts, skipped, 2);
        put("runs/r1/listing.json", Json.write(whole));
        // 400 batches: batch 7 failed as a whole (its child execution failed); one account of batch 3 has no result.
        List<Map<String, Object>> succeeded = new ArrayList<>();
        List<Map<String, Object>> failed = new ArrayList<>();
        for (int b = 0; b < ACCOUNTS / BATCH; b++) {
            List<AccountItem> items = accounts.subList(b * BATCH, (b + 1) * BATCH);
            String input = Json.write(new AccountBatch(items, new AccountBatch.BatchInput(Fixtures.CONTEXT, Fixtures.EXECUTION)));
            if (b == 7) {
                failed.add(child(input, null, "FAILED", "States.Timeout", "The execution timed out after 900 seconds"));
                continue;
            }
            List<AccountResult> results = new ArrayList<>();
            for (int i = b * BATCH; i < (b + 1) * BATCH; i++) {
                if (i == 3 * BATCH + 4) {
                    continue;
                }
                results.add(i % 1_000 == 0 ? Fixtures.roleNotAssumable(i) : Fixtures.succeeded(i));
            }
            succeeded.add(child(input, Json.write(new AccountBatchResult(results)), "SUCCEEDED", null, null));
        }
        // ResultWriter splits results over several files; two SUCCEEDED files here.
        put(RESULTS_PREFIX + "SUCCEEDED_0.json", Json.write(succeeded.subList(0, 200)));
        put(RESULTS_PREFIX + "SUCCEEDED_1.json", Json.write(succeeded.subList(200, succeeded.size())));
        put(RESULTS_PREFIX + "FAILED_0.json", Json.write(failed));
        put(RESULTS_PREFIX + "manifest.json", """
                {"DestinationBucket": "%s", "MapRunArn": "arn:aws:states:us-east-1:123456789012:mapRun:sweep/Check:map-run-1",
                 "ResultFiles": {"FAILED": [{"Key": "%sFAILED_0.json", "Size": 1}], "PENDING": [],
                                 "SUCCEEDED": [{"Key": "%sSUCCEEDED_0.json", "Size": 1}, {"Key": "%sSUCCEEDED_1.json", "Size": 1}]}}"""
                .formatted(BUCKET, RESULTS_PREFIX, RESULTS_PREFIX, RESULTS_PREFIX));
        AccountListing pointer = whole.pointingAt(new ItemsLocation(BUCKET, "runs/r1/items.json", "runs/r1/listing.json"));
        String stateInput = Json.write(Map.of(
                "listing", pointer,
                "resultsLocation", Map.of("Bucket", BUCKET, "Key", RESULTS_PREFIX + "manifest.json"),
                "executionName", Fixtures.EXECUTION));
        BuildReportHandler handler = new BuildReportHandler(new ReportBuilder(Fixtures.CLOCK, ReportBuilder.DEFAULT_BYTE_BUDGET),
                new ReportDelivery(null, null, null), () -> new DistributedResults(s3));

        long start = System.nanoTime();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(stateInput.getBytes(StandardCharsets.UTF_8)), output, null);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        Report report = Json.mapper().readValue(output.toByteArray(), Report.class);
        assertThat(stateInput.length()).isLessThan(2_048);
        assertThat(output.size()).isLessThanOrEqualTo(ReportBuilder.STATE_PAYLOAD_LIMIT);
        assertThat(report.summary().total()).isEqualTo(ACCOUNTS + 1);
        assertThat(report.summary().skipped()).isEqualTo(1);
        assertThat(report.summary().excluded()).isEqualTo(2);
        // 25 of batch 7, 1 missing in batch 3, and the role refusals at every 1,000th account (0 is in batch 0).
        assertThat(report.failuresByCode()).containsEntry(ErrorCode.TIMEOUT, BATCH)
                .containsEntry(ErrorCode.MISSING_RESULT, 1)
                .containsEntry(ErrorCode.ROLE_NOT_ASSUMABLE, ACCOUNTS / 1_000);
        assertThat(report.summary().failed()).isEqualTo(BATCH + 1 + ACCOUNTS / 1_000);
        assertThat(report.summary().succeeded()).isEqualTo(ACCOUNTS - report.summary().failed());
        // Too many rows for 256 KiB: the report keeps every failure and skip and says what it left out.
        assertThat(report.truncated()).isTrue();
        Map<String, ReportRow> kept = new LinkedHashMap<>();
        report.accounts().forEach(row -> assertThat(kept.put(row.accountId(), row)).as("duplicate row").isNull());
        assertThat(kept.values()).filteredOn(row -> row.status().name().equals("FAILED")).hasSize(report.summary().failed());
        assertThat(kept.get(Fixtures.accountId(7 * BATCH)).errorMessage()).contains("States.Timeout");
        System.out.printf("DistributedResultsTest: %d results from S3 to a %d-byte report in %d ms%n", ACCOUNTS, output.size(), elapsedMs);
    }

    @Test
    void anInlineListingNeverTouchesS3() {
        DistributedResults results = new DistributedResults(null);
        BuildReportInput input = new BuildReportInput(Fixtures.listing(List.of(Fixtures.account(1)), List.of(), 0),
                List.of(Fixtures.succeeded(1)), Fixtures.EXECUTION, Fixtures.STARTED_AT);

        assertThat(results.resolve(input)).isSameAs(input);
    }

    private static Map<String, Object> child(String input, String output, String status, String error, String cause) {
        Map<String, Object> child = new LinkedHashMap<>();
        child.put("ExecutionArn", "arn:aws:states:us-east-1:123456789012:execution:sweep/Check:" + Integer.toHexString(input.hashCode()));
        child.put("Input", input);
        child.put("InputDetails", Map.of("Included", true));
        child.put("Name", Integer.toHexString(input.hashCode()));
        if (output != null) {
            child.put("Output", output);
            child.put("OutputDetails", Map.of("Included", true));
        }
        if (error != null) {
            child.put("Error", error);
            child.put("Cause", cause);
        }
        child.put("Status", status);
        child.put("StartDate", "2025-03-01T10:00:05.000Z");
        child.put("StopDate", "2025-03-01T10:00:35.000Z");
        return child;
    }

    private static void put(String key, String json) {
        s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString(json));
    }
}
