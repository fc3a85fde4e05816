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
     * Above 400 accounts auto goes distributed: the inline Map's result (about 380 to 1,100 bytes an account, plus
     * about 110 bytes of listing) stops fitting a state's 256 KiB between 500 and 650 accounts; 400 leaves room for
     * findings and regions. The 25,000-event history (about 7 events an iteration, 3,500 accounts) binds later.
     */
    public static final int DEFAULT_THRESHOLD = 400;
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
     * Whether a listing of {@code accountCount} accounts goes the distributed way. Auto without a bucket stays inline
     * (the local run has none); an organisation that large then fails the inline Map's limits, as it always did.
     */
    public boolean distributedFor(int accountCount) {
        return switch (mode) {
            case INLINE -> false;
            case DISTRIBUTED -> true;
            case AUTO -> bucket != null && accountCount > threshold;
        };
    }
}
