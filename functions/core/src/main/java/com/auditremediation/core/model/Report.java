package com.auditremediation.core.model;

import com.auditremediation.core.error.ErrorCode;
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
 * {@code exceptions} lists the accepted risks: the exceptions file read, its entries in force, expiring and expired,
 * and the excepted results by source (see {@link ExceptionsReport}); absent when there were none.
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
        SweepChanges changes,
        ExceptionsReport exceptions) {

    public Report {
        failuresByCode = Copies.orAbsent(failuresByCode);
        accounts = Copies.orAbsent(accounts);
        files = Copies.orAbsent(files);
        deliveryWarnings = Copies.orAbsent(deliveryWarnings);
        organizationalUnits = Copies.orAbsent(organizationalUnits);
    }

    /** The whole report of a run: every row, not truncated, nothing delivered yet. */
    public static Report of(String executionName, String startedAt, String finishedAt, RunContext context, Summary summary,
                            Map<ErrorCode, Integer> failuresByCode, List<ReportRow> accounts) {
        return new Report(executionName, startedAt, finishedAt, context, summary, failuresByCode, accounts, null, null, null, null, null, null, null,
                null, null);
    }

    /** This report with {@code note} (null: none). */
    public Report withNote(String note) {
        return toBuilder().note(note).build();
    }

    /** This report with only {@code rows} kept, marked truncated, and {@code note} saying what was left out. */
    public Report truncatedTo(List<ReportRow> rows, String note) {
        return toBuilder().accounts(rows).truncated(true).note(note).build();
    }

    /** This report with {@code files} replaced (null or empty: none). */
    public Report withFiles(Map<String, String> files) {
        return toBuilder().files(files == null || files.isEmpty() ? null : files).build();
    }

    /** This report with {@code deliveryWarnings} replaced (null or empty: none). */
    public Report withDeliveryWarnings(List<String> warnings) {
        return toBuilder().deliveryWarnings(warnings == null || warnings.isEmpty() ? null : warnings).build();
    }

    /** This report with the approval's plan and outcome. */
    public Report withApproval(ApprovalOutcome approval) {
        return toBuilder().approval(approval).build();
    }

    /** This report with the sweep's account selection and its rows' OUs by path (null or empty: none). */
    public Report withScope(AccountSelection selection, Map<String, String> organizationalUnits) {
        return toBuilder().selection(selection)
                .organizationalUnits(organizationalUnits == null || organizationalUnits.isEmpty() ? null : organizationalUnits)
                .build();
    }

    /** This report with what changed since the previous sweep. */
    public Report withChanges(SweepChanges changes) {
        return toBuilder().changes(changes).build();
    }

    /** This report with its accepted risks: the file read, the entries in force, expiring and expired. */
    public Report withExceptions(ExceptionsReport exceptions) {
        return toBuilder().exceptions(exceptions).build();
    }

    private Builder toBuilder() {
        return new Builder(this);
    }

    /** The one place that copies a report: every {@code with...} changes only what it names. */
    private static final class Builder {
        private final Report from;
        private List<ReportRow> accounts;
        private Boolean truncated;
        private String note;
        private Map<String, String> files;
        private List<String> deliveryWarnings;
        private ApprovalOutcome approval;
        private AccountSelection selection;
        private Map<String, String> organizationalUnits;
        private SweepChanges changes;
        private ExceptionsReport exceptions;

        private Builder(Report from) {
            this.from = from;
            this.accounts = from.accounts;
            this.truncated = from.truncated;
            this.note = from.note;
            this.files = from.files;
            this.deliveryWarnings = from.deliveryWarnings;
            this.approval = from.approval;
            this.selection = from.selection;
            this.organizationalUnits = from.organizationalUnits;
            this.changes = from.changes;
            this.exceptions = from.exceptions;
        }

        Builder accounts(List<ReportRow> accounts) {
            this.accounts = accounts;
            return this;
        }

        Builder truncated(Boolean truncated) {
            this.truncated = truncated;
            return this;
        }

        Builder note(String note) {
            this.note = note;
            return this;
        }

        Builder files(Map<String, String> files) {
            this.files = files;
            return this;
        }

        Builder deliveryWarnings(List<String> deliveryWarnings) {
            this.deliveryWarnings = deliveryWarnings;
            return this;
        }

        Builder approval(ApprovalOutcome approval) {
            this.approval = approval;
            return this;
        }

        Builder selection(AccountSelection selection) {
            this.selection = selection;
            return this;
        }

        Builder organizationalUnits(Map<String, String> organizationalUnits) {
            this.organizationalUnits = organizationalUnits;
            return this;
        }

        Builder changes(SweepChanges changes) {
            this.changes = changes;
            return this;
        }

        Builder exceptions(ExceptionsReport exceptions) {
            this.exceptions = exceptions;
            return this;
        }

        Report build() {
            return new Report(from.executionName, from.startedAt, from.finishedAt, from.context, from.summary,
                    from.failuresByCode, accounts, truncated, note, files, deliveryWarnings, approval, selection,
                    organizationalUnits, changes, exceptions);
        }
    }
}
