package com.auditremediation.buildreport;

import com.auditremediation.core.Json;
import com.auditremediation.core.JsonLog;
import com.auditremediation.core.error.ErrorCode;
import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.model.AccountItem;
import com.auditremediation.core.model.AccountListing;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.FindingsSummary;
import com.auditremediation.core.model.Report;
import com.auditremediation.core.model.ReportRow;
import com.auditremediation.core.model.SkippedAccount;
import com.auditremediation.core.model.Summary;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Joins ListAccounts' listing with the Map's results into one {@link Report}: one row per account, whatever came back.
 *
 * <ul>
 *   <li>A listed account without a result is a FAILED row with {@code MISSING_RESULT}; one with several results is a
 *   single FAILED row with {@code DUPLICATE_RESULT} that says what came.</li>
 *   <li>A result for an account that was not in {@code listing.accounts} is a FAILED row with {@code FUNCTION_ERROR}
 *   ("result for an account that was not listed"): there is no better code for a contract broken upstream, and
 *   FUNCTION_ERROR already means "look at the functions". If the account was among the skipped ones, that row
 *   replaces its SKIPPED row, so the account still appears once.</li>
 *   <li>Null results, and results without an account id, match no account: they are counted in the note, in the
 *   MISSING_RESULT messages and in the log line.</li>
 * </ul>
 *
 * Each row with check results carries their counts by status ({@code compliance}), and the summary counts every
 * row's results by check and status ({@code summary.checks}): these counts survive when rows or evidence are left
 * out for size.
 *
 * The summary counts every row, so {@code total = succeeded + failed + skipped}; with a well-formed listing that is
 * the number of listed plus skipped accounts. When the report's JSON would pass the byte budget, succeeded rows are
 * left out first, then the before/after evidence of the checks kept, then skipped and failed rows from the end.
 */
public final class ReportBuilder {

    /** Step Functions' limit on a state's input and output, in bytes of UTF-8 JSON. */
    public static final int STATE_PAYLOAD_LIMIT = 262_144;

    /** What the report may use of that limit; the rest is headroom for Step Functions' own serialisation. */
    public static final int DEFAULT_BYTE_BUDGET = 240_000;

    private static final Comparator<ReportRow> ROW_ORDER = Comparator
            .comparingInt((ReportRow row) -> switch (row.status()) {
                case FAILED -> 0;
                case SKIPPED -> 1;
                case SUCCEEDED -> 2;
            })
            .thenComparing(ReportRow::accountId);

    private final Clock clock;
    private final int byteBudget;

    public ReportBuilder() {
        this(Clock.systemUTC(), DEFAULT_BYTE_BUDGET);
    }

    public ReportBuilder(Clock clock, int byteBudget) {
        if (byteBudget <= 0 || byteBudget > STATE_PAYLOAD_LIMIT) {
            throw new IllegalArgumentException("byteBudget must be between 1 and " + STATE_PAYLOAD_LIMIT + ", was " + byteBudget);
        }
        this.clock = clock;
        this.byteBudget = byteBudget;
    }

    public Report build(BuildReportInput input) {
        return build(input, new ReportDelivery(null, null, null));
    }

    /**
     * Builds the whole report, hands it to {@code delivery} (S3, SNS, metrics), then fits what came back, with its
     * files and warnings, to the byte budget; a shortened report's note names the S3 copy of the whole one.
     */
    public Report build(BuildReportInput input, ReportDelivery delivery) {
        Assembled assembled = assemble(input);
        Join join = assembled.join();
        ReportDelivery.Delivered delivered = delivery.deliver(assembled.report());
        Report whole = delivered.report();
        Fitted fitted = fit(whole, join.anomalies(), delivered.fullReportUri());
        Summary summary = whole.summary();

        JsonLog.info("report built",
                "executionName", input.executionName(),
                "total", summary.total(),
                "succeeded", summary.succeeded(),
                "failed", summary.failed(),
                "skipped", summary.skipped(),
                "excluded", summary.excluded(),
                "failuresByCode", whole.failuresByCode(),
                "missingResults", join.missing,
                "duplicateResults", join.duplicated,
                "unlistedResults", join.unlisted,
                "unmatchedResults", join.unmatched,
                "truncated", Boolean.TRUE.equals(fitted.report().truncated()),
                "rowsLeftOut", whole.accounts().size() - fitted.report().accounts().size(),
                "reportBytes", fitted.bytes(),
                "files", whole.files() == null ? 0 : whole.files().size(),
                "deliveryWarnings", whole.deliveryWarnings() == null ? 0 : whole.deliveryWarnings().size());
        return fitted.report();
    }

