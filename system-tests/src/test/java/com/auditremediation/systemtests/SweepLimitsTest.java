package com.auditremediation.systemtests;

import com.auditremediation.buildreport.ReportBuilder;
import com.auditremediation.core.Json;
import com.auditremediation.core.model.AccountBatch;
import com.auditremediation.core.model.AccountBatchResult;
import com.auditremediation.core.model.AccountItem;
import com.auditremediation.core.model.AccountListing;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountRows;
import com.auditremediation.core.model.CaughtError;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.ItemsLocation;
import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.error.CallTimeoutException;
import com.auditremediation.core.error.TransientFailureException;
import com.auditremediation.core.runtime.FunctionError;
import com.auditremediation.core.model.Mode;
import com.auditremediation.core.model.RunContext;
import com.auditremediation.listaccounts.DistributedSettings;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two Step Functions limits that bound a sweep, computed from statemachine/sweep.asl.json for 10,000 accounts on
 * each path: no state input or output above 256 KiB, and no execution history above 25,000 events.
 *
 * <p>History events are counted per state type as Step Functions records them on the happy path (no retries; each
 * retry of a Lambda task adds 3 more: scheduled, started, failed): an execution 2 (started, succeeded); a Task 5
 * (entered, scheduled, started, succeeded, exited); Choice, Pass and Succeed 2 (entered, exited); an inline Map 4
 * (entered, started, succeeded, exited) plus, per iteration, 2 (iteration started, succeeded) and its states; a
 * distributed Map 6 (entered, started, Map Run started and succeeded, succeeded, exited) whatever its item count,
 * as its iterations are child executions with histories of their own.
 *
 * <p>State payloads are built from the real contracts: 10,000 accounts with 30-character names, and each account's
 * result with every check in 4 regions, all NON_COMPLIANT with their evidence (the largest result a sweep makes); the
 * Maps carry that result's summary (its row is in the report bucket), at its largest ({@link AccountRows#maxSummaryBytes}).
 */
class SweepLimitsTest {

    static final int ACCOUNTS = 10_000;
    static final int PAYLOAD_LIMIT = 262_144;
    static final int HISTORY_LIMIT = 25_000;
    static final RunContext CONTEXT = new RunContext("aws-controltower-AdministratorExecutionRole", Mode.AUDIT, CheckCatalog.shipped().ids(),
            List.of("eu-west-1", "eu-central-1", "us-east-1", "us-west-2"));

    private final JsonNode definition = readDefinition();
    private final JsonNode states = definition.get("States");

    @Test
    void theInlinePathExceedsBothLimitsAt10000Accounts() {
        List<String> path = pathThrough("Check each account");
        assertThat(path).as("the Choice leads to the Map").contains("Check each account");
        assertThat(states.get("Check each account").at("/ItemProcessor/ProcessorConfig/Mode").asText()).isEqualTo("INLINE");

        long events = 2 + path.stream().mapToLong(name -> events(states.get(name), ACCOUNTS)).sum();
        Map<String, Integer> payloads = inlinePayloads();

        report("inline", path, events, payloads);
        assertThat(events).isGreaterThan(HISTORY_LIMIT);
        // 22: the states around the Map, the Choice after it ("Approval required?") included.
        assertThat(events).isEqualTo(22 + 7L * ACCOUNTS);
        assertThat(payloads.get("List accounts output")).isGreaterThan(PAYLOAD_LIMIT);
        assertThat(payloads.get("Check each account output")).isGreaterThan(PAYLOAD_LIMIT);
        // The most accounts the history allows, without retries: about 3,570; the payload binds far earlier.
        assertThat((HISTORY_LIMIT - 22) / 7).isBetween(3_500, 3_600);
    }

