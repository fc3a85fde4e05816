package com.auditremediation.core.model;

import java.util.List;
import java.util.Map;

/**
 * What changed since the previous sweep: its check results newly failing, resolved, still failing or not checked
 * again, and the accounts new to the sweep or gone from it, counted in all and per check, and listed per account.
 * Only what both sweeps covered is compared: the accounts in both reports, the checks and regions both ran.
 *
 * @param basis     what the comparison rests on; see {@link Basis}
 * @param since     the previous sweep; null for the first sweep, or when its report could not be read
 * @param note      what was compared and what not, in a sentence; null when two sweeps of one scope compared in full
 * @param compared  what both sweeps covered; null when nothing was compared
 * @param counts    the changes in all
 * @param byCheck   per check id (the checks with any failing result now or then), in the order the checks ran
 * @param accounts  one entry per account with a change or a result still failing, in the report's order; null when
 *                  left out to fit a state's 256 KiB (the report's S3 copies keep it)
 */
public record SweepChanges(Basis basis, PreviousSweep since, String note, Compared compared, Counts counts,
                           Map<String, ResultCounts> byCheck, List<AccountChanges> accounts) {

    /** What a comparison rests on. */
    public enum Basis {
        /** No earlier report: this sweep is the first (in this report bucket, or in this --out folder locally). */
        FIRST_SWEEP,
        /** The previous sweep of the same accounts, checks and regions. */
        SAME_SCOPE,
        /** The last sweep, of another scope: only what both covered is compared, and {@code note} says what. */
        OTHER_SCOPE,
        /** An earlier report exists but could not be read; {@code note} says why. Nothing is compared. */
        UNREADABLE
    }

    /** How a check result changed; what report.csv's {@code change} column says on its line. */
    public enum ResultChange {
        /** NON_COMPLIANT now, and not NON_COMPLIANT in the previous sweep. */
        NEWLY_FAILING,
        /** NON_COMPLIANT then, and compliant, remediated or not applicable now. */
        RESOLVED,
        /** NON_COMPLIANT then and now. */
        STILL_FAILING,
        /** NON_COMPLIANT then, and not read now: the check erred or the account failed before its checks. */
        NOT_RECHECKED
    }

    /** An account that only one of the two sweeps had. */
    public enum AccountChange {
        /** In this sweep, not in the previous one. */
        NEW,
        /** In the previous sweep, not in this one (closed, moved out of the OUs, or no longer in the organisation). */
        GONE
    }

    /** The previous sweep: its execution, when it started, and where its report was read. */
    public record PreviousSweep(String executionName, String startedAt, String report) {
    }

    /** What both sweeps covered: how many accounts both had, the checks both ran, the regions both ran in. */
    public record Compared(int accounts, List<String> checks, List<String> regions) {

        public Compared {
            checks = checks == null ? List.of() : List.copyOf(checks);
            regions = regions == null ? List.of() : List.copyOf(regions);
        }
    }

    /** The changes in all. */
    public record Counts(int newlyFailing, int resolved, int stillFailing, int notRechecked, int newAccounts, int goneAccounts) {

        public static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0);
    }

    /** One check's changed results (a regional check once per region). */
    public record ResultCounts(int newlyFailing, int resolved, int stillFailing, int notRechecked) {
    }

    /** A result of one check (in one region for a regional check). */
    public record ResultRef(String checkId, String region) {
    }

    /**
     * One account's changes; each list is null when empty.
     *
     * @param account NEW or GONE when only one sweep had the account; null when both had it
     */
    public record AccountChanges(String accountId, String accountName, String ouId, AccountChange account,
                                 List<ResultRef> newlyFailing, List<ResultRef> resolved, List<ResultRef> stillFailing,
                                 List<ResultRef> notRechecked) {
    }

    /** The first sweep: nothing to compare with. */
    public static SweepChanges first(String note) {
        return new SweepChanges(Basis.FIRST_SWEEP, null, note, null, Counts.NONE, Map.of(), List.of());
    }

    /** An earlier report that could not be read: nothing compared, and why. */
    public static SweepChanges unreadable(String note) {
        return new SweepChanges(Basis.UNREADABLE, null, note, null, Counts.NONE, Map.of(), List.of());
    }

    /** These changes without the per-account list (the counts stay): what a report fitted to 256 KiB keeps. */
    public SweepChanges withoutAccounts() {
        return accounts == null ? this : new SweepChanges(basis, since, note, compared, counts, byCheck, null);
    }

    /** Whether two sweeps were compared (the same scope or another). */
    public boolean madeComparison() {
        return basis == Basis.SAME_SCOPE || basis == Basis.OTHER_SCOPE;
    }
}
