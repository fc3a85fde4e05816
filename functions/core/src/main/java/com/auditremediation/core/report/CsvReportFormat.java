package com.auditremediation.core.report;

import com.auditremediation.core.Json;
import com.auditremediation.core.model.AcceptedRisk;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.FindingsDelivery;
import com.auditremediation.core.model.Report;
import com.auditremediation.core.model.ReportRow;
import com.auditremediation.core.model.SweepChanges;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The report's rows as RFC 4180 CSV for a spreadsheet: a header line, then one line per account and check result
 * (a regional check once per region), or one line per account that has no results (failed before its checks, or
 * skipped). The account's columns repeat on each of its lines. Lines end with CRLF; a field holding a comma, a
 * quote, a CR or a LF is quoted, its quotes doubled. Account names come from member accounts, so a field that a
 * spreadsheet would take for a formula (starting with {@code = + - @}, a tab or a CR) gets a leading {@code '}.
 * Rows keep the report's order (failures first); a truncated report's CSV holds only the rows the report kept.
 * The account's Security Hub findings come last, so that the columns before them keep their places: the counts, the
 * reasons as a JSON object and the note, all empty where the row has no delivery (the export was off, or the account
 * has no results), which tells such a row from one whose counts are zero. After them, for the same reason, the OU's
 * path of names and what changed since the previous sweep: the result's change ({@code NEWLY_FAILING},
 * {@code RESOLVED}, {@code STILL_FAILING}, {@code NOT_RECHECKED}) or, on every line of an account that the previous
 * sweep did not have, {@code NEW_ACCOUNT}; empty otherwise. Accounts gone since then have no line (they are in
 * report.json's and report.html's changes). Last, for a NON_COMPLIANT result that an accepted risk covers, its
 * {@code exception}: source ({@code file}, {@code securityhub}), reason, owner, expiry and ticket; empty otherwise, so
 * that a filter on {@code exception_source} separates what needs work from what is accepted.
 */
public final class CsvReportFormat implements ReportFormat {

    /** The header line, in column order. */
    public static final List<String> COLUMNS = List.of("account_id", "account_name", "ou_id", "status", "error_code",
            "error_message", "check_id", "region", "check_status", "detail", "before", "after", "duration_ms",
            "findings_exported", "findings_skipped", "findings_refused", "findings_reasons", "findings_note", "ou_path", "change",
            "exception_source", "exception_reason", "exception_owner", "exception_expires", "exception_ticket");

    private static final String CRLF = "\r\n";

    @Override
    public String fileName() {
        return "report.csv";
    }

    @Override
    public String contentType() {
        return "text/csv; charset=utf-8; header=present";
    }

    @Override
    public byte[] render(Report report) {
        StringBuilder csv = new StringBuilder(4096);
        line(csv, COLUMNS.toArray(String[]::new));
        ChangeMarks marks = ChangeMarks.of(report);
        Map<String, String> units = report.organizationalUnits() == null ? Map.of() : report.organizationalUnits();
        for (ReportRow row : report.accounts() == null ? List.<ReportRow>of() : report.accounts()) {
            List<CheckResult> checks = row.checks() == null ? List.of() : row.checks();
            if (checks.isEmpty()) {
                line(csv, accountCells(row, null, units, marks));
            }
            for (CheckResult check : checks) {
                line(csv, accountCells(row, check, units, marks));
            }
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String[] accountCells(ReportRow row, CheckResult check, Map<String, String> units, ChangeMarks marks) {
        FindingsDelivery delivery = row.findings();
        AcceptedRisk risk = check == null || !check.excepted() ? null : check.exception();
        return new String[] {
                row.accountId(),
                row.accountName(),
                row.ouId(),
                row.status() == null ? null : row.status().name(),
                row.errorCode() == null ? null : row.errorCode().name(),
                row.errorMessage(),
                check == null ? null : check.checkId(),
                check == null ? null : check.region(),
                check == null || check.status() == null ? null : check.status().name(),
                check == null ? null : check.detail(),
                check == null ? null : json(check.before()),
                check == null ? null : json(check.after()),
                row.durationMs() == null ? null : row.durationMs().toString(),
                delivery == null ? null : Integer.toString(delivery.exported()),
                delivery == null ? null : Integer.toString(delivery.skipped()),
                delivery == null ? null : Integer.toString(delivery.refused()),
                delivery == null ? null : json(delivery.reasons()),
                delivery == null ? null : delivery.note(),
                row.ouId() == null ? null : units.get(row.ouId()),
                change(row, check, marks),
                risk == null ? null : risk.source().jsonValue(),
                risk == null ? null : risk.reason(),
                risk == null ? null : risk.owner(),
                risk == null ? null : risk.expires(),
                risk == null ? null : risk.ticket()};
    }

    private static String change(ReportRow row, CheckResult check, ChangeMarks marks) {
        if (marks.account(row.accountId()) == SweepChanges.AccountChange.NEW) {
            return "NEW_ACCOUNT";
        }
        SweepChanges.ResultChange change = check == null ? null : marks.result(row.accountId(), check.checkId(), check.region());
        return change == null ? null : change.name();
    }

    private static String json(Map<String, ?> values) {
        return values == null || values.isEmpty() ? null : Json.write(values);
    }

    private static void line(StringBuilder csv, String[] cells) {
        csv.append(String.join(",", Arrays.stream(cells).map(CsvReportFormat::field).toList())).append(CRLF);
    }

    /** One field: formula-guarded, then quoted where RFC 4180 needs it; null is the empty field. */
    static String field(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String text = switch (value.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + value;
            default -> value;
        };
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
