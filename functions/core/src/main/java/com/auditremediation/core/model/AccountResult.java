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

    public AccountResult(String accountId, AccountStatus status, ErrorCode errorCode, String errorType, String errorMessage,
                         List<CheckResult> checks, Long durationMs) {
        this(accountId, status, errorCode, errorType, errorMessage, checks, durationMs, null, null);
    }

    public AccountResult(String accountId, AccountStatus status, ErrorCode errorCode, String errorType, String errorMessage,
                         List<CheckResult> checks, Long durationMs, CaughtError error) {
        this(accountId, status, errorCode, errorType, errorMessage, checks, durationMs, error, null);
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
