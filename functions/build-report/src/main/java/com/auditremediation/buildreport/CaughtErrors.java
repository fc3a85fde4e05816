package com.auditremediation.buildreport;

import com.auditremediation.core.Json;
import com.auditremediation.core.error.CallTimeoutException;
import com.auditremediation.core.error.ErrorCode;
import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.error.ServiceUnavailableException;
import com.auditremediation.core.error.ThrottledException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Turns what the Map's Catch recorded (the Step Functions error name and its Cause) into an error code and a readable
 * message that still names the original error.
 */
final class CaughtErrors {

    /** Longest error message a row carries; the whole text stays in the execution history. */
    static final int MAX_MESSAGE_LENGTH = 500;

    private static final Map<String, ErrorCode> CODES = Map.ofEntries(
            Map.entry(ThrottledException.class.getName(), ErrorCode.THROTTLED),
            Map.entry("Lambda.TooManyRequestsException", ErrorCode.THROTTLED),
            Map.entry(CallTimeoutException.class.getName(), ErrorCode.TIMEOUT),
            Map.entry("States.Timeout", ErrorCode.TIMEOUT),
            Map.entry("Sandbox.Timedout", ErrorCode.TIMEOUT),
            Map.entry(ServiceUnavailableException.class.getName(), ErrorCode.SERVICE_UNAVAILABLE),
            Map.entry("Lambda.ServiceException", ErrorCode.SERVICE_UNAVAILABLE),
            Map.entry("Lambda.AWSLambdaException", ErrorCode.SERVICE_UNAVAILABLE),
            Map.entry("Lambda.SdkClientException", ErrorCode.SERVICE_UNAVAILABLE),
            Map.entry(InvalidInputException.class.getName(), ErrorCode.INVALID_INPUT));

    private CaughtErrors() {
    }

    static ErrorCode code(String errorType) {
        return CODES.getOrDefault(errorType, ErrorCode.FUNCTION_ERROR);
    }

    /**
     * "{errorType}: {message}", where the message is the Cause's own {@code errorMessage} when the Cause is the JSON
     * that Lambda reports for a function error, and the Cause as it is otherwise (States.Timeout and the like).
     */
    static String message(String errorType, String cause) {
        String type = errorType == null || errorType.isBlank() ? "(no error type)" : errorType;
        String text = causeText(cause);
        return cap(text == null ? type + " (no cause given)" : type + ": " + text);
    }

    static String cap(String message) {
        if (message == null || message.length() <= MAX_MESSAGE_LENGTH) {
            return message;
        }
        int end = MAX_MESSAGE_LENGTH - 1;
        if (Character.isHighSurrogate(message.charAt(end - 1))) {
            end--;
        }
        return message.substring(0, end) + "…";
    }

    private static String causeText(String cause) {
        if (cause == null || cause.isBlank()) {
            return null;
        }
        String trimmed = cause.strip();
        if (trimmed.startsWith("{")) {
            try {
                JsonNode message = Json.mapper().readTree(trimmed).get("errorMessage");
                if (message != null && message.isTextual() && !message.asText().isBlank()) {
                    return message.asText().strip();
                }
            } catch (JsonProcessingException e) {
                // Not JSON after all: the Cause is shown as it came.
            }
        }
        return trimmed;
    }
}