    /**
     * What MapMode auto relies on: 400 accounts with every summary at its largest leave a margin in the inline Map's
     * output, whatever their findings; and the most accounts auto ever sends inline ({@link DistributedSettings#MAX_INLINE_ACCOUNTS})
     * fit the history twice over (the approval run's fix pass) with a retry of every iteration.
     */
    @Test
    void theInlinePathHolds400AccountsWhateverTheirFindingsAndTheMostAutoSendsThere() {
        int accounts = DistributedSettings.DEFAULT_THRESHOLD;
        AccountListing listing = listing(accounts);
        List<AccountResult> summaries = IntStream.range(0, accounts).mapToObj(SweepLimitsTest::largestSummary).toList();
        int resultsPerAccount = largestResult(0).checks().size();

        int output = bytes(Map.of("Mode", "audit", "listing", listing, "results", summaries));
        int bound = Json.write(Map.of("Mode", "audit", "listing", listing)).length() + 16 + accounts * (AccountRows.maxSummaryBytes(resultsPerAccount) + 1);
        System.out.printf("SweepLimitsTest: 400 accounts inline, every summary at its largest (%d bytes for %d results): %,d bytes of %,d"
                + " (%.0f%%); the bound auto uses: %,d%n", AccountRows.maxSummaryBytes(resultsPerAccount), resultsPerAccount, output,
                PAYLOAD_LIMIT, 100.0 * output / PAYLOAD_LIMIT, bound);
        assertThat(summaries).allSatisfy(summary -> assertThat(bytes(summary)).isLessThanOrEqualTo(AccountRows.maxSummaryBytes(resultsPerAccount)));
        assertThat(output).isLessThanOrEqualTo(bound);
        assertThat(bound).isLessThan(PAYLOAD_LIMIT * 85 / 100);

        long sweepIteration = events(states.get("Check each account"), 1) - events(states.get("Check each account"), 0);
        long fixIteration = events(states.get("Fix approved items"), 1) - events(states.get("Fix approved items"), 0);
        long withRetries = 22 + 40 + (sweepIteration + 3 + fixIteration + 3) * (long) DistributedSettings.MAX_INLINE_ACCOUNTS;
        assertThat(sweepIteration).isEqualTo(7);
        assertThat(fixIteration).isEqualTo(7);
        assertThat(withRetries).isLessThanOrEqualTo(HISTORY_LIMIT);
    }

    /**
     * The other thing an iteration can return: when an account's retries are spent, the Map's Catch keeps the error as
     * Lambda reports our exception (stackless, its message capped). 400 accounts all failing so, the longest message
     * each, still fit the inline Map's output: a sweep in an outage is a report of FAILED rows, not a size error.
     */
    @Test
    void aSweepWhoseEveryAccountIsCaughtAfterItsRetriesStillFitsTheInlineMap() {
        int accounts = DistributedSettings.DEFAULT_THRESHOLD;
        TransientFailureException spent = new CallTimeoutException("x".repeat(TransientFailureException.MAX_MESSAGE * 2), null);
        List<AccountResult> caught = IntStream.range(0, accounts).mapToObj(i -> AccountResult.caught(
                String.valueOf(210_000_000_000L + i * 7_919L), new CaughtError(spent.getClass().getName(), FunctionError.payload(spent)))).toList();

        int output = bytes(Map.of("Mode", "audit", "listing", listing(accounts), "results", caught));

        System.out.printf("SweepLimitsTest: 400 accounts caught after their retries: %d bytes each, %,d bytes of %,d (%.0f%%)%n",
                bytes(caught.get(0)), output, PAYLOAD_LIMIT, 100.0 * output / PAYLOAD_LIMIT);
        assertThat(output).isLessThan(PAYLOAD_LIMIT * 90 / 100);
    }

    @Test
    void theDistributedPathStaysWithinBothLimitsAt10000Accounts() {
        List<String> path = pathThrough("Check each batch");
        assertThat(path).as("the Choice leads to the Map").contains("Check each batch");
        JsonNode map = states.get("Check each batch");
        assertThat(map.at("/ItemProcessor/ProcessorConfig/Mode").asText()).isEqualTo("DISTRIBUTED");
        assertThat(map.has("ItemReader")).isTrue();
        assertThat(map.at("/ResultWriter/Resource").asText()).isEqualTo("arn:aws:states:::s3:putObject");
        assertThat(map.get("ResultSelector").toString()).doesNotContain("Items").contains("ResultWriterDetails");
        int batches = (ACCOUNTS + DistributedSettings.DEFAULT_BATCH_SIZE - 1) / DistributedSettings.DEFAULT_BATCH_SIZE;

        long parentEvents = 2 + path.stream().mapToLong(name -> events(states.get(name), ACCOUNTS)).sum();
        JsonNode processor = map.get("ItemProcessor");
        long childEvents = 2 + statesFrom(processor).stream().mapToLong(name -> events(processor.get("States").get(name), 0)).sum();
        Map<String, Integer> payloads = distributedPayloads();

        report("distributed (" + batches + " child executions)", path, parentEvents, payloads);
        System.out.printf("  each child execution: %d events%n", childEvents);
        assertThat(parentEvents).isEqualTo(22);
        assertThat(childEvents).isEqualTo(7);
        assertThat(payloads).allSatisfy((state, bytes) -> assertThat(bytes).as(state).isLessThanOrEqualTo(PAYLOAD_LIMIT));
        // A batch's results leave room: four times the batch size would still fit.
        assertThat(payloads.get("Check batch output") * 4).isLessThan(PAYLOAD_LIMIT);
    }

