package com.auditremediation.core.model;

import java.util.List;

/**
 * One Map iteration's input: the account, the run context and the execution's name (for the STS session name).
 * {@code approved} is present only in the remediation pass after an approval: the plan's items in this account, the
 * only settings that pass may fix.
 */
public record CheckAccountInput(AccountItem account, RunContext context, String executionName, List<PlanItem> approved) {

    public CheckAccountInput {
        approved = Copies.orAbsent(approved);
    }

    /** A sweep's iteration: run the context's checks. */
    public CheckAccountInput(AccountItem account, RunContext context, String executionName) {
        this(account, context, executionName, null);
    }
}
