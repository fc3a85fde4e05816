package com.auditremediation.core.model;

import java.util.List;
import java.util.Map;

/**
 * The report's {@code exceptions}: the file the sweep read ({@code location}, {@code versionId}, {@code entries}), the
 * NON_COMPLIANT results excepted by source ({@code excepted}: {@code {"file": 4, "securityhub": 1}}), the entries in
 * force with the results each covered ({@code inForce}), those of them whose last day is within {@value #EXPIRING_DAYS}
 * days of the report ({@code expiringSoon}), and the entries that had expired ({@code expiredCount}, the first of them
 * in {@code expired}), which no longer apply. Absent from the report of a sweep without an exceptions file and without
 * an excepted result.
 */
public record ExceptionsReport(String location, String versionId, Integer entries, Map<String, Integer> excepted,
                               List<ExceptionNote> inForce, List<ExceptionNote> expiringSoon, Integer expiredCount,
                               List<ExceptionNote> expired) {

    /** "Expiring soon": a last day within this many days of the report (the SNS message lists them). */
    public static final int EXPIRING_DAYS = 14;

    public ExceptionsReport {
        excepted = Copies.orEmpty(excepted);
        inForce = Copies.orEmpty(inForce);
        expiringSoon = Copies.orEmpty(expiringSoon);
        expired = Copies.orEmpty(expired);
    }

    /** Every excepted result, whatever its source. */
    public int exceptedResults() {
        return excepted.values().stream().mapToInt(Integer::intValue).sum();
    }
}