    /**
     * States entered from StartAt, to the end: the Choice that picks the Map takes its branch to {@code mapState}; any
     * other Choice (after the Map: whether the run waits for approval) its Default, the path of an ordinary sweep.
     */
    private List<String> pathThrough(String mapState) {
        List<String> path = new ArrayList<>();
        String name = definition.get("StartAt").asText();
        while (name != null) {
            path.add(name);
            JsonNode state = states.get(name);
            if (state.get("Type").asText().equals("Choice")) {
                List<String> targets = new ArrayList<>();
                state.get("Choices").forEach(choice -> targets.add(choice.get("Next").asText()));
                targets.add(state.get("Default").asText());
                name = targets.contains(mapState) ? mapState : state.get("Default").asText();
            } else {
                name = state.has("Next") ? state.get("Next").asText() : null;
            }
        }
        return path;
    }

    /** The happy path inside an ItemProcessor: from its StartAt, following Next. */
    private static List<String> statesFrom(JsonNode processor) {
        List<String> names = new ArrayList<>();
        for (String name = processor.get("StartAt").asText(); name != null; ) {
            names.add(name);
            JsonNode state = processor.get("States").get(name);
            name = state.has("Next") ? state.get("Next").asText() : null;
        }
        return names;
    }

    /** History events of one state on the happy path; {@code items} is the inline Map's iteration count. */
    private static long events(JsonNode state, int items) {
        return switch (state.get("Type").asText()) {
            case "Task" -> 5;
            case "Choice", "Pass", "Succeed", "Fail", "Wait" -> 2;
            case "Map" -> {
                JsonNode processor = state.get("ItemProcessor");
                if (processor.at("/ProcessorConfig/Mode").asText().equals("DISTRIBUTED")) {
                    yield 6;
                }
                long perIteration = 2 + statesFrom(processor).stream().mapToLong(name -> events(processor.get("States").get(name), 0)).sum();
                yield 4 + perIteration * items;
            }
            default -> throw new IllegalStateException("no event count for state type " + state.get("Type"));
        };
    }

    private Map<String, Integer> inlinePayloads() {
        AccountListing listing = listing(ACCOUNTS);
        List<AccountResult> results = IntStream.range(0, ACCOUNTS).mapToObj(SweepLimitsTest::largestSummary).toList();
        Map<String, Integer> payloads = new LinkedHashMap<>();
        payloads.put("List accounts output", bytes(listing));
        // The Map's input is the execution input with the listing; its output adds every result (ResultPath $.results).
        payloads.put("Check each account output", bytes(Map.of("listing", listing, "results", results)));
        payloads.put("Check account input (one account)", bytes(Map.of("account", listing.accounts().get(0), "context", CONTEXT,
                "executionName", "sweep-2026-01-01")));
        return payloads;
    }

