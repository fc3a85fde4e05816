package com.auditremediation.core.model;

import java.util.Map;

/**
 * Counts over every account that the listing returned; {@code excluded} counts accounts left out on request.
 * {@code checks} counts the check results of every row by check id and status (a regional check counts once per
 * region), for example {@code {"iam-password-policy": {"COMPLIANT": 10, "NON_COMPLIANT": 2}}}; absent when no row
 * has results.
 */
public record Summary(int total, int succeeded, int failed, int skipped, int excluded,
                      Map<String, Map<CheckStatus, Integer>> checks) {

    /** A summary without per-check counts, as summaries were before the counts existed. */
    public Summary(int total, int succeeded, int failed, int skipped, int excluded) {
        this(total, succeeded, failed, skipped, excluded, null);
    }
}
