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
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.PolicyRole;

import static org.assertj.core.api.Assertions.assertThat;

/** With AWS managed policies: the check lists who has AWSCloudShellFullAccess, which exists only with them. */
class IamCloudShellFullAccessCheckTest implements CheckArrangement {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = new MotoExtension();

    private static final String ACCOUNT_ID = "111122223333";
    private static final String CHECK = "iam-cloudshell-full-access";
    private static final String POLICY_ARN = "arn:aws:iam::aws:policy/AWSCloudShellFullAccess";
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID);

    /** A new account's state: nobody has the policy. */
    @Override
    public void arrangeCompliant(CheckFixtures.Fixture fixture) {
    }

    /** A role with the policy (a role, so that no user gets a policy attached for IAM.2's sake). */
    @Override
    public void arrangeNonCompliant(CheckFixtures.Fixture fixture) {
        IamClient iam = fixture.account().iam();
        iam.createRole(r -> r.roleName("cloudshell-operators").assumeRolePolicyDocument(TRUST));
        iam.attachRolePolicy(r -> r.roleName("cloudshell-operators").policyArn(POLICY_ARN));
    }

    /** The roles with the policy. */
    @Override
    public Object state(CheckFixtures.Fixture fixture) {
        return fixture.account().iam().listEntitiesForPolicy(r -> r.policyArn(POLICY_ARN)).policyRoles().stream()
                .map(PolicyRole::roleName).sorted().toList();
    }

    /** One test: each of this class's tests resets a moto with AWS managed policies, which costs seconds. */
    @Test
    void nobodyWithThePolicyIsCompliantThenEveryIdentityWithItIsListedAndIdentityCenterRolesGoToTheirPermissionSet() {
        CheckResult compliant = CheckerHarness.only(harness.run(CHECK, Mode.AUDIT));
        assertThat(compliant).isEqualTo(CheckResult.compliant(CHECK, null));
        assertThat(harness.actions()).containsExactly("iam:ListEntitiesForPolicy");
        IamClient iam = harness.account().iam();
        iam.createUser(r -> r.userName("dev"));
        iam.attachUserPolicy(r -> r.userName("dev").policyArn(POLICY_ARN));
        iam.createGroup(r -> r.groupName("ops"));
        iam.attachGroupPolicy(r -> r.groupName("ops").policyArn(POLICY_ARN));
        arrangeNonCompliant(new CheckFixtures.Fixture(harness.account(), MOTO, List.of()));
        String ssoRole = "AWSReservedSSO_PowerUser_0123456789abcdef";
        iam.createRole(r -> r.roleName(ssoRole).assumeRolePolicyDocument(TRUST));
        iam.attachRolePolicy(r -> r.roleName(ssoRole).policyArn(POLICY_ARN));

        CheckResult audit = CheckerHarness.only(harness.run(CHECK, Mode.AUDIT));
        CheckResult remediate = CheckerHarness.only(harness.run(CHECK, Mode.REMEDIATE));

        assertThat(audit.status()).isEqualTo(CheckStatus.NON_COMPLIANT);
        assertThat(audit.before()).isEqualTo(Map.of("Users", List.of("dev"), "Groups", List.of("ops"),
                "Roles", List.of("cloudshell-operators"), "IdentityCenterRoles", List.of(ssoRole)));
        assertThat(audit.detail()).isEqualTo("AWSCloudShellFullAccess attached: detach it from 3 IAM identities; change the"
                + " permission set of 1 AWSReservedSSO role in IAM Identity Center");
        assertThat(remediate.status()).isEqualTo(CheckStatus.NON_COMPLIANT);
        assertThat(remediate.detail()).startsWith("not fixed (audit only): AWSCloudShellFullAccess attached");
        assertThat(state(new CheckFixtures.Fixture(harness.account(), MOTO, List.of()))).as("nothing detached")
                .isEqualTo(List.of(ssoRole, "cloudshell-operators"));
        assertThat(harness.actions()).containsOnly("iam:ListEntitiesForPolicy");
    }
}
