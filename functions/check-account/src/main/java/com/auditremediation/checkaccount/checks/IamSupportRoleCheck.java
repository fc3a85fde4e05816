package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.Evidence;
import com.auditremediation.checkaccount.check.SettingCheck;
import com.auditremediation.core.Json;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.PolicyRole;

/**
 * An IAM role with the AWS managed policy {@code AWSSupportAccess} attached exists (Security Hub IAM.18, CIS AWS
 * Foundations Benchmark v3.0.0 1.17), so that incidents can be handled with AWS Support without the root user. As
 * in CIS 1.17, only roles count: users and groups with the policy do not.
 *
 * <p>The fix creates the role named by the template parameter SupportRoleName (the function's SUPPORT_ROLE_NAME,
 * by default {@code <Project>-support}), trusted by the account itself ({@code arn:<partition>:iam::<account>:root}:
 * whoever the account's own IAM policies allow to assume it), and attaches {@code AWSSupportAccess}. It never names a
 * role {@code aws-controltower-*}, which Control Tower's guardrails deny. A role of that name that already exists is
 * used only when it trusts nothing but the account itself; otherwise the fix stops with an error rather than grant
 * support access to principals it did not choose.
 */
public final class IamSupportRoleCheck extends SettingCheck<List<String>> {

    static final String ROLE_NAME = "SUPPORT_ROLE_NAME";
    static final String POLICY_NAME = "AWSSupportAccess";
    private static final String SETTING = "SupportRoles";
    private static final Pattern IAM_ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final String CONTROL_TOWER_PREFIX = "aws-controltower-";

    public IamSupportRoleCheck() {
        super(CheckDescriptor.builder("iam-support-role")
                .title("An IAM role with the AWSSupportAccess policy exists to manage incidents with AWS Support")
                .controls("IAM.18")
                .cis("1.17")
                .severity(Severity.LOW)
                .reads("iam:ListEntitiesForPolicy")
                .fixes("iam:CreateRole", "iam:GetRole", "iam:AttachRolePolicy")
                .recommendation("Create a role trusted by the account with the AWS managed policy AWSSupportAccess attached"
                        + " (remediate mode creates SupportRoleName, by default <Project>-support) and let your support staff assume it.")
                .build());
    }

    /** The names of the roles that have AWSSupportAccess attached. */
    @Override
    protected List<String> read(CheckContext context, Region region) {
        return context.client(IamClient.builder(), region)
                .listEntitiesForPolicyPaginator(r -> r.policyArn(policyArn(context)).entityFilter(EntityType.ROLE))
                .policyRoles().stream().map(PolicyRole::roleName).toList();
    }

    @Override
    protected Map<String, Object> failing(List<String> roles) {
        return roles.isEmpty() ? settings(roles) : Map.of();
    }

    @Override
    protected Map<String, Object> settings(List<String> roles) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put(SETTING, roles.isEmpty() ? "none" : Evidence.capped(roles));
        return settings;
    }

    @Override
    protected String problem(Map<String, Object> failing) {
        return "no IAM role has " + POLICY_NAME + " attached: nobody can open or manage AWS Support cases through a role";
    }

    @Override
    protected String cannotFix(CheckContext context, List<String> roles) {
        String name = context.setting(ROLE_NAME);
        if (name.isEmpty()) {
            return "set the template parameter SupportRoleName to let remediate mode create the role";
        }
        if (name.startsWith(CONTROL_TOWER_PREFIX)) {
            return "SupportRoleName " + name + " starts with " + CONTROL_TOWER_PREFIX + ", which Control Tower's guardrails"
                    + " deny; choose another name";
        }
        if (!IAM_ROLE_NAME.matcher(name).matches()) {
            return "SupportRoleName " + name + " is not a valid IAM role name (1 to 64 of letters, digits and +=,.@_-)";
        }
        return null;
    }

    @Override
    protected void fix(CheckContext context, Region region, List<String> roles) {
        IamClient iam = context.client(IamClient.builder(), region);
        String name = context.setting(ROLE_NAME);
        String trust = trustPolicy(context);
        try {
            iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(trust)
                    .description("AWS Support access (Security Hub IAM.18, CIS 1.17), created by audit-remediation"));
        } catch (EntityAlreadyExistsException e) {
            // A retry after a create whose attach failed finds our own role; anyone else's is left alone.
            String existing = URLDecoder.decode(iam.getRole(r -> r.roleName(name)).role().assumeRolePolicyDocument(),
                    StandardCharsets.UTF_8);
            if (!sameTrust(existing, trust)) {
                throw new IllegalStateException("the role " + name + " exists with another trust policy; attach "
                        + POLICY_NAME + " to a role of your choice, or set SupportRoleName to a name not in use");
            }
        }
        iam.attachRolePolicy(r -> r.roleName(name).policyArn(policyArn(context)));
    }

    static String policyArn(CheckContext context) {
        return "arn:" + context.partition() + ":iam::aws:policy/" + POLICY_NAME;
    }

    /** Only the account itself may assume the role: its IAM policies decide who. */
    static String trustPolicy(CheckContext context) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:"
                + context.partition() + ":iam::" + context.accountId() + ":root\"},\"Action\":\"sts:AssumeRole\"}]}";
    }

    private static boolean sameTrust(String existing, String ours) {
        try {
            return Json.mapper().readTree(existing).equals(Json.mapper().readTree(ours));
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
