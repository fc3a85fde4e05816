package com.auditremediation.core.model;

import java.util.List;

/**
 * The settings of one sweep, resolved from the execution input and the template's defaults by ListAccounts.
 * {@code approval} is {@code required} only with mode {@code remediate}: the sweep then reads only, and the fixes run
 * after a person approved the plan; null means {@code none}. {@code exceptions} holds the exceptions file's entries
 * that apply to the sweep, once for every account (see {@link ExceptionRule}); absent when there are none.
 * {@code securityHubFindings} true or false decides for this run whether the check functions import their results as
 * Security Hub findings; null leaves it to the template's SecurityHubFindings.
 */
public record RunContext(String roleName, Mode mode, List<String> checks, List<String> regions, Approval approval,
                         List<ExceptionRule> exceptions, Boolean securityHubFindings) {

    public RunContext {
        checks = Copies.orEmpty(checks);
        regions = Copies.orEmpty(regions);
        approval = approval == Approval.NONE ? null : approval;
        exceptions = exceptions == null || exceptions.isEmpty() ? null : Copies.orAbsent(exceptions);
    }

    /** A run with no exceptions file entry in force, whose findings export is the template's. */
    public RunContext(String roleName, Mode mode, List<String> checks, List<String> regions, Approval approval) {
        this(roleName, mode, checks, regions, approval, null, null);
    }

    /** A run with {@code exceptions} in force, whose findings export is the template's. */
    public RunContext(String roleName, Mode mode, List<String> checks, List<String> regions, Approval approval, List<ExceptionRule> exceptions) {
        this(roleName, mode, checks, regions, approval, exceptions, null);
    }

    /** A run that fixes (in remediate mode) without asking: no approval. */
    public RunContext(String roleName, Mode mode, List<String> checks, List<String> regions) {
        this(roleName, mode, checks, regions, null, null, null);
    }

    /** This context with {@code rules} in force (null or empty: none). */
    public RunContext withExceptions(List<ExceptionRule> rules) {
        return new RunContext(roleName, mode, checks, regions, approval, rules, securityHubFindings);
    }

    /** The exceptions in force, never null. */
    public List<ExceptionRule> exceptionRules() {
        return exceptions == null ? List.of() : exceptions;
    }

    /** Whether this run waits for a person's approval before it fixes anything. */
    public boolean approvalRequired() {
        return approval == Approval.REQUIRED;
    }
}
