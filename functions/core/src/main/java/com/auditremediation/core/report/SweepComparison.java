package com.auditremediation.core.report;

import com.auditremediation.core.model.AccountSelection;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Report;
import com.auditremediation.core.model.ReportRow;
import com.auditremediation.core.model.SweepChanges;
import com.auditremediation.core.model.SweepChanges.AccountChange;
import com.auditremediation.core.model.SweepChanges.AccountChanges;
import com.auditremediation.core.model.SweepChanges.Basis;
import com.auditremediation.core.model.SweepChanges.ResultChange;
import com.auditremediation.core.model.SweepChanges.ResultCounts;
import com.auditremediation.core.model.SweepChanges.ResultRef;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A sweep's report compared with the previous one: which check results newly fail, are resolved, still fail or were
 * not checked again, and which accounts are new or gone. Only what both covered is compared: the accounts both
 * reports list, the checks both ran, the regions both ran in (a global check's result, which has no region, whenever
 * both ran the check). Accounts count as new or gone only when both sweeps selected the same accounts; an account
 * missing from a truncated previous report (which kept only its failures and skips) is not compared at all.
 *
 * <p>A result newly fails when it is NON_COMPLIANT now and was not in the previous sweep (it passed, was not
 * applicable, or could not be read then); it is resolved when it was NON_COMPLIANT and now passes (compliant,
 * remediated or not applicable); when it was NON_COMPLIANT and could not be read now (the check erred, or the account
 * failed before its checks), it is not rechecked, neither resolved nor still failing.
 */
public final class SweepComparison {

    private static final Set<CheckStatus> PASSING = Set.of(CheckStatus.COMPLIANT, CheckStatus.REMEDIATED, CheckStatus.NOT_APPLICABLE);

    private SweepComparison() {
    }

