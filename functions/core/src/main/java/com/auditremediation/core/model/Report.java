package com.auditremediation.core.model;

import com.auditremediation.core.error.ErrorCode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The execution's output. When every row would not fit a state's 256 KiB, {@code accounts} keeps the failed and
 * skipped rows, {@code truncated} is true and {@code note} says what was left out and where the rest is.
 *
 * <p>{@code files} holds the S3 URIs of the report's files where a report bucket is configured: one entry per format
 * keyed by its extension ({@code json}, {@code csv}, {@code html}) for this execution's copy, and the same prefixed
 * with {@code latest} ({@code latestJson}, ...) for the copy under {@code latest/}. Only files actually written are
 * listed; it is absent without a bucket. {@code deliveryWarnings} says what could not be delivered (an S3 write, the
 * SNS notification) and what to do; it is absent when everything configured was delivered. {@code approval} is
 * present only for a run with {@code Approval: "required"}: the plan beside its outcome.
 *
 * <p>{@code selection} is the accounts the sweep selected (with the context's checks and regions, its scope);
 * {@code organizationalUnits} names the OUs of the rows by path ({@code ou-ab12-prod0001} is {@code Workloads/Prod});
 * {@code changes} is what changed since the previous sweep. All three are absent from reports written before them.
 *
 * <p>Built by name: {@link #of} for the whole report, then {@code with...} for what delivery and fitting add.
 */
public record Report(
        String executionName,
        String startedAt,
        String finishedAt,
        RunContext context,
        Summary summary,
        Map<ErrorCode, Integer> failuresByCode,
        List<ReportRow> accounts,
        Boolean truncated,
        String note,
        Map<String, String> files,
        List<String> deliveryWarnings,
        ApprovalOutcome approval,
        AccountSelection selection,
        Map<String, String> organizationalUnits,
        SweepChanges changes) {

    /** The whole report of a run: every row, not truncated, nothing delivered yet. */
    public static Report of(String executionName, String startedAt, String finishedAt, RunContext context, Summary summary,
                            Map<ErrorCode, Integer> failuresByCode, List<ReportRow> accounts) {
        return new Report(executionName, startedAt, finishedAt, context, summary, failuresByCode, accounts, null, null, null, null, null, null, null, null);
    }

    /** This report with {@code note} (null: none). */
    public Report withNote(String note) {
        return new Report(executionName, startedAt, finishedAt, context, summary, failuresByCode, accounts, truncated,
                note, files, deliveryWarnings, approval, selection, organizationalUnits, changes);
    }

    /** This report with only {@code rows} kept, marked truncated, and {@code note} saying what was left out. */
    public Report truncatedTo(List<ReportRow> rows, String note) {
        return new Report(executionName, startedAt, finishedAt, context, summary, failuresByCode, List.copyOf(rows), true,
                note, files, deliveryWarnings, approval, selection, organizationalUnits, changes);
    }

    /** This report with {@code files} replaced (null or empty: none). */
    public Report withFiles(Map<String, String> files) {
        return new Report(executionName, startedAt, finishedAt, context, summary, failuresByCode, accounts, truncated,
                note, files == null || files.isEmpty() ? null : Collections.unmodifiableMap(new LinkedHashMap<>(files)),
                deliveryWarnings, approval, selection, organizationalUnits, changes);
    }

    /** This report with {@code deliveryWarnings} replaced (null or empty: none). */
    public Report withDeliveryWarnings(List<String> warnings) {
        return new Report(executionName, startedAt, finishedAt, context, summary, failuresByCode, accounts, truncated,
                note, files, warnings == null || warnings.isEmpty() ? null : List.copyOf(warnings), approval, selection, organizationalUnits, changes);
    }

    /** This report with the approval's plan and outcome. */
    public Report withApproval(ApprovalOutcome approval) {
        return new Report(executionName, startedAt, finishedAt, context, summary, failuresByCode, accounts, truncated,
                note, files, deliveryWarnings, approval, selection, organizationalUnits, changes);
    }

    /** This report with the sweep's account selection and its rows' OUs by path (null or empty: none). */
    public Report withScope(AccountSelection selection, Map<String, String> organizationalUnits) {
        return new Report(executionName, startedAt, finishedAt, context, summary, failuresByCode, accounts, truncated,
                note, files, deliveryWarnings, approval, selection, organizationalUnits == null || organizationalUnits.isEmpty() ? null
                : Collections.unmodifiableMap(new LinkedHashMap<>(organizationalUnits)), changes);
    }

    /** This report with what changed since the previous sweep. */
    public Report withChanges(SweepChanges changes) {
        return new Report(executionName, startedAt, finishedAt, context, summary, failuresByCode, accounts, truncated,
                note, files, deliveryWarnings, approval, selection, organizationalUnits, changes);
    }
}
