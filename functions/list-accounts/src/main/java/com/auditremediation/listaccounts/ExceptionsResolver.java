package com.auditremediation.listaccounts;

import com.auditremediation.core.Json;
import com.auditremediation.core.JsonLog;
import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.exceptions.ValidatedEntry;
import com.auditremediation.core.model.AccountItem;
import com.auditremediation.core.model.AccountListing;
import com.auditremediation.core.model.ExceptionRule;
import com.auditremediation.core.model.ExceptionsLoaded;
import com.auditremediation.core.model.RunContext;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies a sweep's exceptions file to its listing, once, in ListAccounts, so that no account re-reads it: the entries
 * in force that cover some listed account and some check of the run become {@link ExceptionRule}s in the run context
 * (each entry's text once, whatever the number of accounts), and each listed account carries the positions of the
 * rules that name it or an OU above it ({@link AccountItem#exceptions}). An entry of {@code "*"} is carried once and
 * named by no account. Expired entries apply to nothing; the listing records them for the report.
 *
 * <p>What this adds to the state is bounded: the rules at most {@value #MAX_RULES_BYTES} bytes (every Map iteration gets
 * them with the context, beside its account, and a state holds 256 KiB), and a few bytes per account named. ListAccounts
 * measures the listing after this, so MapMode auto takes the distributed Map when the inline one would not hold it.
 */
final class ExceptionsResolver {

    /**
     * The most the rules in force may take, as JSON: 300 entries with reasons of 120 characters take about 76 KB; with
     * the account and the rest of the context a Map iteration's input stays far below a state's 256 KiB.
     */
    static final int MAX_RULES_BYTES = 96 * 1024;

    private ExceptionsResolver() {
    }

    static AccountListing apply(AccountLister.Listed listed, ExceptionsSource.Loaded loaded, LocalDate today) {
        AccountListing listing = listed.listing();
        if (!loaded.present()) {
            return listing;
        }
        RunContext context = listing.context();
        List<ValidatedEntry> expired = new ArrayList<>();
        List<ValidatedEntry> candidates = new ArrayList<>();
        for (ValidatedEntry entry : loaded.entries()) {
            if (entry.expiredOn(today)) {
                expired.add(entry);
            } else if (concernsRun(entry, context)) {
                candidates.add(entry);
            }
        }

        Map<Integer, List<ValidatedEntry>> namedBy = new LinkedHashMap<>();
        Map<Integer, ValidatedEntry> used = new TreeMap<>();
        List<AccountItem> accounts = listing.accounts();
        for (int i = 0; i < accounts.size(); i++) {
            AccountItem account = accounts.get(i);
            List<String> ancestors = listed.ancestorsOf(account.ouId());
            for (ValidatedEntry entry : candidates) {
                if (entry.allAccounts()) {
                    used.put(entry.index(), entry);
                } else if (entry.names(account.id(), ancestors)) {
                    used.put(entry.index(), entry);
                    namedBy.computeIfAbsent(i, k -> new ArrayList<>()).add(entry);
                }
            }
        }

        Map<Integer, Integer> positions = new LinkedHashMap<>();
        List<ExceptionRule> rules = new ArrayList<>();
        for (ValidatedEntry entry : used.values()) {
            positions.put(entry.index(), rules.size());
            rules.add(narrowed(entry.rule(), context));
        }
        int bytes = Json.write(rules).getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_RULES_BYTES) {
            throw new InvalidInputException("exceptions", "the " + rules.size() + " entries that apply to this sweep take " + bytes
                    + " bytes as JSON, more than the " + MAX_RULES_BYTES + " that the state machine carries to every account; shorten"
                    + " their reasons (a ticket holds the rest) or merge entries that share their reason and owner").in(loaded.location());
        }
        List<AccountItem> named = new ArrayList<>(accounts.size());
        for (int i = 0; i < accounts.size(); i++) {
            List<ValidatedEntry> entries = namedBy.get(i);
            named.add(entries == null ? accounts.get(i)
                    : accounts.get(i).withExceptions(entries.stream().map(entry -> positions.get(entry.index())).toList()));
        }
        JsonLog.info("exceptions.applied", "location", loaded.location(), "entries", loaded.entries().size(), "expired", expired.size(),
                "applied", rules.size(), "rulesBytes", bytes, "accountsNamed", namedBy.size());
        return listing.withExceptions(context.withExceptions(rules), named, new ExceptionsLoaded(loaded.location(), loaded.versionId(),
                loaded.entries().size(), rules.size(), expired.size(),
                expired.stream().limit(ExceptionsLoaded.MAX_EXPIRED_LISTED).map(ValidatedEntry::note).toList()));
    }

    /** Whether the entry covers a check of the run and, when it names regions, one of the run's regions. */
    private static boolean concernsRun(ValidatedEntry entry, RunContext context) {
        boolean someCheck = entry.checks() == null || context.checks().isEmpty()
                || entry.checks().stream().anyMatch(context.checks()::contains);
        boolean someRegion = entry.regions() == null || context.regions().isEmpty()
                || entry.regions().stream().anyMatch(context.regions()::contains);
        return someCheck && someRegion;
    }

    /** The rule with only the run's checks and regions: the rest can never match in this sweep. */
    private static ExceptionRule narrowed(ExceptionRule rule, RunContext context) {
        List<String> checks = rule.checks() == null || context.checks().isEmpty() ? rule.checks()
                : rule.checks().stream().filter(context.checks()::contains).toList();
        List<String> regions = rule.regions() == null || context.regions().isEmpty() ? rule.regions()
                : rule.regions().stream().filter(context.regions()::contains).toList();
        return new ExceptionRule(rule.entry(), rule.allAccounts(), checks, regions, rule.reason(), rule.owner(), rule.expires(),
                rule.ticket());
    }
}
