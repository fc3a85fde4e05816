package com.auditremediation.core.model;

import com.auditremediation.core.error.ErrorCode;
import java.util.List;

/**
 * One Map iteration's output. CheckAccount fills it; the Map's Catch builds one with {@code errorType} (the Step
 * Functions error name) and {@code errorMessage} (its cause) when the function failed after every retry, and
 * BuildReport turns that into an error code. Name and OU are not repeated here: BuildReport joins them from the listing.
 */
public record AccountResult(
        String accountId,
        AccountStatus status,
        ErrorCode errorCode,
        String errorType,
        String errorMessage,
        List<CheckResult> checks,
        Long durationMs) {
}
