package com.auditremediation.core.report;

import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.ReportRow;
import java.util.Comparator;

/** The order in which people read a report's rows: FAILED, then SKIPPED, then SUCCEEDED; a row without a status first. */
public final class RowOrder {

    /** By status alone: a stable sort keeps the report's own order within each status. */
    public static final Comparator<ReportRow> FAILURES_FIRST = Comparator.comparingInt(row -> rank(row.status()));

    private RowOrder() {
    }

    private static int rank(AccountStatus status) {
        if (status == null) {
            return 0;
        }
        return switch (status) {
            case FAILED -> 0;
            case SKIPPED -> 1;
            case SUCCEEDED -> 2;
        };
    }
}
