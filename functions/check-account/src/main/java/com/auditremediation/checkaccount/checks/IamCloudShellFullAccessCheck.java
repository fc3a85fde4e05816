package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.Check;
import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.Evidence;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.Mode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.ListEntitiesForPolicyResponse;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PolicyGroup;
import software.amazon.awssdk.services.iam.model.PolicyRole;
import software.amazon.awssdk.services.iam.model.PolicyUser;

/**
 * No IAM user, group or role has the AWS managed policy {@code AWSCloudShellFullAccess} attached (Security Hub IAM.27,
 * MEDIUM, "IAM identities should not have the AWSCloudShellFullAccess policy attached",
 * https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-27; CIS AWS Foundations Benchmark
 * v3.0.0 1.22): CloudShell with full access can upload, download and send data to the internet. One paged
 * ListEntitiesForPolicy on the policy's ARN in the account's partition lists them all. A partition without the policy
 * (NoSuchEntity) has nobody with it.
 *
 * <p>Audit only: detaching the policy takes CloudShell (or more, where it was the identity's way in) from whoever
 * uses it. The roles IAM Identity Center makes ({@code AWSReservedSSO_*}) are listed apart: IAM refuses changes to
 * them, and their policies come from a permission set, which is changed in Identity Center (its management or
 * delegated administrator account).
 */
public final class IamCloudShellFullAccessCheck extends Check {

    static final String POLICY_NAME = "AWSCloudShellFullAccess";
    static final String IDENTITY_CENTER_ROLE_PREFIX = "AWSReservedSSO_";

    public IamCloudShellFullAccessCheck() {
        super(CheckDescriptor.builder("iam-cloudshell-full-access")
                .title("No IAM identity has the AWSCloudShellFullAccess policy attached")
                .controls("IAM.27")
                .cis("1.22")
                .severity(Severity.MEDIUM)
                .reads("iam:ListEntitiesForPolicy")
                .recommendation("The account's IAM administrators replace AWSCloudShellFullAccess on users, groups and roles with"
                        + " narrower permissions (for example without file upload and download); for AWSReservedSSO_* roles,"
                        + " change the permission set in IAM Identity Center, from its management or delegated administrator account.")
                .build());
    }

    @Override
    public List<CheckResult> run(CheckContext context) {
        IamClient iam = context.client(IamClient.builder(), context.homeRegion());
        String policyArn = "arn:" + context.partition() + ":iam::aws:policy/" + POLICY_NAME;
        List<String> users = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        List<String> roles = new ArrayList<>();
        List<String> identityCenterRoles = new ArrayList<>();
        try {
            for (ListEntitiesForPolicyResponse page : iam.listEntitiesForPolicyPaginator(r -> r.policyArn(policyArn))) {
                page.policyUsers().stream().map(PolicyUser::userName).forEach(users::add);
                page.policyGroups().stream().map(PolicyGroup::groupName).forEach(groups::add);
                for (PolicyRole role : page.policyRoles()) {
                    (role.roleName().startsWith(IDENTITY_CENTER_ROLE_PREFIX) ? identityCenterRoles : roles).add(role.roleName());
                }
            }
        } catch (NoSuchEntityException e) {
            return List.of(CheckResult.compliant(id(), null));
        }
        Map<String, Object> before = new LinkedHashMap<>();
        put(before, "Users", users);
        put(before, "Groups", groups);
        put(before, "Roles", roles);
        put(before, "IdentityCenterRoles", identityCenterRoles);
        if (before.isEmpty()) {
            return List.of(CheckResult.compliant(id(), null));
        }
        int identities = users.size() + groups.size() + roles.size();
        List<String> advice = new ArrayList<>();
        if (identities > 0) {
            advice.add("detach it from " + identities + " IAM identit" + (identities == 1 ? "y" : "ies"));
        }
        if (!identityCenterRoles.isEmpty()) {
            advice.add("change the permission set of " + identityCenterRoles.size() + " AWSReservedSSO role"
                    + (identityCenterRoles.size() == 1 ? "" : "s") + " in IAM Identity Center");
        }
        String detail = (context.mode() == Mode.REMEDIATE ? "not fixed (audit only): " : "") + POLICY_NAME
                + " attached: " + String.join("; ", advice);
        return List.of(CheckResult.nonCompliant(id(), null, detail, before));
    }

    private static void put(Map<String, Object> evidence, String name, List<String> names) {
        if (!names.isEmpty()) {
            evidence.put(name, Evidence.capped(names));
        }
    }
}
