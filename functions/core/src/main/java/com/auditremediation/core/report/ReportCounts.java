package com.auditremediation.core.report;

import com.auditremediation.core.error.ErrorCode;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Report;
import com.auditremediation.core.model.FindingsSummary;
import com.auditremediation.core.model.ReportRow;
import com.auditremediation.core.model.Summary;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one set of counts of a report, computed once: BuildReport's summary and failures by code, and what the HTML
 * page's tiles, the SNS message, the metrics and the CLI table show. {@link #of(Report)} reads the report's own summary
 * (it survives truncation) and counts from the rows only what a summary lacks.
 *
 * @param nonCompliant         NON_COMPLIANT check results in every account (a regional check once per region), excepted
 *                             ones included: the verdict is kept
 * @param remediated           REMEDIATED check results
 * @param accountsWithFindings rows in the report with at least one NON_COMPLIANT result that needs work (no accepted risk
 *                             covers it)
 * @param excepted             NON_COMPLIANT check results that an accepted risk covers: they need no work
 * @param accountsNotExportedByReason rows in the report whose Security Hub findings were skipped or refused, counted
 *                                    once per reason that they name ({@code SECURITY_HUB_NOT_ENABLED}, ...), in the
 *                                    order first seen; empty when the export is off or every finding was exported
 */
public record ReportCounts(Summary summary, Map<ErrorCode, Integer> failuresByCode, int nonCompliant, int remediated,
                           int accountsWithFindings, Map<String, Integer> accountsNotExportedByReason, int excepted) {

    /** NON_COMPLIANT results that no accepted risk covers: what needs work. */
    public int needsWork() {
        return nonCompliant - excepted;
    }

    /** The counts of {@code report}: its summary when it has one, else counted from its rows. */
    public static ReportCounts of(Report report) {
        List<ReportRow> rows = report.accounts() == null ? List.of() : report.accounts();
        Summary summary = report.summary() != null ? report.summary() : summarize(rows, 0);
        Map<String, Map<CheckStatus, Integer>> checks = summary.checks() != null ? summary.checks() : checkCounts(rows);
        if (summary.checks() == null && checks != null) {
            summary = new Summary(summary.total(), summary.succeeded(), summary.failed(), summary.skipped(), summary.excluded(), checks,
                    summary.findings(), exceptedByCheck(rows));
        }
        Map<ErrorCode, Integer> failures = report.failuresByCode() != null ? report.failuresByCode() : failuresByCode(rows);
        int findings = (int) rows.stream().filter(ReportCounts::hasFindings).count();
        return new ReportCounts(summary, failures, total(checks, CheckStatus.NON_COMPLIANT), total(checks, CheckStatus.REMEDIATED), findings,
                countNotExportedByReason(rows), summary.exceptedTotal());
    }

    /** Rows whose Security Hub findings were not all exported, counted once per reason that they name. */
    private static Map<String, Integer> countNotExportedByReason(List<ReportRow> rows) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (ReportRow row : rows) {
            if (row.findings() != null) {
                row.findings().reasons().keySet().forEach(reason -> counts.merge(reason, 1, Integer::sum));
            }
        }
        return counts;
    }

    /**
     * Every row counted by status, their check results by check and status, and what became of their Security Hub
     * findings (absent when no row says: the export is off).
     */
    public static Summary summarize(List<ReportRow> rows, int excluded) {
        int succeeded = 0;
        int failed = 0;
        int skipped = 0;
        for (ReportRow row : rows) {
            if (row.status() == null) {
                continue;
            }
            switch (row.status()) {
                case SUCCEEDED -> succeeded++;
                case FAILED -> failed++;
                case SKIPPED -> skipped++;
            }
        }
        return new Summary(rows.size(), succeeded, failed, skipped, excluded, checkCounts(rows),
                FindingsSummary.of(rows.stream().map(ReportRow::findings).toList()), exceptedByCheck(rows));
    }

    /** Every row's excepted results (NON_COMPLIANT, covered by an accepted risk) by check id; null when there are none. */
    public static Map<String, Integer> exceptedByCheck(List<ReportRow> rows) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (ReportRow row : rows) {
            if (row.checks() != null) {
                row.checks().stream().filter(check -> check != null && check.checkId() != null && check.excepted())
                        .forEach(check -> counts.merge(check.checkId(), 1, Integer::sum));
            }
        }
        return counts.isEmpty() ? null : counts;
    }

    /** FAILED rows counted by error code. */
    public static Map<ErrorCode, Integer> failuresByCode(List<ReportRow> rows) {
        Map<ErrorCode, Integer> counts = new EnumMap<>(ErrorCode.class);
        for (ReportRow row : rows) {
            if (row.status() == AccountStatus.FAILED && row.errorCode() != null) {
                counts.merge(row.errorCode(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Every row's check results counted by check id (in the order first seen) and status; null when there are none. */
    public static Map<String, Map<CheckStatus, Integer>> checkCounts(List<ReportRow> rows) {
        Map<String, Map<CheckStatus, Integer>> counts = new LinkedHashMap<>();
        for (ReportRow row : rows) {
            if (row.checks() == null) {
                continue;
            }
            for (CheckResult check : row.checks()) {
                if (check != null && check.checkId() != null && check.status() != null) {
                    counts.computeIfAbsent(check.checkId(), id -> new EnumMap<>(CheckStatus.class)).merge(check.status(), 1, Integer::sum);
                }
            }
        }
        return counts.isEmpty() ? null : counts;
    }

    /** Whether the row has a NON_COMPLIANT result that needs work (no accepted risk covers it). */
    public static boolean hasFindings(ReportRow row) {
        return row.checks() != null && row.checks().stream().anyMatch(check -> check != null && check.needsWork());
    }

    private static int total(Map<String, Map<CheckStatus, Integer>> counts, CheckStatus status) {
        return counts == null ? 0 : counts.values().stream().mapToInt(byStatus -> byStatus.getOrDefault(status, 0)).sum();
    }
}
