package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.Check;
import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.Evidence;
import com.auditremediation.core.Json;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.Mode;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.PolicyScopeType;
import software.amazon.awssdk.services.iam.model.User;

/**
 * Two Security Hub controls about IAM policies, in one result with evidence per control:
 * <ul>
 *   <li>IAM.1 (HIGH, "IAM policies should not allow full "*" administrative privileges", CIS AWS Foundations Benchmark
 *   v3.0.0 1.16): no customer managed policy's default version has a statement with {@code "Effect": "Allow"},
 *   {@code "Action": "*"} and {@code "Resource": "*"}. As the control says, every customer managed policy counts, attached
 *   or not (CIS 1.16 looks only at attached ones: the evidence says which are attached); as its Config rule's
 *   {@code excludePermissionBoundaryPolicy}, a policy used only as a permissions boundary does not. ListPolicies
 *   ({@code Scope} {@code Local}), then GetPolicyVersion of each policy's default version.</li>
 *   <li>IAM.2 (LOW, "IAM users should not have IAM policies attached", CIS v3.0.0 1.15): no IAM user has a managed
 *   policy attached or an inline policy; users get permissions from groups or roles. ListUsers, then
 *   ListAttachedUserPolicies and ListUserPolicies for each.</li>
 * </ul>
 * Controls: https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-1 and #iam-2. The severity is
 * the higher of the two, HIGH.
 *
 * <p>Audit only: changing or detaching a policy changes what its users, groups and roles may do, and only the
 * account's IAM administrators know who depends on it. Remediate mode reports the same finding.
 */
public final class IamPolicyHygieneCheck extends Check {

    static final String ADMIN_POLICIES = "IAM.1";
    static final String USERS_WITH_POLICIES = "IAM.2";

    public IamPolicyHygieneCheck() {
        super(CheckDescriptor.builder("iam-policy-hygiene")
                .title("No customer managed policy allows \"*\" on \"*\", and no IAM user has policies of its own")
                .controls("IAM.1", "IAM.2")
                .cis("1.15", "1.16")
                .severity(Severity.HIGH)
                .reads("iam:ListPolicies", "iam:GetPolicyVersion", "iam:ListUsers", "iam:ListAttachedUserPolicies",
                        "iam:ListUserPolicies")
                .recommendation("The account's IAM administrators replace \"*\" on \"*\" in customer managed policies with the"
                        + " actions and resources needed (IAM, Policies), and move users' own policies to groups or roles"
                        + " (IAM, User groups), then detach them from the users.")
                .build());
    }

    @Override
    public List<CheckResult> run(CheckContext context) {
        IamClient iam = context.client(IamClient.builder(), context.homeRegion());
        List<String> adminPolicies = new ArrayList<>();
        for (Policy policy : iam.listPoliciesPaginator(r -> r.scope(PolicyScopeType.LOCAL)).policies()) {
            int attachments = count(policy.attachmentCount());
            if (attachments == 0 && count(policy.permissionsBoundaryUsageCount()) > 0) {
                continue;
            }
            String document = iam.getPolicyVersion(r -> r.policyArn(policy.arn()).versionId(policy.defaultVersionId()))
                    .policyVersion().document();
            if (allowsEverything(document)) {
                adminPolicies.add(policy.policyName() + (attachments == 0 ? " (not attached)" : " (attached " + attachments + ")"));
            }
        }
        List<String> usersWithPolicies = new ArrayList<>();
        for (User user : iam.listUsersPaginator().users()) {
            int attached = iam.listAttachedUserPoliciesPaginator(r -> r.userName(user.userName())).attachedPolicies().stream()
                    .mapToInt(policy -> 1).sum();
            int inline = iam.listUserPoliciesPaginator(r -> r.userName(user.userName())).policyNames().stream()
                    .mapToInt(name -> 1).sum();
            if (attached + inline > 0) {
                usersWithPolicies.add(user.userName() + " (" + attached + " attached, " + inline + " inline)");
            }
        }
        if (adminPolicies.isEmpty() && usersWithPolicies.isEmpty()) {
            return List.of(CheckResult.compliant(id(), null));
        }
        Map<String, Object> before = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        if (!adminPolicies.isEmpty()) {
            before.put(ADMIN_POLICIES, Evidence.capped(adminPolicies));
            problems.add("IAM.1: " + adminPolicies.size() + " customer managed polic" + (adminPolicies.size() == 1 ? "y allows" : "ies allow")
                    + " * on *");
        }
        if (!usersWithPolicies.isEmpty()) {
            before.put(USERS_WITH_POLICIES, Evidence.capped(usersWithPolicies));
            problems.add("IAM.2: " + usersWithPolicies.size() + " user" + (usersWithPolicies.size() == 1 ? " has" : "s have")
                    + " own policies, move them to groups");
        }
        String detail = (context.mode() == Mode.REMEDIATE ? "not fixed (audit only): " : "") + String.join("; ", problems);
        return List.of(CheckResult.nonCompliant(id(), null, detail, before));
    }

    /** Whether the policy document (URL-encoded, as IAM returns it) has a statement allowing every action on every resource. */
    static boolean allowsEverything(String document) {
        JsonNode policy;
        try {
            policy = Json.mapper().readTree(URLDecoder.decode(document, StandardCharsets.UTF_8));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return false;
        }
        JsonNode statements = policy.path("Statement");
        for (JsonNode statement : statements.isArray() ? statements : List.of(statements)) {
            if ("Allow".equals(statement.path("Effect").asText()) && hasWildcard(statement.path("Action"))
                    && hasWildcard(statement.path("Resource"))) {
                return true;
            }
        }
        return false;
    }

    /** {@code "*"}, or a list holding {@code "*"}. */
    private static boolean hasWildcard(JsonNode value) {
        if (value.isArray()) {
            for (JsonNode item : value) {
                if ("*".equals(item.asText())) {
                    return true;
                }
            }
            return false;
        }
        return "*".equals(value.asText());
    }

    private static int count(Integer value) {
        return value == null ? 0 : value;
    }
}
