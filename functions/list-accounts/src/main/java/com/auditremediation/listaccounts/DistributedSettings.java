package com.auditremediation.listaccounts;

import com.auditremediation.core.Env;
import com.auditremediation.core.error.InvalidInputException;

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
     * Auto goes distributed above 400 accounts at most (the 25,000-event history, about 7 events an iteration,
     * binds near 3,500), and sooner when the run's results would not fit the inline Map's output: see
     * {@link #inlineCapacity}.
     */
    public static final int DEFAULT_THRESHOLD = 400;
    /** What the inline Map's output may fill of a state's 256 KiB: the rest is the listing's context and margin. */
    static final int INLINE_BUDGET_BYTES = 224 * 1024;
    /** One account's row without its results, plus its listing item (measured: about 150 and 110 bytes). */
    static final int ACCOUNT_BYTES = 260;
    /**
     * One check result, as the estimate counts it: a compliant one is about 60 bytes, a finding with its detail and
     * evidence about 245 (AccountCheckerModesTest prints both); 155 plans for about half of them being findings.
     */
    static final int RESULT_BYTES = 155;
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
        if (threshold < 1) {
            throw new InvalidInputException("DISTRIBUTED_THRESHOLD", threshold + " is out of range; use a whole number of accounts, 1 or more");
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
     * Whether a listing of {@code accountCount} accounts, each with {@code resultsPerAccount} check results (a
     * regional check counts once per region), goes the distributed way: auto goes there above the threshold or above
     * what the inline Map's output holds, whichever is fewer. Auto without a bucket stays inline (the local run has
     * none); an organisation that large then fails the inline Map's limits, as it always did.
     */
    public boolean distributedFor(int accountCount, int resultsPerAccount) {
        return switch (mode) {
            case INLINE -> false;
            case DISTRIBUTED -> true;
            case AUTO -> bucket != null && accountCount > Math.min(threshold, inlineCapacity(resultsPerAccount));
        };
    }

    /**
     * How many accounts the inline Map's output holds with {@code resultsPerAccount} results each: 13 checks in one
     * region about 100, in two regions (18 results) about 75. More checks or regions make the distributed path start
     * sooner rather than fail the run on the 256 KiB limit.
     */
    public static int inlineCapacity(int resultsPerAccount) {
        return INLINE_BUDGET_BYTES / (ACCOUNT_BYTES + RESULT_BYTES * Math.max(1, resultsPerAccount));
    }
}
