package com.auditremediation.core.model;

import com.auditremediation.core.error.ErrorCode;
import java.util.List;
import java.util.Map;

/**
 * One account in the report. {@code compliance} counts the account's check results by status (a regional check counts
 * once per region), for example {@code {"COMPLIANT": 3, "NON_COMPLIANT": 1}}; it is absent when the row has no results.
 */
public record ReportRow(
        String accountId,
        String accountName,
        String ouId,
        AccountStatus status,
        ErrorCode errorCode,
        String errorMessage,
        Map<CheckStatus, Integer> compliance,
        List<CheckResult> checks,
        Long durationMs) {

    /** A row without compliance counts, as rows were before the counts existed. */
    public ReportRow(String accountId, String accountName, String ouId, AccountStatus status, ErrorCode errorCode,
                     String errorMessage, List<CheckResult> checks, Long durationMs) {
        this(accountId, accountName, ouId, status, errorCode, errorMessage, null, checks, durationMs);
    }
}
