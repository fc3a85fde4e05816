package com.auditremediation.buildreport;

import com.auditremediation.core.error.ErrorCode;
import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.model.AccountItem;
import com.auditremediation.core.model.AccountListing;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.ReportRow;
import com.auditremediation.core.model.SkippedAccount;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Joins ListAccounts' listing with the Map's results: one row per account, whatever came back. One pass; counts the
 * anomalies as it goes.
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
 */
final class ResultJoin {

    private final AccountListing listing;
    private final Map<String, List<AccountResult>> resultsById = new LinkedHashMap<>();
    private final List<String> listedAndSkipped = new ArrayList<>();
    private final List<ReportRow> rows;
    private int missing;
    private int duplicated;
    private int unlisted;
    private int unmatched;

    private ResultJoin(AccountListing listing, List<AccountResult> results) {
        this.listing = listing;
        for (AccountResult result : results) {
            if (result == null || result.accountId() == null) {
                unmatched++;
            } else {
                resultsById.computeIfAbsent(result.accountId(), id -> new ArrayList<>()).add(result.withCaughtErrorUnfolded());
            }
        }
        this.rows = List.copyOf(join());
    }

    /** The join of {@code listing} and {@code results} (the Map's output; a caught row's error object is unfolded). */
    static ResultJoin of(AccountListing listing, List<AccountResult> results) {
        return new ResultJoin(listing, results);
    }

    /** One row per account, in listing order (listed, then skipped, then unlisted results). */
    List<ReportRow> rows() {
        return rows;
    }

    int missing() {
        return missing;
    }

    int duplicated() {
        return duplicated;
    }

    int unlisted() {
        return unlisted;
    }

    int unmatched() {
        return unmatched;
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

    private List<ReportRow> join() {
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
        List<ReportRow> joined = new ArrayList<>();
        for (AccountItem account : listed.values()) {
            joined.add(listedRow(account, resultsById.remove(account.id())));
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
            joined.add(skippedRow(skipped, resultsById.remove(skipped.accountId())));
        }
        for (Map.Entry<String, List<AccountResult>> entry : resultsById.entrySet()) {
            unlisted++;
            joined.add(unlistedRow(new AccountItem(entry.getKey(), null, null), entry.getValue(), ""));
        }
        return joined;
    }

    private ReportRow listedRow(AccountItem account, List<AccountResult> results) {
        if (results == null) {
            missing++;
            String message = "No result came back from the Map for this account.";
            if (unmatched > 0) {
                message += " " + unmatched + " results came back null or without an account id; one of them may be this account's.";
            }
            return ReportRow.failed(account, ErrorCode.MISSING_RESULT, message);
        }
        if (results.size() > 1) {
            duplicated++;
            return ReportRow.failed(account, ErrorCode.DUPLICATE_RESULT,
                    CaughtErrors.cap(results.size() + " results came back for this account, expected one: " + outcomes(results)
                            + ". None is chosen; see the Map's results in the execution history."));
        }
        return resultRow(account, results.get(0));
    }

    private ReportRow skippedRow(SkippedAccount skipped, List<AccountResult> results) {
        AccountItem account = new AccountItem(skipped.accountId(), skipped.accountName(), skipped.ouId());
        if (results == null) {
            return ReportRow.skipped(account, skipped.errorCode(), CaughtErrors.cap(skipped.errorMessage()));
        }
        unlisted++;
        return unlistedRow(account, results, " (it was skipped: " + skipped.errorCode() + ")");
    }

    private static ReportRow unlistedRow(AccountItem account, List<AccountResult> results, String why) {
        boolean one = results.size() == 1;
        String message = (one ? "result for an account that was not listed" : results.size() + " results for an account that was not listed")
                + why + "; " + (one ? "its outcome: " : "their outcomes: ") + outcomes(results);
        AccountResult only = one ? results.get(0) : null;
        return ReportRow.checked(account, AccountStatus.FAILED, ErrorCode.FUNCTION_ERROR, CaughtErrors.cap(message),
                only == null ? null : only.checks(), only == null ? null : only.durationMs());
    }

    private static ReportRow resultRow(AccountItem account, AccountResult result) {
        AccountStatus status = result.status();
        if (status == null) {
            return ReportRow.checked(account, AccountStatus.FAILED, ErrorCode.FUNCTION_ERROR,
                    CaughtErrors.cap("The result has no status" + (result.errorMessage() == null ? "." : ": " + result.errorMessage())),
                    result.checks(), result.durationMs()).withFindings(result.findings());
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
        return ReportRow.checked(account, status, code, message, result.checks(), result.durationMs()).withFindings(result.findings());
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
