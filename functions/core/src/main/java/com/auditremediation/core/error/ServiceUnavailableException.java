package com.auditremediation.core.error;

/** AWS answered with a 5xx after the SDK's own retries. Error type for Retry: {@code com.auditremediation.core.error.ServiceUnavailableException}. */
public final class ServiceUnavailableException extends TransientFailureException {

    public ServiceUnavailableException(String message, Throwable cause) {
        super(ErrorCode.SERVICE_UNAVAILABLE, message, cause);
    }
}
