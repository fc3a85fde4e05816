package com.auditremediation.core.model;

import java.util.List;

/** Output of ListAccounts: the Map's items, the accounts not attempted, and the run context for later states. */
public record AccountListing(
        RunContext context,
        int maxConcurrency,
        List<AccountItem> accounts,
        List<SkippedAccount> skipped,
        int excludedCount) {

    public AccountListing {
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
    }
}
