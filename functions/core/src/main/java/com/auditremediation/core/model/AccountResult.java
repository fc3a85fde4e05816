package com.auditremediation.core.model;

import com.auditremediation.core.catalog.Severity;
import com.auditremediation.core.error.ErrorCode;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One account's outcome, in one of three forms:
 * <ul>
 *   <li>the <b>row</b>: what CheckAccount makes, every field but {@code error} and the summary's own fields: the check
 *   results with their details and evidence, and {@code findings}, what became of the results as Security Hub
 *   findings (absent when the export is off). Its size grows with the findings, so the Map does not carry it: the
 *   check function writes it to the report bucket and returns its summary;</li>
 *   <li>the <b>summary</b> (see {@link #summary}): what a Map iteration returns, of a bounded size whatever the
 *   findings: account, status, error code, the results counted by status ({@code compliance}) and the non-compliant
 *   ones by the check's severity ({@code severities}), and {@code rowKey}, where the row is in the report
 *   bucket; or, when the row could not be written, {@code rowError} (AWS's error code) instead;</li>
 *   <li>the <b>caught</b> row: when the function failed after every retry, the Map's Catch builds a row with only
 *   {@code accountId}, {@code status} FAILED and {@code error} (the Step Functions error object, whose Cause may be
 *   absent), and BuildReport turns that into an error code and message.</li>
 * </ul>
 * Name and OU are not repeated here: BuildReport joins them from the listing.
 */
public record AccountResult(
        String accountId,
        AccountStatus status,
        ErrorCode errorCode,
        String errorType,
        String errorMessage,
        List<CheckResult> checks,
        Long durationMs,
        CaughtError error,
        FindingsDelivery findings,
        Map<CheckStatus, Integer> compliance,
        Map<Severity, Integer> severities,
        String rowKey,
        String rowError) {

    public AccountResult {
        compliance = compliance == null ? null : Collections.unmodifiableMap(new EnumMap<>(compliance));
        severities = severities == null ? null : Collections.unmodifiableMap(new EnumMap<>(severities));
        checks = Copies.orAbsent(checks);
    }

    /** CheckAccount's row for an account whose checks all completed (findings are not failures). */
    public static AccountResult succeeded(String accountId, List<CheckResult> checks, long durationMs) {
        return new AccountResult(accountId, AccountStatus.SUCCEEDED, null, null, null, checks, durationMs, null, null, null, null, null, null);
    }

    /** CheckAccount's row for an expected failure: the code a person acts on, what happened, the results it has. */
    public static AccountResult failed(String accountId, ErrorCode errorCode, String errorMessage, List<CheckResult> checks,
                                       Long durationMs) {
        return new AccountResult(accountId, AccountStatus.FAILED, errorCode, null, errorMessage, checks, durationMs, null, null, null, null,
                null, null);
    }

    /** The row for an account whose function failed after every retry: the Step Functions error object alone. */
    public static AccountResult caught(String accountId, CaughtError error) {
        return new AccountResult(accountId, AccountStatus.FAILED, null, null, null, null, null, error, null, null, null, null, null);
    }

    /**
     * The summary of {@code row} that a Map iteration returns once the row is in the report bucket at {@code rowKey}:
     * no text but the key, so its size does not depend on the findings ({@link AccountRows#maxSummaryBytes} bounds it).
     * {@code severityOf} gives a check's severity when it fails (from the catalog), null for an unknown check id.
     */
    public static AccountResult summary(AccountResult row, String rowKey, Function<String, Severity> severityOf) {
        Map<CheckStatus, Integer> byStatus = new EnumMap<>(CheckStatus.class);
        Map<Severity, Integer> bySeverity = new EnumMap<>(Severity.class);
        if (row.checks() != null) {
            for (CheckResult check : row.checks()) {
                if (check == null || check.status() == null) {
                    continue;
                }
                byStatus.merge(check.status(), 1, Integer::sum);
                Severity severity = check.status() == CheckStatus.NON_COMPLIANT && check.checkId() != null ? severityOf.apply(check.checkId()) : null;
                if (severity != null) {
                    bySeverity.merge(severity, 1, Integer::sum);
                }
            }
        }
        return new AccountResult(row.accountId(), row.status(), row.errorCode(), null, null, null, null, null, null,
                byStatus.isEmpty() ? null : byStatus, bySeverity.isEmpty() ? null : bySeverity, rowKey, null);
    }

    /**
     * This summary for a row that could not be written at its key: {@code awsErrorCode} says why (AccessDenied, ...),
     * kept as {@link AccountRows#plainErrorCode} makes it.
     */
    public AccountResult withRowError(String awsErrorCode) {
        return new AccountResult(accountId, status, errorCode, errorType, errorMessage, checks, durationMs, error, findings, compliance,
                severities, rowKey, AccountRows.plainErrorCode(awsErrorCode));
    }

    /** Whether this is a summary whose row is in the report bucket (or was meant to be: see {@code rowError}). */
    public boolean summarized() {
        return rowKey != null;
    }

    /** This result with what became of its findings. */
    public AccountResult withFindings(FindingsDelivery delivery) {
        return new AccountResult(accountId, status, errorCode, errorType, errorMessage, checks, durationMs, error, delivery, compliance,
                severities, rowKey, rowError);
    }

    /** A caught row in the form that CheckAccount's rows have: the error object unfolded into type and message. */
    public AccountResult withCaughtErrorUnfolded() {
        if (error == null) {
            return this;
        }
        return new AccountResult(accountId, status, errorCode,
                errorType != null ? errorType : error.error(),
                errorMessage != null ? errorMessage : error.cause(),
                checks, durationMs, null, findings, compliance, severities, rowKey, rowError);
    }
}
