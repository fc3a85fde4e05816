package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.testing.CheckArrangement;
import com.auditremediation.checkaccount.testing.CheckFixtures;
import com.auditremediation.checkaccount.testing.CheckInputs;
import com.auditremediation.checkaccount.testing.CheckerHarness;
import com.auditremediation.checkaccount.testing.ProxyTraffic;
import com.auditremediation.core.error.ErrorCode;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Mode;
import com.auditremediation.local.MotoExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iam.model.PasswordPolicy;

import static org.assertj.core.api.Assertions.assertThat;

class IamPasswordPolicyCheckTest implements CheckArrangement {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String ACCOUNT_ID = "111122223333";
    private static final List<String> CHECK = List.of("iam-password-policy");

    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID);

    @Override
    public void arrangeCompliant(CheckFixtures.Fixture fixture) {
        fixture.account().iam().updateAccountPasswordPolicy(r -> r.minimumPasswordLength(14).passwordReusePrevention(24)
                .requireSymbols(true).requireNumbers(true).requireUppercaseCharacters(true).requireLowercaseCharacters(true)
                .allowUsersToChangePassword(true));
    }

    @Override
    public void arrangeNonCompliant(CheckFixtures.Fixture fixture) {
        fixture.account().iam().updateAccountPasswordPolicy(r -> r.minimumPasswordLength(10).requireNumbers(true));
    }

    @Override
    public Object state(CheckFixtures.Fixture fixture) {
        PasswordPolicy policy = fixture.account().passwordPolicy();
        return policy == null ? "none" : policy.toString();
    }

    @Test
    void anAccountWithoutAPasswordPolicyIsNonCompliant() {
        // moto, like IAM, answers NoSuchEntity for an account that never set a policy.
        assertThat(harness.account().passwordPolicy()).isNull();

        CheckResult result = audit();

        assertThat(result.status()).isEqualTo(CheckStatus.NON_COMPLIANT);
        assertThat(result.region()).isNull();
        assertThat(result.detail()).startsWith("no password policy");
        assertThat(result.before()).isEqualTo(Map.of("PasswordPolicy", "none"));
        assertThat(result.after()).isNull();
    }

    @Test
    void theBaselinePolicyIsCompliantAndCarriesNoDetailOrEvidence() {
        harness.account().iam().updateAccountPasswordPolicy(r -> r.minimumPasswordLength(14).passwordReusePrevention(24)
                .requireSymbols(true).requireNumbers(true).requireUppercaseCharacters(true).requireLowercaseCharacters(true));

        CheckResult result = audit();

        assertThat(result).isEqualTo(CheckResult.compliant("iam-password-policy", null));
    }

    @Test
    void aWeakPolicyIsNonCompliantNamingWhatFails() {
        harness.account().iam().updateAccountPasswordPolicy(r -> r.minimumPasswordLength(8).passwordReusePrevention(5)
                .requireSymbols(false).requireNumbers(true).requireUppercaseCharacters(true).requireLowercaseCharacters(false));

        CheckResult result = audit();

        assertThat(result.status()).isEqualTo(CheckStatus.NON_COMPLIANT);
        assertThat(result.before()).containsExactly(
                Map.entry("MinimumPasswordLength", 8),
                Map.entry("PasswordReusePrevention", 5),
                Map.entry("RequireLowercaseCharacters", false),
                Map.entry("RequireSymbols", false));
        assertThat(result.detail()).isEqualTo("password policy below the baseline: MinimumPasswordLength 8 (needs 14 or more);"
                + " PasswordReusePrevention 5 (needs 24); RequireLowercaseCharacters, RequireSymbols off");
        assertThat(harness.actions()).doesNotContainAnyElementsOf(CheckerHarness.fixActions());
    }

    @Test
    void remediationRaisesTheWeakSettingsAndKeepsTheStricterOnes() {
        harness.account().iam().updateAccountPasswordPolicy(r -> r.minimumPasswordLength(20).passwordReusePrevention(3)
                .requireSymbols(false).requireNumbers(true).requireUppercaseCharacters(true).requireLowercaseCharacters(true)
                .maxPasswordAge(60).hardExpiry(true).allowUsersToChangePassword(false));

        CheckResult result = remediate();

        assertThat(result.status()).isEqualTo(CheckStatus.REMEDIATED);
        assertThat(result.detail()).isEqualTo("iam:UpdateAccountPasswordPolicy");
        assertThat(result.before()).containsExactly(Map.entry("PasswordReusePrevention", 3), Map.entry("RequireSymbols", false));
        assertThat(result.after()).containsExactly(Map.entry("PasswordReusePrevention", 24), Map.entry("RequireSymbols", true));
        PasswordPolicy now = harness.account().passwordPolicy();
        assertThat(now.minimumPasswordLength()).as("stricter length kept").isEqualTo(20);
        assertThat(now.passwordReusePrevention()).isEqualTo(24);
        assertThat(now.requireSymbols()).isTrue();
        assertThat(now.requireNumbers()).isTrue();
        assertThat(now.maxPasswordAge()).as("expiry kept").isEqualTo(60);
        assertThat(now.hardExpiry()).isTrue();
        assertThat(now.allowUsersToChangePassword()).isFalse();
        assertThat(harness.actions()).containsOnlyOnce("iam:UpdateAccountPasswordPolicy");
    }

    @Test
    void remediationCreatesTheBaselineWhereThereIsNoPolicyAndTheSecondRunWritesNothing() {
        CheckResult first = remediate();
        int callsAfterFirst = harness.actions().size();

        CheckResult second = remediate();

        assertThat(first.status()).isEqualTo(CheckStatus.REMEDIATED);
        assertThat(first.before()).isEqualTo(Map.of("PasswordPolicy", "none"));
        assertThat(first.after()).containsEntry("MinimumPasswordLength", 14).containsEntry("PasswordReusePrevention", 24)
                .containsEntry("RequireSymbols", true).hasSize(6);
        PasswordPolicy now = harness.account().passwordPolicy();
        assertThat(now.allowUsersToChangePassword()).isTrue();
        assertThat(now.expirePasswords()).isFalse();
        assertThat(second.status()).isEqualTo(CheckStatus.COMPLIANT);
        assertThat(harness.actions().subList(callsAfterFirst, harness.actions().size())).doesNotContainAnyElementsOf(CheckerHarness.fixActions())
                .contains("iam:GetAccountPasswordPolicy");
    }

    @Test
    void aRefusedFixIsAnErrorThatSaysWhyAndLeavesThePolicyAsItWas() {
        harness.account().iam().updateAccountPasswordPolicy(r -> r.minimumPasswordLength(8));
        PasswordPolicy before = harness.account().passwordPolicy();
        MOTO.inject(ProxyTraffic.iamAccessDenied("UpdateAccountPasswordPolicy", Integer.MAX_VALUE));

        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, CHECK, List.of()));

        assertThat(result.status()).isEqualTo(AccountStatus.FAILED);
        assertThat(result.errorCode()).isEqualTo(ErrorCode.CHECK_FAILED);
        CheckResult check = result.checks().get(0);
        assertThat(check.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(check.detail()).startsWith("could not fix (password policy below the baseline: MinimumPasswordLength 8")
                .contains("Iam AccessDenied: User: arn:aws:sts::111122223333:assumed-role/aws-controltower-ReadOnlyExecutionRole")
                .endsWith("remediate mode needs the administrator roles (aws-controltower-AuditAdministratorRole"
                        + " -> aws-controltower-AdministratorExecutionRole) with iam:UpdateAccountPasswordPolicy");
        assertThat(check.before()).containsEntry("MinimumPasswordLength", 8);
        assertThat(harness.account().passwordPolicy()).isEqualTo(before);
    }

    private CheckResult audit() {
        return only(harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, CHECK, List.of())));
    }

    private CheckResult remediate() {
        return only(harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, CHECK, List.of())));
    }

    private static CheckResult only(AccountResult result) {
        assertThat(result.status()).as(result.toString()).isEqualTo(AccountStatus.SUCCEEDED);
        assertThat(result.checks()).hasSize(1);
        return result.checks().get(0);
    }
}
