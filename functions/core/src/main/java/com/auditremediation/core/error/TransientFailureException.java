package com.auditremediation.core.error;

/**
 * A fault that may pass if the same work is tried again later (throttling, timeouts, 5xx). Handlers throw the
 * concrete subclasses so that the state machine's Retry can match them by error type; everything else becomes a row.
 *
 * <p>Once the retries are spent, the Map's Catch keeps the error in the Map's output as Lambda reports it (the Cause is
 * {@code {"errorMessage", "errorType", "stackTrace"}}), one per failed account: so these exceptions carry no stack trace
 * (it would only show where the SDK's answer was sorted) and at most {@value #MAX_MESSAGE} characters of message, which
 * keeps a sweep whose every account is throttled or unreachable within the Map's 256 KiB (SweepLimitsTest).
 */
public abstract class TransientFailureException extends RuntimeException {

    /** The longest message kept. */
    public static final int MAX_MESSAGE = 200;

    private final ErrorCode errorCode;

    protected TransientFailureException(ErrorCode errorCode, String message, Throwable cause) {
        super(capped(message), cause, false, false);
        this.errorCode = errorCode;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    private static String capped(String message) {
        if (message == null || message.length() <= MAX_MESSAGE) {
            return message;
        }
        int end = MAX_MESSAGE - 1;
        if (Character.isHighSurrogate(message.charAt(end - 1))) {
            end--;
        }
        return message.substring(0, end) + "…";
    }
}
