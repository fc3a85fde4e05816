package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.Check;
import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import com.auditremediation.core.model.CheckResult;
import java.util.List;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * Proves the access path: with the assumed credentials, STS must say we are the execution role's session in the
 * target account. Anything else (another account, another role) means the sweep would act in the wrong place.
 */
public final class CallerIdentityCheck extends Check {

    public CallerIdentityCheck() {
        super(CheckDescriptor.builder("caller-identity")
                .title("The assumed role acts as its own session in the target account")
                .severity(Severity.LOW)
                // GetCallerIdentity needs no permission; it is listed so that the catalog is complete.
                .reads("sts:GetCallerIdentity")
                .recommendation("If this fails, the sweep reached another account or role than it asked for: check RoleName"
                        + " and the execution role's trust policy in the account before running in remediate mode.")
                .build());
    }

    @Override
    public List<CheckResult> run(CheckContext context) {
        StsClient sts = context.client(StsClient.builder(), context.homeRegion());
        GetCallerIdentityResponse identity = sts.getCallerIdentity();
        String expectedArn = "arn:" + context.partition() + ":sts::" + context.accountId() + ":assumed-role/"
                + context.roleName() + "/" + context.sessionName();
        if (context.accountId().equals(identity.account()) && expectedArn.equals(identity.arn())) {
            return List.of(CheckResult.compliant(id(), null));
        }
        return List.of(CheckResult.error(id(), null, "expected account " + context.accountId() + " as "
                + expectedArn + ", found account " + identity.account() + " as " + identity.arn()));
    }
}
