package com.auditremediation.checkaccount.testing;

import com.auditremediation.local.FaultRule;
import com.auditremediation.local.ProxiedRequest;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** Fault rules for the member-account services: a recorder of calls, and the errors AWS sends that moto never does. */
public final class ProxyTraffic {

    public static final String PUT_PUBLIC_ACCESS_BLOCK = "PUT /v20180820/configuration/publicAccessBlock";

    private ProxyTraffic() {
    }

    /**
     * Answers nothing: names every call passing through the proxy (the query protocols' Action, or the method and
     * path of a REST call) and lets it on to moto. Inject it first: the proxy asks rules in order.
     */
    public static FaultRule recordCalls(List<String> calls) {
        return new FaultRule("records calls", request -> {
            calls.add(name(request));
            return false;
        }, 0, 200, "text/xml", "");
    }

    public static List<String> newLog() {
        return new CopyOnWriteArrayList<>();
    }

    public static String name(ProxiedRequest request) {
        return request.call();
    }

    /** IAM refuses {@code action}, {@code times} times, as it does for a role without the permission (the read-only roles). */
    public static FaultRule iamAccessDenied(String action, int times) {
        return new FaultRule("iam:" + action + " denied", request -> action.equals(request.form().get("Action")), times, 403, "text/xml",
                "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">\n  <Error>\n    <Type>Sender</Type>\n"
                        + "    <Code>AccessDenied</Code>\n    <Message>User: arn:aws:sts::111122223333:assumed-role/aws-controltower-ReadOnlyExecutionRole/s"
                        + " is not authorized to perform: iam:" + action + " on resource: *</Message>\n  </Error>\n"
                        + "  <RequestId>" + UUID.randomUUID() + "</RequestId>\n</ErrorResponse>\n");
    }

    /**
     * A JSON 1.1 service refuses the operation of {@code target} ({@code AmazonSSM.UpdateServiceSetting}) every time, as
     * it refuses a role without {@code action} (the read-only roles).
     */
    public static FaultRule jsonAccessDenied(String target, String action) {
        return FaultRule.jsonError(target, 400, "AccessDeniedException", "User: arn:aws:sts::111122223333:assumed-role/"
                + "aws-controltower-ReadOnlyExecutionRole/s is not authorized to perform: " + action, FaultRule.UNLIMITED);
    }

    /** EC2 refuses {@code action}, {@code times} times, in EC2's own error format. */
    public static FaultRule ec2Unauthorized(String action, int times) {
        return ec2Error(action, times, 403, "UnauthorizedOperation", "You are not authorized to perform this operation.");
    }

    /** EC2 answers {@code action} with an error, {@code times} times, in EC2's own error format. */
    public static FaultRule ec2Error(String action, int times, int status, String code, String message) {
        return new FaultRule("ec2:" + action + " " + code, request -> action.equals(request.form().get("Action")), times, status, "text/xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + code + "</Code><Message>" + message
                        + "</Message></Error></Errors><RequestID>" + UUID.randomUUID() + "</RequestID></Response>");
    }

    /** S3 Control refuses PutPublicAccessBlock, in S3 Control's error format (wrapped in ErrorResponse, unlike S3's). */
    public static FaultRule s3ControlAccessDenied() {
        return new FaultRule("s3:PutAccountPublicAccessBlock denied", request -> PUT_PUBLIC_ACCESS_BLOCK.equals(name(request)),
                FaultRule.UNLIMITED, 403, "application/xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse><Error><Code>AccessDenied</Code><Message>Access Denied</Message>"
                        + "</Error><RequestId>" + UUID.randomUUID() + "</RequestId><HostId>host</HostId></ErrorResponse>");
    }

    /** IAM throttles {@code action} every time. */
    public static FaultRule iamThrottling(String action) {
        return new FaultRule("iam:" + action + " throttled", request -> action.equals(request.form().get("Action")),
                FaultRule.UNLIMITED, 400, "text/xml", FaultRule.iamThrottlingBody());
    }

    /**
     * GetAccountSummary with the root user's MFA and access keys as given. moto always reports the root user without
     * MFA and without access keys (it has no way to change either), so the other cases come from the proxy.
     */
    public static FaultRule accountSummary(int accountMfaEnabled, int accountAccessKeysPresent) {
        return new FaultRule("iam:GetAccountSummary answers MFA " + accountMfaEnabled + ", keys " + accountAccessKeysPresent,
                request -> "GetAccountSummary".equals(request.form().get("Action")), FaultRule.UNLIMITED, 200, "text/xml",
                "<GetAccountSummaryResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">\n  <GetAccountSummaryResult>\n"
                        + "    <SummaryMap>\n"
                        + "      <entry><key>Users</key><value>0</value></entry>\n"
                        + "      <entry><key>AccountMFAEnabled</key><value>" + accountMfaEnabled + "</value></entry>\n"
                        + "      <entry><key>AccountAccessKeysPresent</key><value>" + accountAccessKeysPresent + "</value></entry>\n"
                        + "    </SummaryMap>\n  </GetAccountSummaryResult>\n"
                        + "  <ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata>\n"
                        + "</GetAccountSummaryResponse>\n");
    }
}