    /** The report with every row, whatever its size: what {@link #build} trims to the budget. */
    Report whole(BuildReportInput input) {
        return assemble(input).report();
    }

    private record Assembled(Report report, Join join) {
    }

    private Assembled assemble(BuildReportInput input) {
        if (input == null) {
            throw new InvalidInputException("(input)", "is null; send {\"listing\": ..., \"results\": [...], \"executionName\": ..., \"startedAt\": ...}");
        }
        if (input.listing() == null) {
            throw new InvalidInputException("listing", "is missing; pass the output of ListAccounts, as the state machine does with \"listing.$\": \"$.listing\"");
        }
        if (input.results() == null) {
            throw new InvalidInputException("results", "is missing; pass the Map's output array, as the state machine does with \"results.$\": \"$.results\" ([] when no account was listed)");
        }
        List<AccountResult> results = input.results().stream()
                .map(result -> result == null ? null : result.withCaughtErrorUnfolded())
                .collect(java.util.stream.Collectors.toList());
        Join join = new Join(input.listing(), results);
        List<ReportRow> rows = new ArrayList<>(join.rows().stream().map(ReportBuilder::withCompliance).toList());
        rows.sort(ROW_ORDER);
        String startedAt = input.startedAt() != null ? input.startedAt() : input.listing().startedAt();
        Report report = new Report(input.executionName(), startedAt, Instant.now(clock).toString(),
                input.listing().context(), summary(rows, input.listing().excludedCount()), failuresByCode(rows),
                List.copyOf(rows), null, join.anomalies());
        return new Assembled(report, join);
    }

    private record Fitted(Report report, int bytes) {
    }

    private Fitted fit(Report full, String anomalies, String fullReportUri) {
        int fullBytes = bytes(full);
        if (fullBytes <= byteBudget) {
            return new Fitted(full, fullBytes);
        }
        List<ReportRow> kept = full.accounts().stream().filter(row -> row.status() != AccountStatus.SUCCEEDED).toList();
        int succeededLeftOut = full.accounts().size() - kept.size();

        Report candidate = truncated(full, kept, succeededLeftOut, 0, false, anomalies, fullReportUri);
        int candidateBytes = bytes(candidate);
        if (candidateBytes <= byteBudget) {
            return new Fitted(candidate, candidateBytes);
        }
        List<ReportRow> bare = kept.stream().map(ReportBuilder::withoutEvidence).toList();
        candidate = truncated(full, bare, succeededLeftOut, 0, true, anomalies, fullReportUri);
        candidateBytes = bytes(candidate);
        if (candidateBytes <= byteBudget) {
            return new Fitted(candidate, candidateBytes);
        }
        // Failures come first in the row order, so the longest prefix that fits keeps as many failures as possible.
        int low = 0;
        int high = bare.size() - 1;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (bytes(truncated(full, bare.subList(0, middle), succeededLeftOut, bare.size() - middle, true, anomalies, fullReportUri)) <= byteBudget) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        candidate = truncated(full, bare.subList(0, low), succeededLeftOut, bare.size() - low, true, anomalies, fullReportUri);
        return new Fitted(candidate, bytes(candidate));
    }

    private static Report truncated(Report full, List<ReportRow> rows, int succeededLeftOut, int othersLeftOut,
                                    boolean evidenceLeftOut, String anomalies, String fullReportUri) {
        StringBuilder note = new StringBuilder("The full report did not fit the 256 KiB state output:");
        if (succeededLeftOut > 0) {
            note.append(' ').append(succeededLeftOut).append(" succeeded rows");
            if (othersLeftOut > 0) {
                note.append(" (and ").append(othersLeftOut).append(" failed or skipped rows)");
            }
            note.append(" are left out.");
        } else if (othersLeftOut > 0) {
            note.append(' ').append(othersLeftOut).append(" failed or skipped rows are left out.");
        }
        if (evidenceLeftOut) {
            note.append(" The before/after evidence of the checks is left out of the rows kept.");
        }
        if (fullReportUri != null) {
            note.append(" The whole report, every account with its evidence, is in ").append(fullReportUri).append('.');
        } else {
            note.append(" Every account is in the CheckAccount results of this execution's Map state (execution history);"
                    + " no whole copy was written to S3 (no report bucket is configured, or see deliveryWarnings).");
        }
        if (anomalies != null) {
            note.append(' ').append(anomalies);
        }
        return new Report(full.executionName(), full.startedAt(), full.finishedAt(), full.context(), full.summary(),
                full.failuresByCode(), List.copyOf(rows), true, note.toString(), full.files(), full.deliveryWarnings());
    }

