package com.auditremediation.buildreport;

import com.auditremediation.core.error.CallTimeoutException;
import com.auditremediation.core.error.ErrorCode;
import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.error.ServiceUnavailableException;
import com.auditremediation.core.error.ThrottledException;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.Report;
import com.auditremediation.core.model.ReportRow;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static com.auditremediation.buildreport.Fixtures.javaCause;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The Map's Catch rows, with the Error and Cause that Step Functions records for each kind of failure. */
class CaughtErrorsTest {

    private static final String ACCOUNT = Fixtures.accountId(1);

    static Stream<Arguments> caughtErrors() {
        String throttled = ThrottledException.class.getName();
        String callTimeout = CallTimeoutException.class.getName();
        String unavailable = ServiceUnavailableException.class.getName();
        String invalid = InvalidInputException.class.getName();
        return Stream.of(
                arguments(throttled, javaCause(throttled, "sts:AssumeRole in " + ACCOUNT + " was throttled (Throttling) after the SDK's retries"),
                        ErrorCode.THROTTLED, throttled + ": sts:AssumeRole in " + ACCOUNT + " was throttled (Throttling) after the SDK's retries"),
                arguments("Lambda.TooManyRequestsException",
                        "Rate Exceeded. (Service: AWSLambda; Status Code: 429; Error Code: TooManyRequestsException; Request ID: 3f0a6c1e-8d2b-4f7a-9c51-0b7e2d4a6f10; Proxy: null)",
                        ErrorCode.THROTTLED,
                        "Lambda.TooManyRequestsException: Rate Exceeded. (Service: AWSLambda; Status Code: 429; Error Code: TooManyRequestsException; Request ID: 3f0a6c1e-8d2b-4f7a-9c51-0b7e2d4a6f10; Proxy: null)"),
                arguments(callTimeout, javaCause(callTimeout, "sts:GetCallerIdentity in " + ACCOUNT + " timed out or lost its connection: Read timed out"),
                        ErrorCode.TIMEOUT, callTimeout + ": sts:GetCallerIdentity in " + ACCOUNT + " timed out or lost its connection: Read timed out"),
                arguments("States.Timeout", null, ErrorCode.TIMEOUT, "States.Timeout (no cause given)"),
                arguments("States.Timeout", "Task timed out after 300 seconds", ErrorCode.TIMEOUT, "States.Timeout: Task timed out after 300 seconds"),
                arguments("Sandbox.Timedout",
                        "{\"errorType\":\"Sandbox.Timedout\",\"errorMessage\":\"RequestId: 5c1f2a4e-77b0-4a5d-b1e3-2f9d8c7a6b54 Error: Task timed out after 240.00 seconds\"}",
                        ErrorCode.TIMEOUT, "Sandbox.Timedout: RequestId: 5c1f2a4e-77b0-4a5d-b1e3-2f9d8c7a6b54 Error: Task timed out after 240.00 seconds"),
                arguments(unavailable, javaCause(unavailable, "sts:AssumeRole in " + ACCOUNT + " failed with HTTP 503 (ServiceUnavailable) after the SDK's retries"),
                        ErrorCode.SERVICE_UNAVAILABLE, unavailable + ": sts:AssumeRole in " + ACCOUNT + " failed with HTTP 503 (ServiceUnavailable) after the SDK's retries"),
                arguments("Lambda.ServiceException",
                        "null (Service: AWSLambda; Status Code: 500; Error Code: ServiceException; Request ID: 9b2d; Proxy: null)",
                        ErrorCode.SERVICE_UNAVAILABLE, "Lambda.ServiceException: null (Service: AWSLambda; Status Code: 500; Error Code: ServiceException; Request ID: 9b2d; Proxy: null)"),
                arguments("Lambda.AWSLambdaException", "Service Unavailable (Service: AWSLambda; Status Code: 503)",
                        ErrorCode.SERVICE_UNAVAILABLE, "Lambda.AWSLambdaException: Service Unavailable (Service: AWSLambda; Status Code: 503)"),
                arguments("Lambda.SdkClientException", "Unable to execute HTTP request: Connect to lambda.eu-west-1.amazonaws.com:443 failed: connect timed out",
                        ErrorCode.SERVICE_UNAVAILABLE, "Lambda.SdkClientException: Unable to execute HTTP request: Connect to lambda.eu-west-1.amazonaws.com:443 failed: connect timed out"),
                arguments(invalid, javaCause(invalid, "INVALID_INPUT: field 'account.id': 'abc' is not an AWS account id"),
                        ErrorCode.INVALID_INPUT, invalid + ": INVALID_INPUT: field 'account.id': 'abc' is not an AWS account id"),
                arguments("Lambda.Unknown",
                        "The cause could not be determined because Lambda did not return an error type. Returned payload: {\"errorType\":\"Runtime.ExitError\"}",
                        ErrorCode.FUNCTION_ERROR,
                        "Lambda.Unknown: The cause could not be determined because Lambda did not return an error type. Returned payload: {\"errorType\":\"Runtime.ExitError\"}"),
                arguments("java.lang.NullPointerException", javaCause("java.lang.NullPointerException", "Cannot invoke \\\"String.length()\\\" because \\\"name\\\" is null"),
                        ErrorCode.FUNCTION_ERROR, "java.lang.NullPointerException: Cannot invoke \"String.length()\" because \"name\" is null"),
                arguments("States.TaskFailed", "{not json", ErrorCode.FUNCTION_ERROR, "States.TaskFailed: {not json"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("caughtErrors")
    void aCatchRowGetsAnErrorCodeAndKeepsTheOriginalError(String errorType, String cause, ErrorCode code, String message) {
        BuildReportInput input = new BuildReportInput(Fixtures.listing(List.of(Fixtures.account(1)), List.of(), 0),
                List.of(Fixtures.caught(1, errorType, cause)), Fixtures.EXECUTION, Fixtures.STARTED_AT);

        Report report = new ReportBuilder(Fixtures.CLOCK, ReportBuilder.DEFAULT_BYTE_BUDGET).build(input);

        assertThat(report.accounts()).singleElement().isEqualTo(ReportRow.failed(Fixtures.account(1), code, message));
        assertThat(report.failuresByCode()).containsOnlyKeys(code);
    }

    @Test
    void longMessagesAreCappedAtFiveHundredCharacters() {
        String cause = javaCause("java.lang.IllegalStateException", "x".repeat(2_000));

        String message = CaughtErrors.message("java.lang.IllegalStateException", cause);

        assertThat(message).hasSize(CaughtErrors.MAX_MESSAGE_LENGTH).startsWith("java.lang.IllegalStateException: xxx").endsWith("x…");
    }

    @Test
    void aCapNeverSplitsASurrogatePair() {
        String text = "a".repeat(CaughtErrors.MAX_MESSAGE_LENGTH - 2) + "\uD83D\uDE00" + "tail";

        String capped = CaughtErrors.cap(text);

        assertThat(capped).hasSize(CaughtErrors.MAX_MESSAGE_LENGTH - 1).endsWith("a…");
    }

    @Test
    void messagesFromCheckAccountAreCappedToo() {
        AccountResult result = AccountResult.failed(ACCOUNT, ErrorCode.CHECK_FAILED, "y".repeat(800), null, 100L);
        BuildReportInput input = new BuildReportInput(Fixtures.listing(List.of(Fixtures.account(1)), List.of(), 0),
                List.of(result), Fixtures.EXECUTION, Fixtures.STARTED_AT);

        Report report = new ReportBuilder(Fixtures.CLOCK, ReportBuilder.DEFAULT_BYTE_BUDGET).build(input);

        assertThat(report.accounts().get(0).errorMessage()).hasSize(CaughtErrors.MAX_MESSAGE_LENGTH);
        assertThat(report.accounts().get(0).errorCode()).isEqualTo(ErrorCode.CHECK_FAILED);
    }
}
