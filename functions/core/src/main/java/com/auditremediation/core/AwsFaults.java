package com.auditremediation.core;

import com.auditremediation.core.error.CallTimeoutException;
import com.auditremediation.core.error.ServiceUnavailableException;
import com.auditremediation.core.error.ThrottledException;
import com.auditremediation.core.error.TransientFailureException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

import java.util.Optional;

/** Sorts SDK failures into the transient ones that the state machine retries and the rest. */
public final class AwsFaults {

    private AwsFaults() {
    }

    /**
     * The transient failure that {@code e} stands for, if it is one: throttling, a 5xx, a timeout or a broken
     * connection. {@code what} names the call for the message (for example "sts:AssumeRole in 111122223333").
     */
    public static Optional<TransientFailureException> transientFailure(SdkException e, String what) {
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            if (service.isThrottlingException()) {
                return Optional.of(new ThrottledException(what + " was throttled (" + code + ") after the SDK's retries", null));
            }
            if (service.statusCode() >= 500) {
                return Optional.of(new ServiceUnavailableException(what + " failed with HTTP " + service.statusCode()
                        + " (" + code + ") after the SDK's retries", null));
            }
            return Optional.empty();
        }
        if (e instanceof SdkClientException) {
            return Optional.of(new CallTimeoutException(what + " timed out or lost its connection: " + e.getMessage(), null));
        }
        return Optional.empty();
    }

    /**
     * Throws the {@link TransientFailureException} that {@code e} stands for, if it is one, so that the state machine
     * retries; returns when {@code e} is a failure that retrying will not cure, for the caller to report.
     */
    public static void rethrowIfTransient(SdkException e, String what) {
        Optional<TransientFailureException> transientFailure = transientFailure(e, what);
        if (transientFailure.isPresent()) {
            throw transientFailure.get();
        }
    }

    /** The AWS error code of a service exception, or null. */
    public static String errorCode(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode();
        }
        return null;
    }
}
