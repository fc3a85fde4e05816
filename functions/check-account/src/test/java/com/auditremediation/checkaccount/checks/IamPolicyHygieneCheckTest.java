package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.testing.CheckArrangement;
import com.auditremediation.checkaccount.testing.CheckFixtures;
import com.auditremediation.checkaccount.testing.CheckerHarness;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Mode;
import com.auditremediation.local.MotoExtension;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.PolicyScopeType;

import static org.assertj.core.api.Assertions.assertThat;

class IamPolicyHygieneCheckTest implements CheckArrangement {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String ACCOUNT_ID = "111122223333";
    private static final String CHECK = "iam-policy-hygiene";
    private static final String ADMIN = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
    private static final String ADMIN_IN_LISTS = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
            + "\"Action\":[\"s3:GetObject\",\"*\"],\"Resource\":[\"*\"]}}";
    private static final String READ_S3 = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"},"
            + "{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID);

    /** A narrow policy on a group, a user in the group: permissions come from groups, as IAM.2 asks. */
    @Override
    public void arrangeCompliant(CheckFixtures.Fixture fixture) {
        IamClient iam = fixture.account().iam();
        String arn = iam.createPolicy(r -> r.policyName("s3-everything").policyDocument(READ_S3)).policy().arn();
        iam.createGroup(r -> r.groupName("readers"));
        iam.attachGroupPolicy(r -> r.groupName("readers").policyArn(arn));
        iam.createUser(r -> r.userName("reader"));
        iam.addUserToGroup(r -> r.groupName("readers").userName("reader"));
    }

    /** A policy allowing * on * (attached to nobody: IAM.1 counts it all the same) and a user with an inline policy. */
    @Override
    public void arrangeNonCompliant(CheckFixtures.Fixture fixture) {
        IamClient iam = fixture.account().iam();
        iam.createPolicy(r -> r.policyName("admin-everything").policyDocument(ADMIN));
        iam.createUser(r -> r.userName("inline-user"));
        iam.putUserPolicy(r -> r.userName("inline-user").policyName("own").policyDocument(READ_S3));
    }

    /** The customer managed policies and each user's own policies. */
    @Override
    public Object state(CheckFixtures.Fixture fixture) {
        IamClient iam = fixture.account().iam();
        Map<String, Object> state = new TreeMap<>();
        iam.listPoliciesPaginator(r -> r.scope(PolicyScopeType.LOCAL)).policies()
                .forEach(policy -> state.put("policy " + policy.policyName(), policy.defaultVersionId()));
        iam.listUsersPaginator().users().forEach(user -> state.put("user " + user.userName(), List.of(
                iam.listAttachedUserPolicies(r -> r.userName(user.userName())).attachedPolicies().stream().map(AttachedPolicy::policyName).sorted().toList(),
                iam.listUserPolicies(r -> r.userName(user.userName())).policyNames().stream().sorted().toList())));
        return state;
    }

    @Test
    void narrowPoliciesOnGroupsAreCompliant() {
        arrangeCompliant(fixture());

        CheckResult result = CheckerHarness.only(harness.run(CHECK, Mode.AUDIT));

        assertThat(result).isEqualTo(CheckResult.compliant(CHECK, null));
        assertThat(harness.actions()).containsExactly("iam:ListPolicies", "iam:GetPolicyVersion", "iam:ListUsers",
                "iam:ListAttachedUserPolicies", "iam:ListUserPolicies");
    }

    @Test
    void eachControlHasItsOwnEvidenceAndRemediateChangesNothing() {
        arrangeNonCompliant(fixture());
        IamClient iam = harness.account().iam();
        String listed = iam.createPolicy(r -> r.policyName("admin-in-lists").policyDocument(ADMIN_IN_LISTS)).policy().arn();
        iam.createUser(r -> r.userName("attached-user"));
        iam.attachUserPolicy(r -> r.userName("attached-user").policyArn(listed));
        Object before = state(fixture());

        CheckResult audit = CheckerHarness.only(harness.run(CHECK, Mode.AUDIT));
        CheckResult remediate = CheckerHarness.only(harness.run(CHECK, Mode.REMEDIATE));

        assertThat(audit.status()).isEqualTo(CheckStatus.NON_COMPLIANT);
        assertThat(audit.before()).isEqualTo(Map.of(
                "IAM.1", List.of("admin-everything (not attached)", "admin-in-lists (attached 1)"),
                "IAM.2", List.of("inline-user (0 attached, 1 inline)", "attached-user (1 attached, 0 inline)")));
        assertThat(audit.detail()).isEqualTo("IAM.1: 2 customer managed policies allow * on *; IAM.2: 2 users have own"
                + " policies, move them to groups");
        assertThat(remediate.status()).isEqualTo(CheckStatus.NON_COMPLIANT);
        assertThat(remediate.detail()).startsWith("not fixed (audit only): IAM.1: 2 customer managed policies");
        assertThat(state(fixture())).isEqualTo(before);
    }

    @Test
    void onlyAnAllowOfEveryActionOnEveryResourceCounts() {
        assertThat(IamPolicyHygieneCheck.allowsEverything(ADMIN)).isTrue();
        assertThat(IamPolicyHygieneCheck.allowsEverything(ADMIN_IN_LISTS)).isTrue();
        assertThat(IamPolicyHygieneCheck.allowsEverything("%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action"
                + "%22%3A%22*%22%2C%22Resource%22%3A%22*%22%7D%5D%7D")).as("URL-encoded, as IAM returns it").isTrue();
        assertThat(IamPolicyHygieneCheck.allowsEverything(READ_S3)).as("s3:* and a Deny of *").isFalse();
        assertThat(IamPolicyHygieneCheck.allowsEverything("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\","
                + "\"Resource\":\"arn:aws:s3:::bucket/*\"}]}")).isFalse();
    }

    private CheckFixtures.Fixture fixture() {
        return new CheckFixtures.Fixture(harness.account(), MOTO, List.of());
    }
}
