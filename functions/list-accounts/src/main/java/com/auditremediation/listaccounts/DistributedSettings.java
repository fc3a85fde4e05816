package com.auditremediation.listaccounts;

import com.auditremediation.core.Env;
import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.model.AccountRows;

/**
 * How ListAccounts chooses between the inline and the distributed Map, read once from the environment:
 * {@code MAP_MODE} (auto, inline, distributed), {@code REPORT_BUCKET} (where the distributed path keeps items and
 * results), {@code DISTRIBUTED_THRESHOLD} (auto goes distributed above this many accounts) and {@code BATCH_SIZE}
 * (accounts per child execution of the distributed Map).
 *
 * @param bucket null when no bucket is configured: then only the inline Map is possible
 */
public record DistributedSettings(MapMode mode, String bucket, int threshold, int batchSize) {

    /**
     * Auto goes distributed above 400 accounts, or sooner when the inline path's history or state would not hold the
     * sweep: see {@link #distributedFor}.
     */
    public static final int DEFAULT_THRESHOLD = 400;
    /** Step Functions' limit on an execution's history, in events. */
    static final int HISTORY_LIMIT = 25_000;
    /**
     * History events per account on the inline path, counted with room to spare: an iteration of a Lambda task is 7
     * (iteration started and succeeded; the task entered, scheduled, started, succeeded, exited), one retry adds 3
     * (scheduled, started, failed), and a run that waits for approval iterates again over each planned account in
     * "Fix approved items": 2 x (7 + 3). SweepLimitsTest checks the 7 against the definition.
     */
    static final int HISTORY_EVENTS_PER_ACCOUNT = 2 * (7 + 3);
    /** History events outside the Maps, generously (the approval path has about 40). */
    static final int HISTORY_EVENTS_FIXED = 100;
    /** The most accounts the inline path's history holds by the figures above: 1,245. */
    public static final int MAX_INLINE_ACCOUNTS = (HISTORY_LIMIT - HISTORY_EVENTS_FIXED) / HISTORY_EVENTS_PER_ACCOUNT;
    /** Step Functions' limit on a state's input or output, in bytes of UTF-8 JSON. */
    static final int STATE_PAYLOAD_LIMIT = 256 * 1024;
    /** What the inline Map's output (the execution input, the listing and every summary) may fill of that limit. */
    static final int INLINE_PAYLOAD_BUDGET = STATE_PAYLOAD_LIMIT - 16 * 1024;
    /**
     * 25 accounts a batch: at 4 accounts at once and a few seconds an account a batch takes well under a minute,
     * far from the function's 15 minutes, and 10,000 accounts make 400 child executions.
     */
    public static final int DEFAULT_BATCH_SIZE = 25;
    /** ItemReader's JSON input must stay below 256 MiB and our function's time bounds a batch; 100 is plenty. */
    public static final int MAX_BATCH_SIZE = 100;

    public DistributedSettings {
        if (mode == null) {
            mode = MapMode.AUTO;
        }
        bucket = bucket == null || bucket.isBlank() ? null : bucket.trim();
        if (mode == MapMode.DISTRIBUTED && bucket == null) {
            throw new InvalidInputException("REPORT_BUCKET", "is empty but MAP_MODE is distributed, which keeps items and results"
                    + " in S3; set the bucket (the template's ReportBucketName, or leave it empty for the template's own bucket)"
                    + " or use MAP_MODE auto or inline");
        }
        if (threshold < 1 || threshold > MAX_INLINE_ACCOUNTS) {
            throw new InvalidInputException("DISTRIBUTED_THRESHOLD", threshold + " is out of range; use 1 to " + MAX_INLINE_ACCOUNTS
                    + " accounts (the most that the inline path's history of 25,000 events holds)");
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new InvalidInputException("BATCH_SIZE", batchSize + " is out of range; use 1 to " + MAX_BATCH_SIZE);
        }
    }

    /** Inline only, as when no bucket is configured. */
    public static DistributedSettings inline() {
        return new DistributedSettings(MapMode.INLINE, null, DEFAULT_THRESHOLD, DEFAULT_BATCH_SIZE);
    }

    public static DistributedSettings fromEnv(Env env) {
        return new DistributedSettings(
                MapMode.parse("MAP_MODE", env.get("MAP_MODE", "auto")),
                env.get("REPORT_BUCKET", null),
                env.integer("DISTRIBUTED_THRESHOLD", DEFAULT_THRESHOLD),
                env.integer("BATCH_SIZE", DEFAULT_BATCH_SIZE));
    }

    /**
     * Whether a sweep goes the distributed way: {@code accountCount} accounts, a state of {@code stateBytes} before the
     * Map (the execution input and the listing, as JSON), and at most {@code resultsPerAccount} check results an
     * account (a regional check counts once per region). Auto goes there above the threshold, above what the inline
     * path's history holds ({@link #MAX_INLINE_ACCOUNTS}), or when the Map's output could exceed its budget: the state
     * plus one summary an account at its largest ({@link AccountRows#maxSummaryBytes}), a bound that holds whatever the
     * findings, since a summary carries counts and a key, never a result's text. Auto without a bucket stays inline
     * (a sweep that large then fails the inline Map's limits, as it always did).
     */
    public boolean distributedFor(int accountCount, long stateBytes, int resultsPerAccount) {
        return switch (mode) {
            case INLINE -> false;
            case DISTRIBUTED -> true;
            case AUTO -> bucket != null && (accountCount > threshold
                    || !inlineOutputFits(accountCount, stateBytes, resultsPerAccount));
        };
    }

    /** Whether the inline Map's output fits its budget with every account's summary at its largest. */
    static boolean inlineOutputFits(int accountCount, long stateBytes, int resultsPerAccount) {
        return largestInlineOutput(accountCount, stateBytes, resultsPerAccount) <= INLINE_PAYLOAD_BUDGET;
    }

    /** The inline Map's output at its largest: the state, {@code "results": [...]}, a summary and a comma an account. */
    static long largestInlineOutput(int accountCount, long stateBytes, int resultsPerAccount) {
        return stateBytes + 16 + (long) accountCount * (AccountRows.maxSummaryBytes(resultsPerAccount) + 1);
    }
}
