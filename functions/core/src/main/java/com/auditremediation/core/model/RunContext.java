package com.auditremediation.core.model;

import java.util.List;

/**
 * The settings of one sweep, resolved from the execution input and the template's defaults by ListAccounts.
 * {@code approval} is {@code required} only with mode {@code remediate}: the sweep then reads only, and the fixes run
 * after a person approved the plan; null means {@code none}. {@code securityHubFindings} true or false decides for this
 * run whether the check functions import their results as Security Hub findings; null leaves it to the template's
 * SecurityHubFindings.
 */
public record RunContext(String roleName, Mode mode, List<String> checks, List<String> regions, Approval approval,
                         Boolean securityHubFindings) {

    public RunContext {
        checks = Copies.orEmpty(checks);
        regions = Copies.orEmpty(regions);
        approval = approval == Approval.NONE ? null : approval;
    }

    /** A run that fixes (in remediate mode) without asking: no approval. */
    public RunContext(String roleName, Mode mode, List<String> checks, List<String> regions) {
        this(roleName, mode, checks, regions, null);
    }

    /** A run whose findings export is the template's. */
    public RunContext(String roleName, Mode mode, List<String> checks, List<String> regions, Approval approval) {
        this(roleName, mode, checks, regions, approval, null);
    }

    /** Whether this run waits for a person's approval before it fixes anything. */
    public boolean approvalRequired() {
        return approval == Approval.REQUIRED;
    }
}