    private Map<String, Integer> distributedPayloads() {
        AccountListing whole = listing(ACCOUNTS);
        AccountListing pointer = whole.pointingAt(new ItemsLocation("audit-remediation-reportbucket-1a2b3c4d5e6f",
                "runs/9f0c2d1e-3b4a-4c5d-8e7f-0a1b2c3d4e5f/items.json", "runs/9f0c2d1e-3b4a-4c5d-8e7f-0a1b2c3d4e5f/listing.json"));
        List<AccountItem> batch = whole.accounts().subList(0, DistributedSettings.DEFAULT_BATCH_SIZE);
        List<AccountResult> batchResults = IntStream.range(0, batch.size()).mapToObj(SweepLimitsTest::largestSummary).toList();
        Map<String, String> resultsLocation = Map.of("Bucket", "audit-remediation-reportbucket-1a2b3c4d5e6f",
                "Key", "results/7c3a9d2e-5f1b-3e4c-9a8b-1c2d3e4f5a6b/manifest.json");
        Map<String, Integer> payloads = new LinkedHashMap<>();
        payloads.put("List accounts output", bytes(pointer));
        payloads.put("Check batch input", bytes(new AccountBatch(batch, new AccountBatch.BatchInput(CONTEXT, "sweep-2026-01-01"))));
        payloads.put("Check batch output", bytes(new AccountBatchResult(batchResults)));
        payloads.put("Check each batch output", bytes(Map.of("listing", pointer, "resultsLocation", resultsLocation)));
        payloads.put("Build report from S3 input", bytes(Map.of("listing", pointer, "resultsLocation", resultsLocation,
                "executionName", "sweep-2026-01-01")));
        // BuildReport keeps its report within this budget whatever the account count (it drops passing rows first).
        payloads.put("Build report from S3 output (budget)", ReportBuilder.DEFAULT_BYTE_BUDGET);
        return payloads;
    }

    private static AccountListing listing(int count) {
        List<AccountItem> accounts = IntStream.range(0, count)
                .mapToObj(i -> new AccountItem(String.valueOf(210_000_000_000L + i * 7_919L),
                        String.format("workload-payments-prod-eu-%04d", i), "ou-7f3k-q9x2m4ab"))
                .toList();
        return new AccountListing(CONTEXT, 10, accounts, List.of(), 0, "2026-01-01T03:00:00.123Z");
    }

    /** Every check, the regional one in 4 regions, all NON_COMPLIANT with their evidence. */
    private static AccountResult largestResult(int i) {
        List<CheckResult> checks = new ArrayList<>();
        checks.add(CheckResult.compliant("caller-identity", null));
        checks.add(CheckResult.nonCompliant("iam-password-policy", null,
                "password policy below the baseline: MinimumPasswordLength 8 (needs 14 or more), PasswordReusePrevention 0 (needs 24), RequireSymbols false",
                Map.of("MinimumPasswordLength", 8, "PasswordReusePrevention", 0, "RequireSymbols", false)));
        checks.add(CheckResult.nonCompliant("s3-account-public-access-block", null,
                "account-level S3 Block Public Access off: BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets",
                Map.of("BlockPublicAcls", false, "IgnorePublicAcls", false, "BlockPublicPolicy", false, "RestrictPublicBuckets", false)));
        for (String region : CONTEXT.regions()) {
            checks.add(CheckResult.nonCompliant("ebs-default-encryption", region,
                    "EBS encryption by default is off in " + region, Map.of("EbsEncryptionByDefault", false)));
        }
        checks.add(CheckResult.nonCompliant("root-account-hygiene", null,
                "a person must sign in as the root user to enable MFA and delete its access keys",
                Map.of("AccountMFAEnabled", 0, "AccountAccessKeysPresent", 1)));
        return AccountResult.succeeded(String.valueOf(210_000_000_000L + i * 7_919L), checks, 2_400L);
    }

    /** What the Map carries for {@link #largestResult}: its summary, under an execution name of the longest length. */
    private static AccountResult largestSummary(int i) {
        AccountResult row = largestResult(i);
        return AccountResult.summary(row, AccountRows.key("x".repeat(AccountRows.MAX_EXECUTION_NAME), false, row.accountId()),
                id -> CheckCatalog.shipped().find(id).map(CheckDescriptor::severity).orElse(null));
    }

    private static int bytes(Object value) {
        return Json.write(value).getBytes(StandardCharsets.UTF_8).length;
    }

    private static void report(String pathName, List<String> path, long events, Map<String, Integer> payloads) {
        System.out.printf("SweepLimitsTest, %d accounts, %s path %s: %d history events (limit %d)%n", ACCOUNTS, pathName, path, events, HISTORY_LIMIT);
        payloads.forEach((state, bytes) -> System.out.printf("  %-40s %,11d bytes (limit %,d)%n", state, bytes, PAYLOAD_LIMIT));
    }

    private static JsonNode readDefinition() {
        try {
            return Json.mapper().readTree(ProjectFiles.DEFINITION.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + ProjectFiles.DEFINITION, e);
        }
    }
}