    /** What changed from {@code previous} to {@code current} (the whole report, every row). */
    public static SweepChanges compare(Report current, PreviousReport previous) {
        List<ReportRow> rows = current.accounts() == null ? List.of() : current.accounts();
        List<String> currentChecks = current.context() != null && !current.context().checks().isEmpty()
                ? current.context().checks() : checksIn(rows);
        List<String> previousChecks = previous.checks() != null ? previous.checks() : previousChecksIn(previous);
        List<String> checks = currentChecks.stream().filter(previousChecks::contains).distinct().toList();
        List<String> currentRegions = current.context() != null && !current.context().regions().isEmpty()
                ? current.context().regions() : regionsIn(rows);
        List<String> previousRegions = previous.regions() != null ? previous.regions() : previousRegionsIn(previous);
        List<String> regions = currentRegions.stream().filter(previousRegions::contains).distinct().toList();

        boolean sameSelection = previous.selection() != null && previous.selection().equals(current.selection());
        boolean sameScope = sameSelection && sameSet(currentChecks, previousChecks) && sameSet(currentRegions, previousRegions);
        Set<String> comparedChecks = new HashSet<>(checks);
        Set<String> comparedRegions = new HashSet<>(regions);

        Tally tally = new Tally();
        List<AccountChanges> accounts = new ArrayList<>();
        Set<String> currentIds = new HashSet<>();
        int bothHad = 0;
        for (ReportRow row : rows) {
            currentIds.add(row.accountId());
            PreviousReport.Row before = previous.rows().get(row.accountId());
            if (before == null) {
                if (sameSelection && !previous.truncated()) {
                    tally.newAccounts++;
                    accounts.add(new AccountChanges(row.accountId(), row.accountName(), row.ouId(), AccountChange.NEW, null, null, null, null));
                }
                continue;
            }
            bothHad++;
            Map<ResultChange, List<ResultRef>> changed = new EnumMap<>(ResultChange.class);
            Set<ResultRef> seen = new HashSet<>();
            for (CheckResult result : row.checks() == null ? List.<CheckResult>of() : row.checks()) {
                if (result == null || !covered(result.checkId(), result.region(), comparedChecks, comparedRegions)) {
                    continue;
                }
                ResultRef ref = new ResultRef(result.checkId(), result.region());
                seen.add(ref);
                ResultChange change = change(before.results().get(ref), result.status());
                if (change != null) {
                    changed.computeIfAbsent(change, c -> new ArrayList<>()).add(ref);
                }
            }
            before.results().forEach((ref, status) -> {
                if (status == CheckStatus.NON_COMPLIANT && !seen.contains(ref) && covered(ref.checkId(), ref.region(), comparedChecks, comparedRegions)) {
                    changed.computeIfAbsent(ResultChange.NOT_RECHECKED, c -> new ArrayList<>()).add(ref);
                }
            });
            if (!changed.isEmpty()) {
                changed.forEach(tally::count);
                accounts.add(new AccountChanges(row.accountId(), row.accountName(), row.ouId(), null, changed.get(ResultChange.NEWLY_FAILING),
                        changed.get(ResultChange.RESOLVED), changed.get(ResultChange.STILL_FAILING), changed.get(ResultChange.NOT_RECHECKED)));
            }
        }
        if (sameSelection) {
            new TreeMap<>(previous.rows()).forEach((accountId, before) -> {
                if (!currentIds.contains(accountId)) {
                    tally.goneAccounts++;
                    accounts.add(new AccountChanges(accountId, before.accountName(), before.ouId(), AccountChange.GONE, null, null, null, null));
                }
            });
        }

        Map<String, ResultCounts> byCheck = new LinkedHashMap<>();
        for (String checkId : checks) {
            int[] counts = tally.byCheck.get(checkId);
            if (counts != null) {
                byCheck.put(checkId, new ResultCounts(counts[0], counts[1], counts[2], counts[3]));
            }
        }
        return new SweepChanges(sameScope ? Basis.SAME_SCOPE : Basis.OTHER_SCOPE,
                new SweepChanges.PreviousSweep(previous.executionName(), previous.startedAt(), previous.location()),
                note(current, previous, sameSelection, sameScope, currentChecks, previousChecks, currentRegions, previousRegions, bothHad),
                new SweepChanges.Compared(bothHad, checks, regions),
                new SweepChanges.Counts(tally.total[0], tally.total[1], tally.total[2], tally.total[3], tally.newAccounts, tally.goneAccounts),
                byCheck, List.copyOf(accounts));
    }

    /** How one result changed; null when it did not fail either time, or failed for the first time and is not failing now. */
    static ResultChange change(CheckStatus before, CheckStatus now) {
        boolean failedBefore = before == CheckStatus.NON_COMPLIANT;
        if (now == CheckStatus.NON_COMPLIANT) {
            return failedBefore ? ResultChange.STILL_FAILING : ResultChange.NEWLY_FAILING;
        }
        if (!failedBefore) {
            return null;
        }
        return PASSING.contains(now) ? ResultChange.RESOLVED : ResultChange.NOT_RECHECKED;
    }

    private static boolean covered(String checkId, String region, Set<String> checks, Set<String> regions) {
        return checkId != null && checks.contains(checkId) && (region == null || regions.contains(region));
    }

    /** What was compared and what not, in a sentence or two; null when two sweeps of one scope compared in full. */
    private static String note(Report current, PreviousReport previous, boolean sameSelection, boolean sameScope,
                               List<String> currentChecks, List<String> previousChecks, List<String> currentRegions,
                               List<String> previousRegions, int bothHad) {
        List<String> sentences = new ArrayList<>();
        String since = previous.executionName() == null ? "the previous sweep" : "sweep " + previous.executionName();
        if (!sameScope) {
            List<String> differences = new ArrayList<>();
            if (previous.selection() == null) {
                differences.add("its report does not record which accounts it selected");
            } else if (!sameSelection) {
                differences.add("it selected other accounts (" + describe(previous.selection()) + "; now " + describe(current.selection()) + ")");
            }
            if (!sameSet(currentChecks, previousChecks)) {
                differences.add("it ran other checks (" + difference(currentChecks, previousChecks) + ")");
            }
            if (!sameSet(currentRegions, previousRegions)) {
                differences.add("it ran in other regions (" + String.join(", ", previousRegions) + "; now " + String.join(", ", currentRegions) + ")");
            }
            sentences.add("The last sweep, " + since + ", covered another scope: " + String.join("; ", differences)
                    + ". Only what both covered is compared: " + bothHad + (bothHad == 1 ? " account" : " accounts")
                    + " in both, the checks and regions both ran"
                    + (sameSelection ? "." : "; no account is counted as new or gone."));
        }
        if (previous.truncated()) {
            sentences.add("The previous report was truncated (it lists " + previous.rows().size() + " of " + previous.total()
                    + " accounts, its failures and skips): only the accounts it lists are compared, and none is counted as new.");
        }
        return sentences.isEmpty() ? null : String.join(" ", sentences);
    }

