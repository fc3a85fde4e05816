package com.auditremediation.core.model;

import com.auditremediation.core.error.ErrorCode;
import java.util.List;

/**
 * One Map iteration's output. CheckAccount fills every field but {@code error}. When the function failed after every
 * retry, the Map's Catch builds a row with only {@code accountId}, {@code status} FAILED and {@code error} (the Step
 * Functions error object, whose Cause may be absent), and BuildReport turns that into an error code and message.
 * Name and OU are not repeated here: BuildReport joins them from the listing. {@code findings} says what became of
 * the results as Security Hub findings; absent when the export is off.
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
        FindingsDelivery findings) {

    public AccountResult {
        checks = Copies.orAbsent(checks);
    }

    /** CheckAccount's row for an account whose checks all completed (findings are not failures). */
    public static AccountResult succeeded(String accountId, List<CheckResult> checks, long durationMs) {
        return new AccountResult(accountId, AccountStatus.SUCCEEDED, null, null, null, checks, durationMs, null, null);
    }

    /** CheckAccount's row for an expected failure: the code a person acts on, what happened, the results it has. */
    public static AccountResult failed(String accountId, ErrorCode errorCode, String errorMessage, List<CheckResult> checks,
                                       long durationMs) {
        return new AccountResult(accountId, AccountStatus.FAILED, errorCode, null, errorMessage, checks, durationMs, null, null);
    }

    /** The row for an account whose function failed after every retry: the Step Functions error object alone. */
    public static AccountResult caught(String accountId, CaughtError error) {
        return new AccountResult(accountId, AccountStatus.FAILED, null, null, null, null, null, error, null);
    }

    /** This result with what became of its findings. */
    public AccountResult withFindings(FindingsDelivery delivery) {
        return new AccountResult(accountId, status, errorCode, errorType, errorMessage, checks, durationMs, error, delivery);
    }

    /** A caught row in the form that CheckAccount's rows have: the error object unfolded into type and message. */
    public AccountResult withCaughtErrorUnfolded() {
        if (error == null) {
            return this;
        }
        return new AccountResult(accountId, status, errorCode,
                errorType != null ? errorType : error.error(),
                errorMessage != null ? errorMessage : error.cause(),
                checks, durationMs, null, findings);
    }
}
