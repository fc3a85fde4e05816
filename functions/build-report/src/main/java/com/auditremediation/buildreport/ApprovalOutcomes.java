package com.auditremediation.buildreport;

import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.ApprovalDecision;
import com.auditremediation.core.model.ApprovalOutcome;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.FixCounts;
import com.auditremediation.core.model.FixOutcome;
import com.auditremediation.core.model.PlanItem;
import com.auditremediation.core.model.PlannedFix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The plan beside its outcome, for the final report: each planned fix FIXED, CHANGED (left alone: the setting no longer
 * failed as planned), REFUSED (the plan was rejected or nobody decided in time: nothing was written) or FAILED (the fix
 * could not run or did not take), from the decision and the remediation pass's results.
 */
final class ApprovalOutcomes {

    private ApprovalOutcomes() {
    }

    static ApprovalOutcome of(BuildReportInput.ApprovalState state) {
        List<PlanItem> items = state.plan() == null ? List.of() : state.plan().items();
        ApprovalDecision decision = state.decision();
        Map<String, AccountResult> byAccount = new HashMap<>();
        if (state.remediation() != null) {
            for (AccountResult result : state.remediation()) {
                if (result != null && result.accountId() != null) {
                    byAccount.put(result.accountId(), result.withCaughtErrorUnfolded());
                }
            }
        }
        List<PlannedFix> fixes = new ArrayList<>();
        for (PlanItem item : items) {
            fixes.add(outcome(item, decision, byAccount.get(item.accountId())));
        }
        return new ApprovalOutcome(decision, state.plan() == null ? null : state.plan().files(), FixCounts.of(fixes), fixes);
    }

    private static PlannedFix outcome(PlanItem item, ApprovalDecision decision, AccountResult result) {
        if (decision == null) {
            return new PlannedFix(item, FixOutcome.PLANNED, "no decision was recorded", null);
        }
        if (!decision.isApproved()) {
            String why = Boolean.TRUE.equals(decision.timedOut()) ? "nobody decided before the approval timed out"
                    : "rejected" + (decision.by() == null ? "" : " by " + decision.by());
            return new PlannedFix(item, FixOutcome.REFUSED, why + (decision.reason() == null ? "" : ": " + decision.reason()), null);
        }
        if (result == null) {
            return new PlannedFix(item, FixOutcome.FAILED, "no result came back from the remediation pass for this account", null);
        }
        CheckResult check = result.checks() == null ? null : result.checks().stream()
                .filter(c -> c != null && Objects.equals(c.checkId(), item.checkId()) && Objects.equals(c.region(), item.region()))
                .findFirst().orElse(null);
        if (check == null) {
            String why = result.status() == AccountStatus.FAILED
                    ? "the account could not be remediated: " + (result.errorCode() == null ? "" : result.errorCode() + ": ")
                    + Objects.toString(result.errorMessage() != null ? result.errorMessage() : result.errorType(), "")
                    : "the remediation pass returned no result for this item";
            return new PlannedFix(item, FixOutcome.FAILED, CaughtErrors.cap(why), null);
        }
        FixOutcome outcome = check.status() == null ? FixOutcome.FAILED : switch (check.status()) {
            case REMEDIATED -> FixOutcome.FIXED;
            case COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE -> FixOutcome.CHANGED;
            case ERROR -> FixOutcome.FAILED;
        };
        return new PlannedFix(item, outcome, check.detail(), check.after());
    }
}