    private static ReportRow withoutEvidence(ReportRow row) {
        if (row.checks() == null) {
            return row;
        }
        List<CheckResult> checks = row.checks().stream()
                .map(check -> check == null ? null
                        : new CheckResult(check.checkId(), check.region(), check.status(), check.detail(), null, null))
                .collect(Collectors.toList());
        return row.withChecks(checks);
    }

    static int bytes(Report report) {
        try {
            return Json.mapper().writeValueAsBytes(report).length;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Summary summary(List<ReportRow> rows, int excluded) {
        int succeeded = 0;
        int failed = 0;
        int skipped = 0;
        for (ReportRow row : rows) {
            switch (row.status()) {
                case SUCCEEDED -> succeeded++;
                case FAILED -> failed++;
                case SKIPPED -> skipped++;
            }
        }
        return new Summary(rows.size(), succeeded, failed, skipped, excluded, checkCounts(rows))
                .withFindings(FindingsSummary.of(rows.stream().map(ReportRow::findings).toList()));
    }

    /** The row with its check results counted by status; unchanged when it has none. */
    private static ReportRow withCompliance(ReportRow row) {
        if (row.checks() == null || row.checks().isEmpty()) {
            return row;
        }
        Map<CheckStatus, Integer> counts = new EnumMap<>(CheckStatus.class);
        for (CheckResult check : row.checks()) {
            if (check != null && check.status() != null) {
                counts.merge(check.status(), 1, Integer::sum);
            }
        }
        return row.withCompliance(counts.isEmpty() ? null : counts);
    }

    /** Every row's check results counted by check id (in the order first seen) and status; null when there are none. */
    private static Map<String, Map<CheckStatus, Integer>> checkCounts(List<ReportRow> rows) {
        Map<String, Map<CheckStatus, Integer>> counts = new LinkedHashMap<>();
        for (ReportRow row : rows) {
            if (row.checks() == null) {
                continue;
            }
            for (CheckResult check : row.checks()) {
                if (check != null && check.checkId() != null && check.status() != null) {
                    counts.computeIfAbsent(check.checkId(), id -> new EnumMap<>(CheckStatus.class)).merge(check.status(), 1, Integer::sum);
                }
            }
        }
        return counts.isEmpty() ? null : counts;
    }

    private static Map<ErrorCode, Integer> failuresByCode(List<ReportRow> rows) {
        Map<ErrorCode, Integer> counts = new EnumMap<>(ErrorCode.class);
        for (ReportRow row : rows) {
            if (row.status() == AccountStatus.FAILED) {
                counts.merge(row.errorCode(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** One pass over the listing and the results; counts the anomalies as it goes. */
    private static final class Join {

        private final AccountListing listing;
        private final Map<String, List<AccountResult>> resultsById = new LinkedHashMap<>();
        private final List<String> listedAndSkipped = new ArrayList<>();
        private int missing;
        private int duplicated;
        private int unlisted;
        private int unmatched;

        Join(AccountListing listing, List<AccountResult> results) {
            this.listing = listing;
            for (AccountResult result : results) {
                if (result == null || result.accountId() == null) {
                    unmatched++;
                } else {
                    resultsById.computeIfAbsent(result.accountId(), id -> new ArrayList<>()).add(result);
                }
            }
        }

        List<ReportRow> rows() {
            Map<String, AccountItem> listed = new LinkedHashMap<>();
            for (int i = 0; i < listing.accounts().size(); i++) {
                AccountItem account = listing.accounts().get(i);
                if (account == null || account.id() == null) {
                    throw new InvalidInputException("listing.accounts[" + i + "]", "has no account id; ListAccounts lists every account as {\"id\": \"123456789012\", \"name\": ..., \"ouId\": ...}");
                }
                // ListAccounts lists each account once; a repeated entry is reported once (its results then count as duplicates).
                listed.putIfAbsent(account.id(), account);
            }
            Set<String> skippedIds = new HashSet<>();
            List<ReportRow> rows = new ArrayList<>();
            for (AccountItem account : listed.values()) {
                rows.add(listedRow(account, resultsById.remove(account.id())));
            }
            for (int i = 0; i < listing.skipped().size(); i++) {
                SkippedAccount skipped = listing.skipped().get(i);
                if (skipped == null || skipped.accountId() == null) {
                    throw new InvalidInputException("listing.skipped[" + i + "]", "has no account id; ListAccounts lists every skipped account as {\"accountId\": \"123456789012\", \"errorCode\": ..., \"errorMessage\": ...}");
                }
                if (listed.containsKey(skipped.accountId())) {
                    listedAndSkipped.add(skipped.accountId());
                    continue;
                }
                if (!skippedIds.add(skipped.accountId())) {
                    continue;
                }
                rows.add(skippedRow(skipped, resultsById.remove(skipped.accountId())));
            }
            for (Map.Entry<String, List<AccountResult>> entry : resultsById.entrySet()) {
                unlisted++;
                rows.add(unlistedRow(entry.getKey(), null, null, entry.getValue(), ""));
            }
            return rows;
        }

        /** What a reader should know even when nothing was left out; null when the results matched the listing cleanly. */
        String anomalies() {
            List<String> parts = new ArrayList<>();
            if (unmatched > 0) {
                parts.add(unmatched + " of the Map's results were null or had no account id and match no account.");
            }
            if (!listedAndSkipped.isEmpty()) {
                parts.add("Listed and also skipped, reported as listed: " + String.join(", ", listedAndSkipped) + ".");
            }
            return parts.isEmpty() ? null : String.join(" ", parts);
        }

        private ReportRow listedRow(AccountItem account, List<AccountResult> results) {
            if (results == null) {
                missing++;
                String message = "No result came back from the Map for this account.";
                if (unmatched > 0) {
                    message += " " + unmatched + " results came back null or without an account id; one of them may be this account's.";
                }
                return new ReportRow(account.id(), account.name(), account.ouId(), AccountStatus.FAILED,
                        ErrorCode.MISSING_RESULT, message, null, null);
            }
            if (results.size() > 1) {
                duplicated++;
                return new ReportRow(account.id(), account.name(), account.ouId(), AccountStatus.FAILED,
                        ErrorCode.DUPLICATE_RESULT,
                        CaughtErrors.cap(results.size() + " results came back for this account, expected one: " + outcomes(results)
                                + ". None is chosen; see the Map's results in the execution history."),
                        null, null);
            }
            return resultRow(account.id(), account.name(), account.ouId(), results.get(0));
        }

        private ReportRow skippedRow(SkippedAccount skipped, List<AccountResult> results) {
            if (results == null) {
                return new ReportRow(skipped.accountId(), skipped.accountName(), skipped.ouId(), AccountStatus.SKIPPED,
                        skipped.errorCode(), CaughtErrors.cap(skipped.errorMessage()), null, null);
            }
            unlisted++;
            return unlistedRow(skipped.accountId(), skipped.accountName(), skipped.ouId(), results,
                    " (it was skipped: " + skipped.errorCode() + ")");
        }

        private static ReportRow unlistedRow(String accountId, String name, String ouId, List<AccountResult> results, String why) {
            boolean one = results.size() == 1;
            String message = (one ? "result for an account that was not listed" : results.size() + " results for an account that was not listed")
                    + why + "; " + (one ? "its outcome: " : "their outcomes: ") + outcomes(results);
            AccountResult only = one ? results.get(0) : null;
            return new ReportRow(accountId, name, ouId, AccountStatus.FAILED, ErrorCode.FUNCTION_ERROR,
                    CaughtErrors.cap(message), only == null ? null : only.checks(), only == null ? null : only.durationMs());
        }

        /** The account's row from its one result, with what became of its Security Hub findings. */
        private static ReportRow resultRow(String accountId, String name, String ouId, AccountResult result) {
            return statusRow(accountId, name, ouId, result).withFindings(result.findings());
        }

        private static ReportRow statusRow(String accountId, String name, String ouId, AccountResult result) {
            AccountStatus status = result.status();
            if (status == null) {
                return new ReportRow(accountId, name, ouId, AccountStatus.FAILED, ErrorCode.FUNCTION_ERROR,
                        CaughtErrors.cap("The result has no status" + (result.errorMessage() == null ? "." : ": " + result.errorMessage())),
                        result.checks(), result.durationMs());
            }
            ErrorCode code = result.errorCode();
            String message = CaughtErrors.cap(result.errorMessage());
            if (status == AccountStatus.FAILED && code == null) {
                if (result.errorType() != null) {
                    code = CaughtErrors.code(result.errorType());
                    message = CaughtErrors.message(result.errorType(), result.errorMessage());
                } else {
                    code = ErrorCode.FUNCTION_ERROR;
                    message = message == null ? "The result is FAILED without an error code or type." : message;
                }
            }
            return new ReportRow(accountId, name, ouId, status, code, message, result.checks(), result.durationMs());
        }

        /** "SUCCEEDED, FAILED (THROTTLED), FAILED (Lambda.Unknown)". */
        private static String outcomes(List<AccountResult> results) {
            return results.stream().map(result -> {
                String status = String.valueOf(result.status());
                if (result.errorCode() != null) {
                    return status + " (" + result.errorCode() + ")";
                }
                return result.errorType() != null ? status + " (" + result.errorType() + ")" : status;
            }).collect(Collectors.joining(", "));
        }
    }
}
