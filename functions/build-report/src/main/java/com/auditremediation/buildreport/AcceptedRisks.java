package com.auditremediation.buildreport;

import com.auditremediation.core.model.AccountListing;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.ExceptionNote;
import com.auditremediation.core.model.ExceptionRule;
import com.auditremediation.core.model.ExceptionSource;
import com.auditremediation.core.model.ExceptionsLoaded;
import com.auditremediation.core.model.ExceptionsReport;
import com.auditremediation.core.model.ReportRow;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's {@code exceptions} ({@link ExceptionsReport}): from the listing, the file read and its expired entries;
 * from the context, the entries in force; from the rows, the results each covered and the excepted results by source.
 * An entry in force whose last day is within {@value ExceptionsReport#EXPIRING_DAYS} days of {@code today} is also
 * listed as expiring soon, so that its owner renews or closes it before the finding comes back.
 */
final class AcceptedRisks {

    private AcceptedRisks() {
    }

    /** Null when the sweep read no exceptions file and no result is excepted. */
    static ExceptionsReport of(AccountListing listing, List<ReportRow> rows, LocalDate today) {
        Map<String, Integer> bySource = new LinkedHashMap<>();
        Map<Integer, Integer> byEntry = new HashMap<>();
        for (ReportRow row : rows) {
            for (CheckResult check : row.checks() == null ? List.<CheckResult>of() : row.checks()) {
                if (check == null || !check.excepted()) {
                    continue;
                }
                bySource.merge(check.exception().source().jsonValue(), 1, Integer::sum);
                if (check.exception().source() == ExceptionSource.FILE && check.exception().entry() != null) {
                    byEntry.merge(check.exception().entry(), 1, Integer::sum);
                }
            }
        }
        ExceptionsLoaded loaded = listing.exceptions();
        if (loaded == null && bySource.isEmpty()) {
            return null;
        }
        List<ExceptionNote> inForce = new ArrayList<>();
        List<ExceptionNote> expiringSoon = new ArrayList<>();
        LocalDate soon = today.plusDays(ExceptionsReport.EXPIRING_DAYS);
        for (ExceptionRule rule : listing.context() == null ? List.<ExceptionRule>of() : listing.context().exceptionRules()) {
            ExceptionNote note = ExceptionNote.of(rule, byEntry.getOrDefault(rule.entry(), 0));
            inForce.add(note);
            if (!LocalDate.parse(rule.expires()).isAfter(soon)) {
                expiringSoon.add(note);
            }
        }
        return new ExceptionsReport(loaded == null ? null : loaded.location(), loaded == null ? null : loaded.versionId(),
                loaded == null ? null : loaded.entries(), bySource, inForce, expiringSoon,
                loaded == null ? null : loaded.expiredCount(), loaded == null ? null : loaded.expired());
    }
}
