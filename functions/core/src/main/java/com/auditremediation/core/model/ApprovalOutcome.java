package com.auditremediation.core.model;

import java.util.List;
import java.util.Map;

/**
 * The report's account of a run with {@code Approval: "required"}: the decision (who, when, why), the plan's files and
 * every planned fix beside its outcome, counted once in {@link FixCounts}. {@code decision} is null when there was
 * nothing to approve (the run skipped the wait).
 */
public record ApprovalOutcome(ApprovalDecision decision, Map<String, String> planFiles, FixCounts counts, List<PlannedFix> fixes) {

    public ApprovalOutcome {
        planFiles = Copies.orAbsent(planFiles);
        fixes = Copies.orEmpty(fixes);
    }
}
