package com.auditremediation.core.model;

import java.util.Map;

/**
 * Counts over every account that the listing returned; {@code excluded} counts accounts left out on request.
 * {@code checks} counts the check results of every row by check id and status (a regional check counts once per
 * region), for example {@code {"iam-password-policy": {"COMPLIANT": 10, "NON_COMPLIANT": 2}}}; absent when no row
 * has results. {@code findings} counts the Security Hub findings exported, skipped and refused, with the reasons;
 * absent when the export is off. {@code excepted} counts, by check id, the NON_COMPLIANT results that an accepted risk
 * covers (they stay counted as NON_COMPLIANT in {@code checks}: the verdict is kept); absent when there are none. Made
 * by {@link com.auditremediation.core.report.ReportCounts}, the one place that counts.
 */
public record Summary(int total, int succeeded, int failed, int skipped, int excluded,
                      Map<String, Map<CheckStatus, Integer>> checks, FindingsSummary findings, Map<String, Integer> excepted) {

    public Summary {
        checks = Copies.orAbsent(checks);
        excepted = excepted == null || excepted.isEmpty() ? null : Copies.orAbsent(excepted);
    }

    public Summary(int total, int succeeded, int failed, int skipped, int excluded,
                   Map<String, Map<CheckStatus, Integer>> checks, FindingsSummary findings) {
        this(total, succeeded, failed, skipped, excluded, checks, findings, null);
    }

    /** Account counts only, without check results. */
    public static Summary ofAccounts(int total, int succeeded, int failed, int skipped, int excluded) {
        return new Summary(total, succeeded, failed, skipped, excluded, null, null);
    }

    /** Account counts and the check results counted by check id and status. */
    public static Summary of(int total, int succeeded, int failed, int skipped, int excluded,
                             Map<String, Map<CheckStatus, Integer>> checks) {
        return new Summary(total, succeeded, failed, skipped, excluded, checks, null);
    }

    /** This summary with the findings' counts. */
    public Summary withFindings(FindingsSummary counts) {
        return new Summary(total, succeeded, failed, skipped, excluded, checks, counts, excepted);
    }

    /** Excepted NON_COMPLIANT results, over every check. */
    public int exceptedTotal() {
        return excepted == null ? 0 : excepted.values().stream().mapToInt(Integer::intValue).sum();
    }
}
