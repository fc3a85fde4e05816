package com.auditremediation.core.model;

/** One Map iteration's input: the account, the run context and the execution's name (for the STS session name). */
public record CheckAccountInput(AccountItem account, RunContext context, String executionName) {
}
