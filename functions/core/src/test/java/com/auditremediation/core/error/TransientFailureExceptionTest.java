package com.auditremediation.core.error;

import com.auditremediation.core.runtime.FunctionError;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TransientFailureExceptionTest {

    /**
     * What the Map's Catch keeps of an account whose retries are spent is Lambda's report of the exception: without a
     * stack trace and with a capped message, it stays a few hundred bytes however long the SDK's own message was.
     */
    @Test
    void aSpentTransientFailureIsReportedInAFewHundredBytes() {
        String longMessage = "sts:AssumeRole into 123456789012 timed out or lost its connection: " + "Unable to execute HTTP request ".repeat(40);
        TransientFailureException e = new CallTimeoutException(longMessage, null);

        String payload = FunctionError.payload(e);

        assertThat(e.getStackTrace()).isEmpty();
        assertThat(e.getMessage()).hasSize(TransientFailureException.MAX_MESSAGE).startsWith("sts:AssumeRole into 123456789012").endsWith("…");
        assertThat(payload).contains("\"stackTrace\":[]");
        assertThat(payload.getBytes(StandardCharsets.UTF_8).length).isLessThan(320);
        assertThat(new ThrottledException("short", null).getMessage()).isEqualTo("short");
        assertThat(new ServiceUnavailableException(null, null).getMessage()).isNull();
    }
}
