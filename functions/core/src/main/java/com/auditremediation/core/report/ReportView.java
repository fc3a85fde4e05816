package com.auditremediation.core.report;

import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Report;
import com.auditremediation.core.model.ReportRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The figures of a report that its page is made from ({@link ReportPage}): the counts (from
 * {@link ReportCounts}), the rows in reading order, the failures grouped by code, the matrix's columns, the OUs of the
 * filter, what became of the Security Hub findings and, for an approval run, the plan beside its outcome.
 *
 * @param rows           the report's rows, failures first
 * @param failuresByCode FAILED rows grouped by error code name ("" for none), the most frequent code first
 * @param checkIds       the matrix's columns: the run's checks in the order they ran, then any other id, as first seen
 * @param units          every OU of the rows ("" for none), sorted, for the OU filter
 * @param securityHub    the Security Hub export's counts and reasons, or that it was off; null when there is nothing to say
 * @param approval       the plan beside its outcome; null unless the run waited for approval
 */
record ReportView(Report report, ReportCounts counts, List<ReportRow> rows, Map<String, List<ReportRow>> failuresByCode,
                  List<String> checkIds, Set<String> units, SecurityHubExport securityHub,
                  FixTable approval) {

    static ReportView of(Report report) {
        List<ReportRow> rows = new ArrayList<>(report.accounts() == null ? List.of() : report.accounts());
        rows.sort(RowOrder.FAILURES_FIRST);
        ReportCounts counts = ReportCounts.of(report);

        Map<String, List<ReportRow>> byCode = new LinkedHashMap<>();
        rows.stream().filter(row -> row.status() == AccountStatus.FAILED)
                .sorted(Comparator.comparing((ReportRow row) -> -(row.errorCode() == null ? 0 : counts.failuresByCode().getOrDefault(row.errorCode(), 0))))
                .forEach(row -> byCode.computeIfAbsent(row.errorCode() == null ? "" : row.errorCode().name(), code -> new ArrayList<>()).add(row));

        Map<String, Map<CheckStatus, Integer>> checkCounts = checkCounts(counts);
        Set<String> checkIds = new LinkedHashSet<>();
        if (report.context() != null) {
            checkIds.addAll(report.context().checks());
        }
        checkIds.addAll(checkCounts.keySet());
        rows.stream().filter(row -> row.checks() != null).flatMap(row -> row.checks().stream())
                .map(CheckResult::checkId).filter(id -> id != null).forEach(checkIds::add);

        Set<String> units = new TreeSet<>();
        rows.forEach(row -> units.add(row.ouId() == null ? "" : row.ouId()));
        return new ReportView(report, counts, List.copyOf(rows), byCode, List.copyOf(checkIds), units,
                SecurityHubExport.of(counts, Boolean.TRUE.equals(report.truncated())),
                report.approval() == null ? null : FixTable.of(report.approval()));
    }

    /** Check results by check id and status: the summary's counts (kept when rows are left out). */
    static Map<String, Map<CheckStatus, Integer>> checkCounts(ReportCounts counts) {
        return counts.summary().checks() == null ? Map.of() : counts.summary().checks();
    }

    boolean truncated() {
        return Boolean.TRUE.equals(report.truncated());
    }
}
