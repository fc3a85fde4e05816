package com.auditremediation.core.error;

/** A call to AWS timed out or its connection failed. Error type for Retry: {@code com.auditremediation.core.error.CallTimeoutException}. */
public final class CallTimeoutException extends TransientFailureException {

    public CallTimeoutException(String message, Throwable cause) {
        super(ErrorCode.TIMEOUT, message, cause);
    }
}
