package com.auditremediation.checkaccount.check;

import com.auditremediation.core.AwsFaults;
import com.auditremediation.core.model.CheckResult;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** How a check's SDK failures become results: transient ones are thrown (the account is retried), the rest are ERROR. */
public final class CheckFailures {

    private CheckFailures() {
    }

    /** An SDK failure in a few words: the service's error code and message, never a request's contents. */
    public static String describe(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().serviceName() + " " + service.awsErrorDetails().errorCode() + ": "
                    + service.awsErrorDetails().errorMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    public static boolean accessDenied(SdkException e) {
        String code = AwsFaults.errorCode(e);
        return (e instanceof AwsServiceException service && service.statusCode() == 403)
                || (code != null && (code.startsWith("AccessDenied") || code.equals("UnauthorizedOperation")));
    }

    /**
     * The ERROR result of a fix of {@code check} that failed with {@code e} (thrown instead when transient). When AWS
     * refused it, the detail says which roles and actions remediate mode needs: the read-only roles refuse every fix.
     */
    public static CheckResult fixFailed(Check check, String region, String problem, SdkException e, Map<String, Object> before) {
        CheckResult error = errorOrThrow(check.id(), region, "could not fix (" + problem + ")", e, before);
        return CheckResult.error(check.id(), region, error.detail() + fixRefusedHint(e, check.fixActions()), before);
    }

    /**
     * What to add to the detail of a fix that {@code e} refused: under the read-only roles every fix is AccessDenied,
     * and the person reading needs to know which roles and actions remediate mode takes; "" for any other failure.
     */
    public static String fixRefusedHint(SdkException e, List<String> fixActions) {
        return accessDenied(e)
                ? "; remediate mode needs the administrator roles (aws-controltower-AuditAdministratorRole"
                + " -> aws-controltower-AdministratorExecutionRole) with " + String.join(", ", fixActions)
                : "";
    }

    /**
     * The ERROR result for {@code e}, whose detail starts with {@code what} (for example "could not read"); throws
     * instead when {@code e} is transient, so that the state machine retries the account.
     */
    public static CheckResult errorOrThrow(String checkId, String region, String what, SdkException e, Map<String, Object> before) {
        AwsFaults.rethrowIfTransient(e, "check " + checkId + (region == null ? "" : " in " + region));
        return CheckResult.error(checkId, region, what + ": " + describe(e), before);
    }
}
