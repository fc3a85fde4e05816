package com.auditremediation.local;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One fault that {@link FaultProxy} answers instead of moto: which requests it matches, how many times (then it lets
 * them through), and the exact error response AWS would send. The factories below copy AWS's own wire formats, so
 * the SDK, and the code under test, see what they would see from AWS. A {@link #latency} rule answers nothing: it
 * holds each request it matches for a while, then lets the proxy go on with it as if the rule were not there.
 */
public final class FaultRule {

    public static final int UNLIMITED = Integer.MAX_VALUE;

    private final String description;
    private final Predicate<ProxiedRequest> matcher;
    private final int status;
    private final String contentType;
    private final Supplier<String> body;
    private final AtomicInteger remaining;
    private final AtomicInteger hits = new AtomicInteger();
    /** How long a request it matches is held before the proxy goes on with it; null for a rule that answers. */
    private final Duration delay;

    public FaultRule(String description, Predicate<ProxiedRequest> matcher, int times, int status, String contentType, String body) {
        this(description, matcher, times, status, contentType, () -> body, null);
    }

    /**
     * A rule whose answer is made when it answers, not when it is added: for an answer built from moto's state at that
     * moment (a credential report edited from moto's own, which includes the users arranged after the rule was added).
     */
    public FaultRule(String description, Predicate<ProxiedRequest> matcher, int times, int status, String contentType, Supplier<String> body) {
        this(description, matcher, times, status, contentType, body, null);
    }

    private FaultRule(String description, Predicate<ProxiedRequest> matcher, int times, int status, String contentType, Supplier<String> body,
                      Duration delay) {
        this.description = description;
        this.matcher = matcher;
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.remaining = new AtomicInteger(times);
        this.delay = delay;
    }

    /**
     * Every request takes {@code delay} longer, as on a network where each AWS call costs that round trip and the
     * service's own time; the requests in flight wait side by side, as they would. Put it first: the rules after it
     * (faults included) and the stand-in or moto answer once the delay is over.
     */
    public static FaultRule latency(Duration delay) {
        return new FaultRule("every call " + delay.toMillis() + " ms later", request -> true, UNLIMITED, 0, "", () -> "", delay);
    }

    /**
     * The first attempt of each distinct request that {@code matcher} accepts is answered with {@code status} and
     * {@code body} (a throttling error, say); a request that comes again with the same method, path and body (the
     * SDK's retry) goes through. So a call is refused at most once, however many calls run at once, and whatever
     * the SDK's number of attempts: a share of the traffic fails, every call still succeeds.
     */
    public static FaultRule onceForEachRequest(String description, Predicate<ProxiedRequest> matcher, int status, String contentType,
                                               String body) {
        Set<String> refused = ConcurrentHashMap.newKeySet();
        return new FaultRule(description, request -> matcher.test(request)
                && refused.add(request.method() + " " + request.path() + "\n" + request.body()), UNLIMITED, status, contentType, body);
    }

    /** IAM's throttling error, as IAM sends it (HTTP 400, code {@code Throttling}). */
    public static String iamThrottlingBody() {
        return "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">\n  <Error>\n    <Type>Sender</Type>\n"
                + "    <Code>Throttling</Code>\n    <Message>Rate exceeded</Message>\n  </Error>\n"
                + "  <RequestId>" + UUID.randomUUID() + "</RequestId>\n</ErrorResponse>\n";
    }

    /** EC2's throttling error, as EC2 sends it (HTTP 503, code {@code RequestLimitExceeded}). */
    public static String ec2ThrottlingBody() {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>RequestLimitExceeded</Code>"
                + "<Message>Request limit exceeded.</Message></Error></Errors><RequestID>" + UUID.randomUUID() + "</RequestID></Response>";
    }

    /** STS refuses AssumeRole of any role in {@code accountId}, as it does when the role is missing or its trust denies. */
    public static FaultRule stsAccessDenied(String accountId) {
        return new FaultRule("sts:AssumeRole denied in " + accountId,
                request -> request.isStsAction("AssumeRole") && request.roleArnAccount().equals(accountId),
                UNLIMITED, 403, "text/xml",
                stsError("Sender", "AccessDenied", "User: arn:aws:sts::000000000000:assumed-role/audit-role/lambda is not authorized"
                        + " to perform: sts:AssumeRole on resource: arn:aws:iam::" + accountId + ":role/execution-role"));
    }

    /** STS throttles AssumeRole into {@code accountId} {@code times} times, then lets it through. */
    public static FaultRule stsThrottling(String accountId, int times) {
        return new FaultRule("sts:AssumeRole throttled in " + accountId,
                request -> request.isStsAction("AssumeRole") && request.roleArnAccount().equals(accountId),
                times, 400, "text/xml", stsError("Sender", "Throttling", "Rate exceeded"));
    }

    /** STS answers AssumeRole into {@code accountId} with a 503 {@code times} times. */
    public static FaultRule stsServiceUnavailable(String accountId, int times) {
        return new FaultRule("sts:AssumeRole unavailable in " + accountId,
                request -> request.isStsAction("AssumeRole") && request.roleArnAccount().equals(accountId),
                times, 503, "text/xml", stsError("Receiver", "ServiceUnavailable", "Service is unavailable"));
    }

    /** Organizations throttles {@code action} (for example "ListAccounts") {@code times} times. */
    public static FaultRule organizationsThrottling(String action, int times) {
        return new FaultRule("organizations:" + action + " throttled",
                request -> request.isOrganizationsAction(action), times, 400, "application/x-amz-json-1.1",
                "{\"__type\":\"TooManyRequestsException\",\"Message\":\"AWS Organizations can't complete your request because another request is already in progress. Try again later.\"}");
    }

    /** Organizations refuses every call, as it does for an account that is neither management nor delegated administrator. */
    public static FaultRule organizationsAccessDenied() {
        return new FaultRule("organizations denied",
                request -> request.target().startsWith("AWSOrganizationsV20161128."), UNLIMITED, 400, "application/x-amz-json-1.1",
                "{\"__type\":\"AccessDeniedException\",\"Message\":\"You don't have permissions to access this resource.\"}");
    }

    /**
     * A JSON 1.1 operation, named by its {@code X-Amz-Target} ({@code AmazonSSM.GetServiceSetting}), answered {@code times}
     * times with the error {@code code}, as those services send errors ({@code __type} and {@code message}).
     */
    public static FaultRule jsonError(String target, int status, String code, String message, int times) {
        return new FaultRule(target + " answered " + code, request -> request.target().equals(target), times, status,
                "application/x-amz-json-1.1", jsonErrorBody(code, message));
    }

    /**
     * A REST-JSON operation, named as {@link ProxiedRequest#call()} names it ({@code GET /analyzer}), answered
     * {@code times} times with the error {@code code}; the SDK reads the code from the body's {@code __type}.
     */
    public static FaultRule restJsonError(String call, int status, String code, String message, int times) {
        return new FaultRule(call + " answered " + code, request -> request.call().equals(call), times, status,
                "application/json", jsonErrorBody(code, message));
    }

    /** An EC2 action ({@code EnableSnapshotBlockPublicAccess}) answered {@code times} times with EC2's XML error {@code code}. */
    public static FaultRule ec2Error(String action, int status, String code, String message, int times) {
        return new FaultRule("ec2:" + action + " answered " + code, request -> action.equals(request.form().get("Action")), times, status,
                "text/xml;charset=UTF-8", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + code
                        + "</Code><Message>" + message + "</Message></Error></Errors><RequestID>" + UUID.randomUUID()
                        + "</RequestID></Response>");
    }

    private static String jsonErrorBody(String code, String message) {
        return "{\"__type\":\"" + code + "\",\"message\":\"" + message.replace("\"", "\\\"") + "\"}";
    }

    private static String stsError(String type, String code, String message) {
        return "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
                + "  <Error>\n    <Type>" + type + "</Type>\n    <Code>" + code + "</Code>\n    <Message>" + message + "</Message>\n  </Error>\n"
                + "  <RequestId>" + UUID.randomUUID() + "</RequestId>\n</ErrorResponse>\n";
    }

    /** Whether this rule answers {@code request}; counts the hit and uses up one of its times. */
    boolean take(ProxiedRequest request) {
        if (!matcher.test(request)) {
            return false;
        }
        if (remaining.getAndUpdate(n -> n == UNLIMITED ? n : Math.max(0, n - 1)) <= 0) {
            return false;
        }
        hits.incrementAndGet();
        return true;
    }

    public int hits() {
        return hits.get();
    }

    public String description() {
        return description;
    }

    /** How long a request it matches is held before the proxy goes on with it; null for a rule that answers. */
    Duration delay() {
        return delay;
    }

    int status() {
        return status;
    }

    String contentType() {
        return contentType;
    }

    String body() {
        return body.get();
    }
}
