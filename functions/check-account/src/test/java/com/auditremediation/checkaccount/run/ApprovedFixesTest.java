package com.auditremediation.checkaccount.run;

import com.auditremediation.checkaccount.testing.CheckInputs;
import com.auditremediation.checkaccount.testing.CheckerHarness;
import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.model.AccountItem;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.Approval;
import com.auditremediation.core.model.CheckAccountInput;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Mode;
import com.auditremediation.core.model.PlanItem;
import com.auditremediation.core.model.RunContext;
import com.auditremediation.local.MotoExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A run that waits for approval, in one member account in moto: its sweep only reads, even in remediate mode; its
 * remediation pass writes only the approved items whose setting still fails exactly as planned.
 */
class ApprovedFixesTest {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String ACCOUNT_ID = "111122223333";
    private static final AccountItem ACCOUNT = new AccountItem(ACCOUNT_ID, "member", "ou-ab12-cdef3456");
    private static final RunContext WAITING = new RunContext(CheckInputs.ROLE, Mode.REMEDIATE,
            List.of("iam-password-policy", "ebs-default-encryption", "root-account-hygiene"), List.of("eu-west-1", "us-east-1"), Approval.REQUIRED);

    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID);

    @Test
    void theSweepOfARunThatWaitsForApprovalOnlyReads() {
        AccountResult result = harness.checker().check(new CheckAccountInput(ACCOUNT, WAITING, "sweep-1"));

        assertThat(harness.actions()).isNotEmpty().doesNotContainAnyElementsOf(CheckerHarness.fixActions());
        assertThat(result.checks()).extracting(CheckResult::checkId, CheckResult::status).contains(
                tuple("iam-password-policy", CheckStatus.NON_COMPLIANT), tuple("ebs-default-encryption", CheckStatus.NON_COMPLIANT));
    }

    @Test
    void theRemediationPassFixesOnlyTheApprovedItemsThatStillFailAsPlanned() {
        AccountResult sweep = harness.checker().check(new CheckAccountInput(ACCOUNT, WAITING, "sweep-1"));
        PlanItem policy = item(sweep, "iam-password-policy", null);
        PlanItem ebsEu = item(sweep, "ebs-default-encryption", "eu-west-1");
        // Planned from a read that no longer holds: the pass must leave this one alone.
        PlanItem ebsUsChanged = new PlanItem(ACCOUNT_ID, "member", "ebs-default-encryption", "us-east-1",
                Map.of("EbsEncryptionByDefault", "something else"), "ec2:EnableEbsEncryptionByDefault");
        int sweepActions = harness.actions().size();

        AccountResult pass = harness.checker().check(new CheckAccountInput(ACCOUNT, WAITING, "sweep-1", List.of(policy, ebsEu, ebsUsChanged)));

        assertThat(pass.checks()).extracting(CheckResult::checkId, CheckResult::region, CheckResult::status).containsExactly(
                tuple("iam-password-policy", null, CheckStatus.REMEDIATED),
                tuple("ebs-default-encryption", "eu-west-1", CheckStatus.REMEDIATED),
                tuple("ebs-default-encryption", "us-east-1", CheckStatus.NON_COMPLIANT));
        assertThat(pass.checks().get(2).detail()).startsWith("changed since the plan, left alone: it now fails as:");
        List<String> passActions = harness.actions().subList(sweepActions, harness.actions().size());
        assertThat(passActions).filteredOn(CheckerHarness.fixActions()::contains)
                .containsExactly("iam:UpdateAccountPasswordPolicy", "ec2:EnableEbsEncryptionByDefault");
        assertThat(passActions).as("root-account-hygiene was not approved, so not even read").doesNotContain("iam:GetAccountSummary");
    }

    @Test
    void onlyFixesOfThisAccountInARunThatWaitsForApprovalAreAccepted() {
        PlanItem policy = new PlanItem(ACCOUNT_ID, "member", "iam-password-policy", null, Map.of("PasswordPolicy", "none"), "fix");
        PlanItem auditOnly = new PlanItem(ACCOUNT_ID, "member", "root-account-hygiene", null, Map.of("AccountMFAEnabled", 0), "fix");
        PlanItem otherAccount = new PlanItem("444455556666", "other", "iam-password-policy", null, Map.of("PasswordPolicy", "none"), "fix");
        RunContext noApproval = new RunContext(CheckInputs.ROLE, Mode.REMEDIATE, List.of(), List.of("eu-west-1"));

        assertThatThrownBy(() -> harness.checker().check(new CheckAccountInput(ACCOUNT, WAITING, "sweep-1", List.of(auditOnly))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("approved[0].checkId");
        assertThatThrownBy(() -> harness.checker().check(new CheckAccountInput(ACCOUNT, WAITING, "sweep-1", List.of(otherAccount))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("approved[0].accountId");
        assertThatThrownBy(() -> harness.checker().check(new CheckAccountInput(ACCOUNT, noApproval, "sweep-1", List.of(policy))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'approved'");
        assertThat(harness.actions()).isEmpty();
    }

    private static PlanItem item(AccountResult sweep, String checkId, String region) {
        CheckResult result = sweep.checks().stream()
                .filter(check -> check.checkId().equals(checkId) && java.util.Objects.equals(check.region(), region)).findFirst().orElseThrow();
        return new PlanItem(ACCOUNT_ID, "member", checkId, region, result.before(), "the fix");
    }
}
