package com.auditremediation.buildreport;

import com.auditremediation.core.error.ErrorCode;
import com.auditremediation.core.model.AccountItem;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.ApprovalDecision;
import com.auditremediation.core.model.ApprovalOutcome;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.FixCounts;
import com.auditremediation.core.model.FixOutcome;
import com.auditremediation.core.model.Plan;
import com.auditremediation.core.model.PlanAccount;
import com.auditremediation.core.model.PlanItem;
import com.auditremediation.core.model.PlannedFix;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static com.auditremediation.buildreport.Fixtures.account;
import static com.auditremediation.buildreport.Fixtures.accountId;
import static org.assertj.core.api.Assertions.assertThat;

class ApprovalOutcomesTest {

    private static final String APPROVER = "arn:aws:sts::111122223333:assumed-role/SecOps/alice";
    private static final PlanItem POLICY = item(1, "iam-password-policy", null, Map.of("PasswordPolicy", "none"));
    private static final PlanItem EBS_EU = item(1, "ebs-default-encryption", "eu-west-1", Map.of("EbsEncryptionByDefault", false));
    private static final PlanItem EBS_US = item(1, "ebs-default-encryption", "us-east-1", Map.of("EbsEncryptionByDefault", false));
    private static final PlanItem OTHER_ACCOUNT = item(2, "iam-password-policy", null, Map.of("PasswordPolicy", "none"));
    private static final Plan PLAN = Plan.of(Fixtures.EXECUTION, Fixtures.STARTED_AT, Fixtures.NOW.toString(), Fixtures.CONTEXT,
            List.of(new PlanAccount(account(1), List.of(POLICY, EBS_EU, EBS_US)), new PlanAccount(account(2), List.of(OTHER_ACCOUNT))));

    @Test
    void anApprovedPlanShowsEachItemBesideWhatTheRemediationPassFound() {
        AccountResult first = AccountResult.failed(accountId(1), ErrorCode.CHECK_FAILED, "one fix failed", List.of(
                CheckResult.remediated("iam-password-policy", null, "iam:UpdateAccountPasswordPolicy",
                        Map.of("PasswordPolicy", "none"), Map.of("MinimumPasswordLength", 14)),
                CheckResult.compliant("ebs-default-encryption", "eu-west-1", "changed since the plan, left alone: it is compliant now"),
                CheckResult.error("ebs-default-encryption", "us-east-1", "could not fix: AccessDenied")), 900L);
        AccountResult second = AccountResult.failed(accountId(2), ErrorCode.ROLE_NOT_ASSUMABLE,
                "Could not assume the role", List.of(), 100L);

        ApprovalOutcome outcome = ApprovalOutcomes.of(new BuildReportInput.ApprovalState(PLAN,
                ApprovalDecision.approved(APPROVER, "2025-03-01T11:00:00Z", "CHG-42"), List.of(first, second)));

        assertThat(outcome.fixes()).extracting(PlannedFix::item, PlannedFix::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple(POLICY, FixOutcome.FIXED), org.assertj.core.groups.Tuple.tuple(EBS_EU, FixOutcome.CHANGED),
                org.assertj.core.groups.Tuple.tuple(EBS_US, FixOutcome.FAILED), org.assertj.core.groups.Tuple.tuple(OTHER_ACCOUNT, FixOutcome.FAILED));
        assertThat(outcome.fixes().get(0).after()).isEqualTo(Map.of("MinimumPasswordLength", 14));
        assertThat(outcome.fixes().get(3).detail()).isEqualTo("the account could not be remediated: ROLE_NOT_ASSUMABLE: Could not assume the role");
        assertThat(outcome.counts()).isEqualTo(new FixCounts(4, 1, 1, 0, 2));
        assertThat(outcome.decision().by()).isEqualTo(APPROVER);
    }

    @Test
    void aRejectedOrTimedOutPlanRefusesEveryItemAndSaysWhy() {
        ApprovalOutcome rejected = ApprovalOutcomes.of(new BuildReportInput.ApprovalState(PLAN,
                ApprovalDecision.rejected(APPROVER, "2025-03-01T11:00:00Z", "freeze"), null));
        ApprovalOutcome timedOut = ApprovalOutcomes.of(new BuildReportInput.ApprovalState(PLAN,
                new ApprovalDecision(ApprovalDecision.Decision.REJECTED, null, null, "No decision within the approval timeout.", true), null));

        assertThat(rejected.counts()).isEqualTo(new FixCounts(4, 0, 0, 4, 0));
        assertThat(rejected.fixes()).extracting(PlannedFix::detail).containsOnly("rejected by " + APPROVER + ": freeze");
        assertThat(timedOut.fixes()).extracting(PlannedFix::outcome).containsOnly(FixOutcome.REFUSED);
        assertThat(timedOut.fixes().get(0).detail()).startsWith("nobody decided before the approval timed out");
    }

    private static PlanItem item(int i, String checkId, String region, Map<String, Object> before) {
        AccountItem account = account(i);
        return new PlanItem(account.id(), account.name(), checkId, region, before, "the fix");
    }
}
