package com.auditremediation.core.error;

/**
 * A fault that may pass if the same work is tried again later (throttling, timeouts, 5xx). Handlers throw the
 * concrete subclasses so that the state machine's Retry can match them by error type; everything else becomes a row.
 */
public abstract class TransientFailureException extends RuntimeException {

    private final ErrorCode errorCode;

    protected TransientFailureException(ErrorCode errorCode, String message, Throwable cause) {
        super(message, cause, false, true);
        this.errorCode = errorCode;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }
}
