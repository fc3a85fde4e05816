package com.auditremediation.core.model;

import java.util.Map;

/** One plan item beside its outcome, in the final report: the plan's {@code before} and {@code fix}, then what happened. */
public record PlannedFix(PlanItem item, FixOutcome outcome, String detail, Map<String, Object> after) {

    public PlannedFix {
        after = Copies.orAbsent(after);
    }
}
