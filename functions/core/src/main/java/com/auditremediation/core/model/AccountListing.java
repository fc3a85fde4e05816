package com.auditremediation.core.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Output of ListAccounts: the Map's items, the accounts not attempted, the run context for later states, and when
 * the sweep started ({@code startedAt}, ISO-8601 UTC, taken by ListAccounts, the first state; the report's start
 * time, since {@code $$.Execution.StartTime} does not serialise in moto).
 *
 * <p>On the distributed Map path {@code itemsLocation} points at the listing in S3; {@code accounts} and
 * {@code skipped} are then empty here and {@code accountCount} / {@code skippedCount} say how many are there.
 * On the inline path {@code itemsLocation} is absent and the counts are the lists' sizes.
 *
 * <p>{@code approvalTimeoutSeconds} is present only when the run waits for approval ({@code Approval: "required"}):
 * how long the state "Wait for approval" waits (its {@code TimeoutSecondsPath}), from the template's
 * ApprovalTimeoutHours.
 *
 * <p>{@code selection} is the accounts the input selected, resolved against the template's defaults (the report
 * records it as the sweep's scope); {@code organizationalUnits} maps the OU id of each account listed (and skipped) to
 * its path of names, {@code Workloads/Prod}: one map for the whole listing rather than a path in every Map item. On
 * the distributed path both stay in the listing in S3.
 *
 * <p>{@code exceptions} says which exceptions file the sweep read and which of its entries had expired (the entries
 * in force travel in the context, see {@link ExceptionRule}); absent when there was no file. On the distributed path
 * it stays in the listing in S3 too.
 */
public record AccountListing(
        RunContext context,
        int maxConcurrency,
        List<AccountItem> accounts,
        List<SkippedAccount> skipped,
        int excludedCount,
        String startedAt,
        ItemsLocation itemsLocation,
        Integer accountCount,
        Integer skippedCount,
        Integer approvalTimeoutSeconds,
        AccountSelection selection,
        Map<String, String> organizationalUnits,
        ExceptionsLoaded exceptions) {

    public AccountListing {
        accounts = Copies.orEmpty(accounts);
        skipped = Copies.orEmpty(skipped);
    }

    public AccountListing(RunContext context, int maxConcurrency, List<AccountItem> accounts, List<SkippedAccount> skipped,
                          int excludedCount, String startedAt) {
        this(context, maxConcurrency, accounts, skipped, excludedCount, startedAt, null, null, null, null, null, null, null);
    }

    /** Whether the accounts are in S3 for the distributed Map rather than in this listing. */
    public boolean distributed() {
        return itemsLocation != null;
    }

    /** This listing with its accounts and skipped rows left in S3 at {@code location}: what flows between states. */
    public AccountListing pointingAt(ItemsLocation location) {
        return new AccountListing(context, maxConcurrency, List.of(), List.of(), excludedCount, startedAt, location,
                accounts.size(), skipped.size(), approvalTimeoutSeconds, null, null, null);
    }

    /** This listing with the approval wait's timeout set: what a run with {@code Approval: "required"} passes on. */
    public AccountListing withApprovalTimeoutSeconds(int seconds) {
        return new AccountListing(context, maxConcurrency, accounts, skipped, excludedCount, startedAt, itemsLocation,
                accountCount, skippedCount, seconds, selection, organizationalUnits, exceptions);
    }

    /** This listing with the input's account selection and the OUs' paths by id. */
    public AccountListing withScope(AccountSelection selection, Map<String, String> organizationalUnits) {
        return new AccountListing(context, maxConcurrency, accounts, skipped, excludedCount, startedAt, itemsLocation,
                accountCount, skippedCount, approvalTimeoutSeconds, selection,
                organizationalUnits == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(organizationalUnits)), exceptions);
    }

    /**
     * This listing with an exceptions file applied: the context carrying the entries in force, the accounts carrying
     * the positions of the entries that name them, and what was read.
     */
    public AccountListing withExceptions(RunContext withRules, List<AccountItem> namedAccounts, ExceptionsLoaded loaded) {
        return new AccountListing(withRules, maxConcurrency, namedAccounts, skipped, excludedCount, startedAt, itemsLocation,
                accountCount, skippedCount, approvalTimeoutSeconds, selection, organizationalUnits, loaded);
    }

    public AccountListing(RunContext context, int maxConcurrency, List<AccountItem> accounts, List<SkippedAccount> skipped, int excludedCount) {
        this(context, maxConcurrency, accounts, skipped, excludedCount, null);
    }
}
