package com.auditremediation.core.error;

/** AWS throttled a call after the SDK's own retries. Error type for Retry: {@code com.auditremediation.core.error.ThrottledException}. */
public final class ThrottledException extends TransientFailureException {

    public ThrottledException(String message, Throwable cause) {
        super(ErrorCode.THROTTLED, message, cause);
    }
}
