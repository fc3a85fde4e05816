package com.auditremediation.core.model;

import java.util.List;

/**
 * Output of ListAccounts: the Map's items, the accounts not attempted, the run context for later states, and when
 * the sweep started ({@code startedAt}, ISO-8601 UTC, taken by ListAccounts, the first state; the report's start
 * time, since {@code $$.Execution.StartTime} does not serialise in moto).
 */
public record AccountListing(
        RunContext context,
        int maxConcurrency,
        List<AccountItem> accounts,
        List<SkippedAccount> skipped,
        int excludedCount,
        String startedAt) {

    public AccountListing {
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
    }

    public AccountListing(RunContext context, int maxConcurrency, List<AccountItem> accounts, List<SkippedAccount> skipped, int excludedCount) {
        this(context, maxConcurrency, accounts, skipped, excludedCount, null);
    }
}
