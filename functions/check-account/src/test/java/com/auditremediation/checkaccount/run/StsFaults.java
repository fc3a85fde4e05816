package com.auditremediation.checkaccount.run;

import com.auditremediation.local.FaultRule;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Fault rules for STS answers that moto cannot give, in AWS's own wire format. */
final class StsFaults {

    private StsFaults() {
    }

    /** Answers nothing: records the form of every AssumeRole request passing through the proxy and lets it on to moto. */
    static FaultRule recordAssumeRole(List<Map<String, String>> requests) {
        return new FaultRule("records sts:AssumeRole", request -> {
            if (request.isStsAction("AssumeRole")) {
                requests.add(request.form());
            }
            return false;
        }, 0, 200, "text/xml", "");
    }

    /** GetCallerIdentity says, {@code times} times, that the caller is {@code arn} in {@code accountId}, whoever asks. */
    static FaultRule callerIdentity(String accountId, String arn, int times) {
        return new FaultRule("sts:GetCallerIdentity answers " + arn, request -> request.isStsAction("GetCallerIdentity"),
                times, 200, "text/xml",
                "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
                        + "  <GetCallerIdentityResult>\n"
                        + "    <Arn>" + arn + "</Arn>\n"
                        + "    <UserId>AROAEXAMPLEEXAMPLE:session</UserId>\n"
                        + "    <Account>" + accountId + "</Account>\n"
                        + "  </GetCallerIdentityResult>\n"
                        + "  <ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata>\n"
                        + "</GetCallerIdentityResponse>\n");
    }

    static FaultRule callerIdentityThrottling() {
        return stsError("GetCallerIdentity", 400, "Sender", "Throttling", "Rate exceeded");
    }

    static FaultRule callerIdentityUnavailable() {
        return stsError("GetCallerIdentity", 503, "Receiver", "ServiceUnavailable", "Service is unavailable");
    }

    /** What AWS answers when role session credentials call GetSessionToken (moto hands out a token instead). */
    static FaultRule getSessionTokenDenied() {
        return stsError("GetSessionToken", 403, "Sender", "AccessDenied", "Cannot call GetSessionToken with session credentials");
    }

    /** AssumeRole when STS is not activated in the region for the account. */
    static FaultRule assumeRoleRegionDisabled() {
        return stsError("AssumeRole", 403, "Sender", "RegionDisabledException",
                "STS is not activated in this region for account:111122223333. Your account administrator can activate STS in this region using the IAM Console.");
    }

    /** AssumeRole when the function's own credentials have expired. */
    static FaultRule assumeRoleExpiredToken() {
        return stsError("AssumeRole", 400, "Sender", "ExpiredToken", "The security token included in the request is expired");
    }

    private static FaultRule stsError(String action, int status, String type, String code, String message) {
        return new FaultRule("sts:" + action + " " + code, request -> request.isStsAction(action), FaultRule.UNLIMITED,
                status, "text/xml",
                "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
                        + "  <Error>\n    <Type>" + type + "</Type>\n    <Code>" + code + "</Code>\n    <Message>" + message
                        + "</Message>\n  </Error>\n  <RequestId>" + UUID.randomUUID() + "</RequestId>\n</ErrorResponse>\n");
    }
}
