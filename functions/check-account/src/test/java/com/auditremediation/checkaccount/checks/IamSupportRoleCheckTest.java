package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.testing.CheckArrangement;
import com.auditremediation.checkaccount.testing.CheckFixtures;
import com.auditremediation.checkaccount.testing.CheckerHarness;
import com.auditremediation.checkaccount.testing.FixableSettings;
import com.auditremediation.checkaccount.testing.ProxyTraffic;
import com.auditremediation.core.Json;
import com.auditremediation.core.error.ErrorCode;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Mode;
import com.auditremediation.local.FaultRule;
import com.auditremediation.local.MotoExtension;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.PolicyRole;

import static org.assertj.core.api.Assertions.assertThat;

class IamSupportRoleCheckTest implements CheckArrangement {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = new MotoExtension();

    private static final String ACCOUNT_ID = "111122223333";
    private static final String CHECK = "iam-support-role";
    private static final String POLICY_ARN = "arn:aws:iam::aws:policy/AWSSupportAccess";
    private static final String TRUST_ACCOUNT = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"sts:AssumeRole\"}]}";
    private static final String TRUST_ELSEWHERE = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::999988887777:root\"},\"Action\":\"sts:AssumeRole\"}]}";

    /** The template parameters that some fixes write: tests with other settings say so where they run the check. */
    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID, FixableSettings.ALL);

    @Override
    public void arrangeCompliant(CheckFixtures.Fixture fixture) {
        IamClient iam = fixture.account().iam();
        String trust = TRUST_ACCOUNT.replace(ACCOUNT_ID, fixture.account().accountId());
        iam.createRole(r -> r.roleName("support-staff").assumeRolePolicyDocument(trust));
        iam.attachRolePolicy(r -> r.roleName("support-staff").policyArn(POLICY_ARN));
    }

    /** moto's own state, as in a new account: no role has AWSSupportAccess. */
    @Override
    public void arrangeNonCompliant(CheckFixtures.Fixture fixture) {
    }

    /** Each role by name with its trust policy and attached policies. */
    @Override
    public Object state(CheckFixtures.Fixture fixture) {
        IamClient iam = fixture.account().iam();
        Map<String, Object> roles = new HashMap<>();
        iam.listRolesPaginator().roles().forEach(role -> roles.put(role.roleName(), List.of(
                URLDecoder.decode(role.assumeRolePolicyDocument(), StandardCharsets.UTF_8),
                iam.listAttachedRolePolicies(r -> r.roleName(role.roleName())).attachedPolicies().stream().map(AttachedPolicy::policyArn).toList())));
        return roles;
    }

    @Test
    void withoutARoleThatHasAwsSupportAccessTheCheckIsNonCompliant() {
        // CIS 1.17 asks for a role: a user with the policy does not count.
        harness.account().iam().createUser(r -> r.userName("support-user"));
        harness.account().iam().attachUserPolicy(r -> r.userName("support-user").policyArn(POLICY_ARN));

        CheckResult result = CheckerHarness.only(harness.run(CHECK, Mode.AUDIT, Map.of()));

        assertThat(result).isEqualTo(CheckResult.nonCompliant("iam-support-role", null,
                "no IAM role has AWSSupportAccess attached: nobody can open or manage AWS Support cases through a role",
                Map.of("SupportRoles", "none")));
        assertThat(harness.actions()).containsExactly("iam:ListEntitiesForPolicy");
    }

    @Test
    void aRoleWithAwsSupportAccessIsCompliant() {
        arrangeCompliant(new CheckFixtures.Fixture(harness.account(), MOTO, List.of()));

        CheckResult audited = CheckerHarness.only(harness.run(CHECK, Mode.AUDIT));
        CheckResult remediated = CheckerHarness.only(harness.run(CHECK, Mode.REMEDIATE));

        assertThat(audited).isEqualTo(CheckResult.compliant("iam-support-role", null));
        assertThat(remediated).isEqualTo(audited);
        assertThat(harness.actions()).containsOnly("iam:ListEntitiesForPolicy");
    }

    @Test
    void remediateCreatesTheSupportRoleTrustedByTheAccountWithAwsSupportAccessAndTheSecondRunWritesNothing() throws Exception {

        CheckResult first = CheckerHarness.only(harness.run(CHECK, Mode.REMEDIATE));
        int actionsAfterFirst = harness.actions().size();
        CheckResult second = CheckerHarness.only(harness.run(CHECK, Mode.REMEDIATE));

        assertThat(first).isEqualTo(CheckResult.remediated("iam-support-role", null,
                "iam:CreateRole, iam:GetRole, iam:AttachRolePolicy", Map.of("SupportRoles", "none"),
                Map.of("SupportRoles", List.of("audit-remediation-support"))));
        IamClient iam = harness.account().iam();
        String trust = URLDecoder.decode(iam.getRole(r -> r.roleName("audit-remediation-support")).role().assumeRolePolicyDocument(),
                StandardCharsets.UTF_8);
        assertThat(Json.mapper().readTree(trust)).isEqualTo(Json.mapper().readTree(TRUST_ACCOUNT));
        assertThat(iam.listAttachedRolePolicies(r -> r.roleName("audit-remediation-support")).attachedPolicies())
                .extracting(AttachedPolicy::policyArn).containsExactly(POLICY_ARN);
        assertThat(harness.actions().subList(0, actionsAfterFirst))
                .containsExactly("iam:ListEntitiesForPolicy", "iam:CreateRole", "iam:AttachRolePolicy", "iam:ListEntitiesForPolicy");
        assertThat(second.status()).isEqualTo(CheckStatus.COMPLIANT);
        assertThat(harness.actions().subList(actionsAfterFirst, harness.actions().size())).containsExactly("iam:ListEntitiesForPolicy");
    }

    @Test
    void aRetryAfterACreateWhoseAttachFailedAttachesThePolicyToItsOwnRole() {
        harness.account().iam().createRole(r -> r.roleName("audit-remediation-support").assumeRolePolicyDocument(TRUST_ACCOUNT));

        CheckResult result = CheckerHarness.only(harness.run(CHECK, Mode.REMEDIATE));

        assertThat(result.status()).isEqualTo(CheckStatus.REMEDIATED);
        assertThat(roles(harness.account().iam())).containsExactly("audit-remediation-support");
    }

    @Test
    void aRoleOfThatNameTrustingSomeoneElseIsLeftAloneAndTheFixFails() {
        harness.account().iam().createRole(r -> r.roleName("audit-remediation-support").assumeRolePolicyDocument(TRUST_ELSEWHERE));

        AccountResult result = harness.run(CHECK, Mode.REMEDIATE);

        assertThat(result.status()).isEqualTo(AccountStatus.FAILED);
        assertThat(result.checks()).singleElement().satisfies(check -> {
            assertThat(check.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(check.detail()).contains("the role audit-remediation-support exists with another trust policy");
        });
        assertThat(roles(harness.account().iam())).isEmpty();
        assertThat(harness.actions()).doesNotContain("iam:AttachRolePolicy");
    }

    @Test
    void aControlTowerRoleNameIsRefusedAndNothingIsCreated() {
        CheckResult result = CheckerHarness.only(harness.run(CHECK, Mode.REMEDIATE,
                Map.of("SUPPORT_ROLE_NAME", "aws-controltower-Support")));

        assertThat(result.status()).isEqualTo(CheckStatus.NON_COMPLIANT);
        assertThat(result.detail()).endsWith("not fixed: SupportRoleName aws-controltower-Support starts with aws-controltower-,"
                + " which Control Tower's guardrails deny; choose another name");
        assertThat(harness.actions()).containsExactly("iam:ListEntitiesForPolicy");
        assertThat(harness.account().iam().listRoles().roles()).isEmpty();
    }

    @Test
    void withoutARoleNameRemediateCreatesNothingAndSaysWhichParameterWouldLetIt() {
        CheckResult result = CheckerHarness.only(harness.run(CHECK, Mode.REMEDIATE, Map.of()));

        assertThat(result.status()).isEqualTo(CheckStatus.NON_COMPLIANT);
        assertThat(result.detail()).endsWith("not fixed: set the template parameter SupportRoleName to let remediate mode create the role");
        assertThat(harness.account().iam().listRoles().roles()).isEmpty();
    }

    @Test
    void aRefusedFixIsAnErrorThatSaysWhyAndCreatesNothing() {
        MOTO.inject(ProxyTraffic.iamAccessDenied("CreateRole", FaultRule.UNLIMITED));

        AccountResult result = harness.run(CHECK, Mode.REMEDIATE);

        assertThat(result.status()).isEqualTo(AccountStatus.FAILED);
        assertThat(result.errorCode()).isEqualTo(ErrorCode.CHECK_FAILED);
        CheckResult check = result.checks().get(0);
        assertThat(check.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(check.detail()).startsWith("could not fix (no IAM role has AWSSupportAccess attached")
                .contains("Iam AccessDenied: User: arn:aws:sts::111122223333:assumed-role/aws-controltower-ReadOnlyExecutionRole")
                .endsWith("with iam:CreateRole, iam:GetRole, iam:AttachRolePolicy");
        assertThat(harness.account().iam().listRoles().roles()).isEmpty();
    }

    private static List<String> roles(IamClient iam) {
        return iam.listEntitiesForPolicy(r -> r.policyArn(POLICY_ARN).entityFilter(EntityType.ROLE)).policyRoles().stream()
                .map(PolicyRole::roleName).toList();
    }
}