    private static String describe(AccountSelection selection) {
        if (selection == null) {
            return "unknown";
        }
        List<String> parts = new ArrayList<>();
        if (selection.wholeOrganization()) {
            parts.add("the whole organisation");
        }
        if (!selection.accountIds().isEmpty()) {
            parts.add(plural(selection.accountIds().size(), "account") + " named");
        }
        if (!selection.organizationalUnitIds().isEmpty()) {
            parts.add("OUs " + String.join(", ", selection.organizationalUnitIds()));
        }
        if (!selection.excludeAccountIds().isEmpty()) {
            parts.add(plural(selection.excludeAccountIds().size(), "account") + " excluded");
        }
        return String.join(", ", parts);
    }

    private static String difference(List<String> now, List<String> before) {
        List<String> added = now.stream().filter(id -> !before.contains(id)).toList();
        List<String> dropped = before.stream().filter(id -> !now.contains(id)).toList();
        List<String> parts = new ArrayList<>();
        if (!added.isEmpty()) {
            parts.add("not then: " + String.join(", ", added));
        }
        if (!dropped.isEmpty()) {
            parts.add("not now: " + String.join(", ", dropped));
        }
        return String.join("; ", parts);
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private static boolean sameSet(List<String> a, List<String> b) {
        return new HashSet<>(a).equals(new HashSet<>(b));
    }

    private static List<String> checksIn(List<ReportRow> rows) {
        Set<String> ids = new LinkedHashSet<>();
        rows.stream().filter(row -> row.checks() != null).flatMap(row -> row.checks().stream()).filter(Objects::nonNull)
                .map(CheckResult::checkId).filter(Objects::nonNull).forEach(ids::add);
        return List.copyOf(ids);
    }

    private static List<String> regionsIn(List<ReportRow> rows) {
        Set<String> regions = new LinkedHashSet<>();
        rows.stream().filter(row -> row.checks() != null).flatMap(row -> row.checks().stream()).filter(Objects::nonNull)
                .map(CheckResult::region).filter(Objects::nonNull).forEach(regions::add);
        return List.copyOf(regions);
    }

    private static List<String> previousChecksIn(PreviousReport previous) {
        Set<String> ids = new LinkedHashSet<>();
        previous.rows().values().forEach(row -> row.results().keySet().forEach(ref -> ids.add(ref.checkId())));
        return List.copyOf(ids);
    }

    private static List<String> previousRegionsIn(PreviousReport previous) {
        Set<String> regions = new LinkedHashSet<>();
        previous.rows().values().forEach(row -> row.results().keySet().stream().map(ResultRef::region).filter(Objects::nonNull).forEach(regions::add));
        return List.copyOf(regions);
    }

    /** Counts as the comparison goes: in all (newly failing, resolved, still failing, not rechecked) and per check. */
    private static final class Tally {
        final int[] total = new int[4];
        final Map<String, int[]> byCheck = new LinkedHashMap<>();
        int newAccounts;
        int goneAccounts;

        void count(ResultChange change, List<ResultRef> refs) {
            int index = change.ordinal();
            total[index] += refs.size();
            refs.forEach(ref -> byCheck.computeIfAbsent(ref.checkId(), id -> new int[4])[index]++);
        }
    }
}
