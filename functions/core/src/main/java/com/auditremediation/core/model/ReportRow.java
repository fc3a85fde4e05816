package com.auditremediation.core.model;

import com.auditremediation.core.error.ErrorCode;
import java.util.List;
import java.util.Map;

/**
 * One account in the report. {@code compliance} counts the account's check results by status (a regional check counts
 * once per region), for example {@code {"COMPLIANT": 3, "NON_COMPLIANT": 1}}; it is absent when the row has no results.
 * {@code findings} says what became of the row's results as Security Hub findings, with a short note when some were
 * not exported; absent when the export is off or the account has no results.
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
        Long durationMs,
        FindingsDelivery findings) {

    public ReportRow(String accountId, String accountName, String ouId, AccountStatus status, ErrorCode errorCode,
                     String errorMessage, Map<CheckStatus, Integer> compliance, List<CheckResult> checks, Long durationMs) {
        this(accountId, accountName, ouId, status, errorCode, errorMessage, compliance, checks, durationMs, null);
    }

    /** A row without compliance counts, as rows were before the counts existed. */
    public ReportRow(String accountId, String accountName, String ouId, AccountStatus status, ErrorCode errorCode,
                     String errorMessage, List<CheckResult> checks, Long durationMs) {
        this(accountId, accountName, ouId, status, errorCode, errorMessage, null, checks, durationMs, null);
    }

    /** This row with its results counted by status ({@code compliance}). */
    public ReportRow withCompliance(Map<CheckStatus, Integer> counts) {
        return new ReportRow(accountId, accountName, ouId, status, errorCode, errorMessage, counts, checks, durationMs, findings);
    }

    /** This row with {@code checks} replaced (for example without their evidence). */
    public ReportRow withChecks(List<CheckResult> replaced) {
        return new ReportRow(accountId, accountName, ouId, status, errorCode, errorMessage, compliance, replaced, durationMs, findings);
    }

    /** This row with what became of its findings. */
    public ReportRow withFindings(FindingsDelivery delivery) {
        return new ReportRow(accountId, accountName, ouId, status, errorCode, errorMessage, compliance, checks, durationMs, delivery);
    }
}
