package com.auditremediation.core.model;

import java.util.Map;

/**
 * Counts over every account that the listing returned; {@code excluded} counts accounts left out on request.
 * {@code checks} counts the check results of every row by check id and status (a regional check counts once per
 * region), for example {@code {"iam-password-policy": {"COMPLIANT": 10, "NON_COMPLIANT": 2}}}; absent when no row
 * has results. Made by {@link com.auditremediation.core.report.ReportCounts}, the one place that counts.
 */
public record Summary(int total, int succeeded, int failed, int skipped, int excluded,
                      Map<String, Map<CheckStatus, Integer>> checks) {

    /** Account counts only, without check results. */
    public static Summary ofAccounts(int total, int succeeded, int failed, int skipped, int excluded) {
        return new Summary(total, succeeded, failed, skipped, excluded, null);
    }
}
