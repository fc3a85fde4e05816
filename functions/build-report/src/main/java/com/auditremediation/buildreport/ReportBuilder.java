package com.auditremediation.buildreport;

import com.auditremediation.core.JsonLog;
import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.model.AccountListing;
import com.auditremediation.core.model.Report;
import com.auditremediation.core.model.ReportRow;
import com.auditremediation.core.model.RunContext;
import com.auditremediation.core.model.Summary;
import com.auditremediation.core.report.ReportCounts;
import com.auditremediation.core.report.RowOrder;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * BuildReport as a pipeline: {@link ResultJoin} joins the listing and the results into one row per account, the
 * counts come from {@link ReportCounts}, an approval run's plan and outcome from {@link ApprovalOutcomes}; then
 * {@link ReportDelivery} delivers the whole report (S3, SNS, metrics) and {@link ReportFitter} fits what goes out to
 * a state's 256 KiB. The summary counts every row, so {@code total = succeeded + failed + skipped}.
 */
public final class ReportBuilder {

    /** Step Functions' limit on a state's input and output, in bytes of UTF-8 JSON. */
    public static final int STATE_PAYLOAD_LIMIT = ReportFitter.STATE_PAYLOAD_LIMIT;

    /** What the report may use of that limit; the rest is headroom for Step Functions' own serialisation. */
    public static final int DEFAULT_BYTE_BUDGET = ReportFitter.DEFAULT_BYTE_BUDGET;

    /** Failures first, then skipped, then succeeded; by account id within each. */
    private static final Comparator<ReportRow> ROW_ORDER = RowOrder.FAILURES_FIRST.thenComparing(ReportRow::accountId);

    private final Clock clock;
    private final ReportFitter fitter;

    public ReportBuilder() {
        this(Clock.systemUTC(), DEFAULT_BYTE_BUDGET);
    }

    public ReportBuilder(Clock clock, int byteBudget) {
        this.clock = clock;
        this.fitter = new ReportFitter(byteBudget);
    }

    public Report build(BuildReportInput input) {
        return build(input, new ReportDelivery(null, null, null));
    }

    /**
     * Builds the whole report, hands it to {@code delivery} (S3, SNS, metrics), then fits what came back, with its
     * files and warnings, to the byte budget; a shortened report's note names the S3 copy of the whole one.
     */
    public Report build(BuildReportInput input, ReportDelivery delivery) {
        ResultJoin join = join(input);
        ReportDelivery.Delivered delivered = delivery.deliver(assemble(input, join), input.executionArn());
        Report whole = delivered.report();
        ReportFitter.Fitted fitted = fitter.fit(whole, join.anomalies(), delivered.fullReportUri());
        Summary summary = whole.summary();

        JsonLog.info("report built",
                "executionName", input.executionName(),
                "total", summary.total(),
                "succeeded", summary.succeeded(),
                "failed", summary.failed(),
                "skipped", summary.skipped(),
                "excluded", summary.excluded(),
                "failuresByCode", whole.failuresByCode(),
                "missingResults", join.missing(),
                "duplicateResults", join.duplicated(),
                "unlistedResults", join.unlisted(),
                "unmatchedResults", join.unmatched(),
                "approval", whole.approval() == null ? null : whole.approval().counts(),
                "truncated", Boolean.TRUE.equals(fitted.report().truncated()),
                "rowsLeftOut", whole.accounts().size() - fitted.report().accounts().size(),
                "reportBytes", fitted.bytes(),
                "files", whole.files() == null ? 0 : whole.files().size(),
                "deliveryWarnings", whole.deliveryWarnings() == null ? 0 : whole.deliveryWarnings().size());
        return fitted.report();
    }

    /** The report with every row, whatever its size: what {@link #build} trims to the budget. */
    Report whole(BuildReportInput input) {
        return assemble(input, join(input));
    }

    /** The rows of {@code input}, sorted for reading (failures first): what the report and the plan are made from. */
    static List<ReportRow> sortedRows(ResultJoin join) {
        List<ReportRow> rows = new ArrayList<>(join.rows());
        rows.sort(ROW_ORDER);
        return List.copyOf(rows);
    }

    static ResultJoin join(BuildReportInput input) {
        if (input == null) {
            throw new InvalidInputException("(input)", "is null; send {\"listing\": ..., \"results\": [...], \"executionName\": ..., \"startedAt\": ...}");
        }
        if (input.listing() == null) {
            throw new InvalidInputException("listing", "is missing; pass the output of ListAccounts, as the state machine does with \"listing.$\": \"$.listing\"");
        }
        if (input.results() == null) {
            throw new InvalidInputException("results", "is missing; pass the Map's output array, as the state machine does with \"results.$\": \"$.results\" ([] when no account was listed)");
        }
        return ResultJoin.of(input.listing(), input.results());
    }

    private Report assemble(BuildReportInput input, ResultJoin join) {
        List<ReportRow> rows = sortedRows(join);
        AccountListing listing = input.listing();
        Instant now = Instant.now(clock);
        // The rules in force are listed once, in exceptions, with what each covered: not a second time in the context.
        RunContext context = listing.context() == null ? null : listing.context().withExceptions(null);
        Report report = Report.of(input.executionName(), startedAt(input), now.toString(), context,
                        ReportCounts.summarize(rows, listing.excludedCount()), ReportCounts.failuresByCode(rows), rows)
                .withNote(join.anomalies())
                .withScope(listing.selection(), listing.organizationalUnits())
                .withExceptions(AcceptedRisks.of(listing, rows, LocalDate.ofInstant(now, ZoneOffset.UTC)));
        if (input.approval() != null) {
            report = report.withApproval(ApprovalOutcomes.of(input.approval()));
        }
        return report;
    }

    static String startedAt(BuildReportInput input) {
        return input.startedAt() != null ? input.startedAt() : input.listing().startedAt();
    }
}
