package com.auditremediation.core.report;

import com.auditremediation.core.model.Report;
import com.auditremediation.core.model.SweepChanges;
import com.auditremediation.core.model.SweepChanges.AccountChange;
import com.auditremediation.core.model.SweepChanges.AccountChanges;
import com.auditremediation.core.model.SweepChanges.ResultChange;
import com.auditremediation.core.model.SweepChanges.ResultRef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A report's changes looked up by account and by result, for the formats that mark them on their lines: report.csv's
 * {@code change} column, the page's matrix and findings, the CLI's table. Empty when the report has no changes or its
 * per-account list was left out.
 */
public final class ChangeMarks {

    private static final ChangeMarks NONE = new ChangeMarks(Map.of(), Map.of());

    private final Map<String, AccountChanges> byAccount;
    private final Map<String, Map<ResultRef, ResultChange>> byResult;

    private ChangeMarks(Map<String, AccountChanges> byAccount, Map<String, Map<ResultRef, ResultChange>> byResult) {
        this.byAccount = byAccount;
        this.byResult = byResult;
    }

    public static ChangeMarks of(Report report) {
        SweepChanges changes = report.changes();
        if (changes == null || changes.accounts() == null || changes.accounts().isEmpty()) {
            return NONE;
        }
        Map<String, AccountChanges> byAccount = new HashMap<>();
        Map<String, Map<ResultRef, ResultChange>> byResult = new HashMap<>();
        for (AccountChanges account : changes.accounts()) {
            byAccount.put(account.accountId(), account);
            Map<ResultRef, ResultChange> results = new HashMap<>();
            put(results, account.newlyFailing(), ResultChange.NEWLY_FAILING);
            put(results, account.resolved(), ResultChange.RESOLVED);
            put(results, account.stillFailing(), ResultChange.STILL_FAILING);
            put(results, account.notRechecked(), ResultChange.NOT_RECHECKED);
            byResult.put(account.accountId(), results);
        }
        return new ChangeMarks(byAccount, byResult);
    }

    private static void put(Map<ResultRef, ResultChange> results, List<ResultRef> refs, ResultChange change) {
        if (refs != null) {
            refs.forEach(ref -> results.put(ref, change));
        }
    }

    /** NEW or GONE when only one of the sweeps had the account; null otherwise. */
    public AccountChange account(String accountId) {
        AccountChanges changes = byAccount.get(accountId);
        return changes == null ? null : changes.account();
    }

    /** How the account's result of {@code checkId} (in {@code region}) changed; null when it did not. */
    public ResultChange result(String accountId, String checkId, String region) {
        Map<ResultRef, ResultChange> results = byResult.get(accountId);
        return results == null ? null : results.get(new ResultRef(checkId, region));
    }

    /** The account's changes; null when it has none. */
    public AccountChanges changes(String accountId) {
        return byAccount.get(accountId);
    }

    /**
     * The changes in a sentence, for the notification and the CLI: "3 newly failing since sweep X, 5 resolved, 7 still
     * failing; 1 account new, 0 gone", or that this is the first sweep, or why nothing was compared. Null without changes.
     */
    public static String sentence(SweepChanges changes) {
        if (changes == null) {
            return null;
        }
        if (changes.basis() == SweepChanges.Basis.FIRST_SWEEP) {
            return "first sweep: no earlier report to compare with";
        }
        if (changes.basis() == SweepChanges.Basis.UNREADABLE) {
            return "not known: " + (changes.note() == null ? "the previous report could not be read" : changes.note());
        }
        SweepChanges.Counts counts = changes.counts();
        String since = changes.since() == null || changes.since().executionName() == null ? "the previous sweep"
                : "sweep " + changes.since().executionName();
        return counts.newlyFailing() + " newly failing since " + since + ", " + counts.resolved() + " resolved, " + counts.stillFailing()
                + " still failing" + (counts.notRechecked() > 0 ? ", " + counts.notRechecked() + " not checked again" : "") + "; "
                + counts.newAccounts() + (counts.newAccounts() == 1 ? " account" : " accounts") + " new, " + counts.goneAccounts() + " gone"
                + (changes.basis() == SweepChanges.Basis.OTHER_SCOPE ? " (another scope: only what both covered)" : "");
    }

    /** The accounts that the previous sweep had and this one has not. */
    public List<AccountChanges> gone() {
        return byAccount.values().stream().filter(account -> account.account() == AccountChange.GONE).toList();
    }
}
