package com.auditremediation.cli;

import com.auditremediation.core.error.ErrorCode;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.ApprovalDecision;
import com.auditremediation.core.model.ApprovalOutcome;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.ExceptionNote;
import com.auditremediation.core.model.ExceptionsReport;
import com.auditremediation.core.model.FixCounts;
import com.auditremediation.core.model.Report;
import com.auditremediation.core.model.ReportRow;
import com.auditremediation.core.model.FindingsSummary;
import com.auditremediation.core.model.Summary;
import com.auditremediation.core.model.SweepChanges;
import com.auditremediation.core.report.ChangeMarks;
import com.auditremediation.core.report.ReportCounts;
import com.auditremediation.core.report.RowOrder;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A report as a person reads it: the summary, then one table row per account, failures first. Excepted results
 * (NON_COMPLIANT, covered by an accepted risk) are counted apart from those that need work: in the summary's check
 * lines, on an Exceptions line, and in an EXCEPTED column when the report has any; an account's message is its first
 * result that needs work.
 */
final class ReportPrinter {

    private static final List<String> HEADERS = List.of("ACCOUNT", "NAME", "OU", "STATUS", "CODE", "PASSED", "MESSAGE");
    /** With changes since the previous sweep: the marks come before the message. */
    private static final List<String> HEADERS_WITH_CHANGES = List.of("ACCOUNT", "NAME", "OU", "STATUS", "CODE", "PASSED", "CHANGE", "MESSAGE");
    private static final int OU_WIDTH = 28;
    private static final int NAME_WIDTH = 24;
    private static final int MIN_MESSAGE_WIDTH = 24;
    private static final Set<CheckStatus> PASSED = Set.of(CheckStatus.COMPLIANT, CheckStatus.REMEDIATED, CheckStatus.NOT_APPLICABLE);
    private static final Comparator<ReportRow> FAILURES_FIRST = RowOrder.FAILURES_FIRST
            .thenComparing(row -> row.accountName() == null ? "" : row.accountName())
            .thenComparing(row -> row.accountId() == null ? "" : row.accountId());

    private final int width;

    /** {@code width}: the terminal's width; the MESSAGE column is cut to fit it. */
    ReportPrinter(int width) {
        this.width = width;
    }

    void print(Report report, PrintWriter out) {
        printSummary(report, out);
        out.println();
        printTable(report, out);
        out.flush();
    }

    void printSummary(Report report, PrintWriter out) {
        out.println("Execution  " + orDash(report.executionName()) + "  (started " + time(report.startedAt())
                + ", finished " + time(report.finishedAt()) + ")");
        if (report.context() != null) {
            out.println("Settings   mode " + report.context().mode() + ", role " + report.context().roleName()
                    + ", checks " + listOr(report.context().checks(), "all") + ", regions " + listOr(report.context().regions(), "the stack's"));
        }
        ReportCounts counts = ReportCounts.of(report);
        Summary summary = counts.summary();
        out.println("Accounts   " + summary.total() + " total: " + summary.succeeded() + " succeeded, " + summary.failed()
                + " failed, " + summary.skipped() + " skipped" + (summary.excluded() > 0 ? "; " + summary.excluded() + " excluded on request" : ""));
        if (summary.checks() != null && !summary.checks().isEmpty()) {
            int idWidth = summary.checks().keySet().stream().mapToInt(String::length).max().orElse(0);
            Map<String, Integer> excepted = summary.excepted() == null ? Map.of() : summary.excepted();
            String label = "Checks     ";
            for (Map.Entry<String, Map<CheckStatus, Integer>> check : summary.checks().entrySet()) {
                int exceptedResults = excepted.getOrDefault(check.getKey(), 0);
                out.println(label + String.format("%-" + idWidth + "s  ", check.getKey()) + counts(check.getValue())
                        + (exceptedResults == 0 ? "" : " (" + exceptedResults + " of them excepted)"));
                label = " ".repeat(label.length());
            }
        }
        printExceptions(report, counts, out);
        if (summary != null && summary.findings() != null) {
            FindingsSummary findings = summary.findings();
            out.println("Findings   Security Hub: " + findings.exported() + " exported, " + findings.skipped() + " skipped, "
                    + findings.refused() + " refused" + (findings.reasons().isEmpty() ? "" : " (" + findings.reasons().entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + ")"));
        }
        Map<ErrorCode, Integer> failures = counts.failuresByCode();
        out.println("Failures   " + (failures.isEmpty() ? "none"
                : failures.entrySet().stream().sorted(Map.Entry.<ErrorCode, Integer>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))));
        if (report.changes() != null) {
            out.println("Changes    " + ChangeMarks.sentence(report.changes()));
            if (report.changes().note() != null) {
                out.println("           " + Commands.oneLine(report.changes().note()));
            }
        }
        if (report.approval() != null) {
            printApproval(report.approval(), out);
        }
        if (Boolean.TRUE.equals(report.truncated()) || report.note() != null) {
            out.println("Note       " + (Boolean.TRUE.equals(report.truncated()) ? "(truncated) " : "") + orDash(report.note()));
        }
        if (report.files() != null) {
            String label = "Files      ";
            for (Map.Entry<String, String> file : report.files().entrySet()) {
                if (!file.getKey().startsWith("latest")) {
                    out.println(label + file.getValue());
                    label = " ".repeat(label.length());
                }
            }
        }
        if (report.deliveryWarnings() != null) {
            report.deliveryWarnings().forEach(warning -> out.println("Warning    " + warning));
        }
    }

    /** The excepted results by source, the file read, and the entries expiring soon or expired. */
    private static void printExceptions(Report report, ReportCounts counts, PrintWriter out) {
        ExceptionsReport exceptions = report.exceptions();
        if (exceptions == null && counts.excepted() == 0) {
            return;
        }
        String bySource = exceptions == null || exceptions.excepted().isEmpty() ? "" : " (" + exceptions.excepted().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + ")";
        out.println("Exceptions " + counts.excepted() + " non-compliant results excepted" + bySource + ", " + counts.needsWork()
                + " need work" + (exceptions == null || exceptions.location() == null ? ""
                : "; " + exceptions.inForce().size() + (exceptions.inForce().size() == 1 ? " entry" : " entries") + " in force from "
                + exceptions.location()));
        if (exceptions == null) {
            return;
        }
        for (ExceptionNote note : exceptions.expiringSoon()) {
            out.println("           expires " + note.expires() + ": exceptions[" + note.entry() + "] (owner " + note.owner()
                    + (note.ticket() == null ? "" : ", " + note.ticket()) + ") " + Commands.oneLine(note.reason()));
        }
        if (exceptions.expiredCount() != null && exceptions.expiredCount() > 0) {
            out.println("           expired, no longer applied: " + exceptions.expired().stream()
                    .map(note -> "exceptions[" + note.entry() + "] (" + note.expires() + ", owner " + note.owner() + ")")
                    .collect(Collectors.joining(", ")) + (exceptions.expiredCount() > exceptions.expired().size()
                    ? " and " + (exceptions.expiredCount() - exceptions.expired().size()) + " more" : ""));
        }
    }

    /** The decision on the plan and what became of its fixes. */
    private static void printApproval(ApprovalOutcome approval, PrintWriter out) {
        FixCounts fixes = approval.counts();
        ApprovalDecision decision = approval.decision();
        String who = decision == null ? "nothing to approve"
                : (Boolean.TRUE.equals(decision.timedOut()) ? "rejected: timed out" : decision.decision().jsonValue()
                + (decision.by() == null ? "" : " by " + decision.by()) + (decision.at() == null ? "" : " at " + time(decision.at())))
                + (decision.reason() == null ? "" : " (" + Commands.oneLine(decision.reason()) + ")");
        out.println("Approval   " + who);
        if (fixes != null) {
            out.println("Fixes      " + fixes.planned() + " planned: " + fixes.fixed() + " fixed, " + fixes.changed()
                    + " skipped because changed, " + fixes.refused() + " refused, " + fixes.failed() + " failed");
        }
    }

    /**
     * One line per account, failures first. With changes since the previous sweep a CHANGE column marks each account:
     * {@code NEW} for an account new to the sweep, else its results newly failing and resolved ({@code NEW 2 RESOLVED 1});
     * the accounts gone since then are named after the table.
     */
    void printTable(Report report, PrintWriter out) {
        List<ReportRow> rows = report.accounts() == null ? List.of() : report.accounts();
        boolean withChanges = report.changes() != null && report.changes().madeComparison();
        boolean withExcepted = rows.stream().anyMatch(row -> excepted(row) > 0);
        ChangeMarks marks = ChangeMarks.of(report);
        Map<String, String> units = report.organizationalUnits() == null ? Map.of() : report.organizationalUnits();
        List<String> headers = new ArrayList<>(withChanges ? HEADERS_WITH_CHANGES : HEADERS);
        if (withExcepted) {
            headers.add(headers.indexOf("PASSED") + 1, "EXCEPTED");
        }
        List<List<String>> cells = new ArrayList<>();
        rows.stream().sorted(FAILURES_FIRST).forEach(row -> {
            List<String> line = new ArrayList<>(List.of(
                    orDash(row.accountId()),
                    cut(orDash(row.accountName()), NAME_WIDTH),
                    cut(orDash(row.ouId() == null ? null : units.getOrDefault(row.ouId(), row.ouId())), OU_WIDTH),
                    row.status() == null ? "-" : row.status().name(),
                    row.errorCode() == null ? "-" : row.errorCode().name(),
                    checks(row)));
            if (withExcepted) {
                int excepted = excepted(row);
                line.add(excepted == 0 ? "-" : Integer.toString(excepted));
            }
            if (withChanges) {
                line.add(change(marks, row.accountId()));
            }
            line.add(message(row));
            cells.add(line);
        });
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : cells) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        int fixed = 0;
        for (int i = 0; i < widths.length - 1; i++) {
            fixed += widths[i] + 2;
        }
        int messageWidth = Math.max(MIN_MESSAGE_WIDTH, width - fixed);
        out.println(line(headers, widths, messageWidth));
        List<String> cutMessages = new ArrayList<>();
        for (List<String> row : cells) {
            out.println(line(row, widths, messageWidth));
            String message = row.get(row.size() - 1);
            if (message.length() > messageWidth && !row.get(3).equals(AccountStatus.SUCCEEDED.name())) {
                cutMessages.add(row.get(1) + " (" + row.get(0) + "): " + message);
            }
        }
        if (rows.isEmpty()) {
            out.println("(no accounts)");
        }
        List<SweepChanges.AccountChanges> gone = marks.gone();
        if (!gone.isEmpty()) {
            out.println();
            out.println("Gone since the previous sweep: " + gone.stream().map(account -> orDash(account.accountName()) + " (" + account.accountId() + ")")
                    .collect(Collectors.joining(", ")));
        }
        if (!cutMessages.isEmpty()) {
            out.println();
            out.println("Messages in full:");
            cutMessages.forEach(message -> out.println("  " + message));
        }
    }

    /** The row's excepted results: NON_COMPLIANT, covered by an accepted risk. */
    private static int excepted(ReportRow row) {
        return row.checks() == null ? 0 : (int) row.checks().stream().filter(check -> check != null && check.excepted()).count();
    }

    /** {@code NEW} for an account new to the sweep; {@code NEW 2 RESOLVED 1} for its changed results; {@code -} for none. */
    private static String change(ChangeMarks marks, String accountId) {
        SweepChanges.AccountChanges changes = marks.changes(accountId);
        if (changes == null) {
            return "-";
        }
        if (changes.account() == SweepChanges.AccountChange.NEW) {
            return "NEW";
        }
        List<String> parts = new ArrayList<>();
        if (changes.newlyFailing() != null) {
            parts.add("NEW " + changes.newlyFailing().size());
        }
        if (changes.resolved() != null) {
            parts.add("RESOLVED " + changes.resolved().size());
        }
        return parts.isEmpty() ? "-" : String.join(" ", parts);
    }

    private static String line(List<String> cells, int[] widths, int messageWidth) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < cells.size() - 1; i++) {
            text.append(String.format("%-" + widths[i] + "s  ", cells.get(i)));
        }
        text.append(cut(cells.get(cells.size() - 1), messageWidth));
        return text.toString().stripTrailing();
    }

    /**
     * Check results that passed (compliant, remediated or not applicable) of those the account has, for example
     * {@code 4/5}; from the row's compliance counts where present, else from its check results.
     */
    private static String checks(ReportRow row) {
        Map<CheckStatus, Integer> compliance = row.compliance();
        if (compliance != null && !compliance.isEmpty()) {
            int total = compliance.values().stream().mapToInt(Integer::intValue).sum();
            int passed = compliance.entrySet().stream().filter(e -> PASSED.contains(e.getKey())).mapToInt(Map.Entry::getValue).sum();
            return passed + "/" + total;
        }
        List<CheckResult> checks = row.checks();
        if (checks == null || checks.isEmpty()) {
            return "-";
        }
        long passed = checks.stream().filter(check -> PASSED.contains(check.status())).count();
        return passed + "/" + checks.size();
    }

    private static String counts(Map<CheckStatus, Integer> counts) {
        return counts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
    }

    /** The row's error message, or else the first check that did not pass and is not excepted. */
    private static String message(ReportRow row) {
        if (row.errorMessage() != null && !row.errorMessage().isBlank()) {
            return Commands.oneLine(row.errorMessage());
        }
        if (row.checks() != null) {
            for (CheckResult check : row.checks()) {
                if (!PASSED.contains(check.status()) && !check.excepted()) {
                    return Commands.oneLine(check.checkId() + (check.region() == null ? "" : " (" + check.region() + ")")
                            + " " + check.status() + (check.detail() == null ? "" : ": " + check.detail()));
                }
            }
        }
        return "";
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, Math.max(0, max - 3)) + "...";
    }

    /** An ISO-8601 time to the second: the fraction says nothing to a reader. */
    private static String time(String iso) {
        return iso == null ? "-" : iso.replaceAll("\\.\\d+(Z|[+-]\\d\\d:\\d\\d)$", "$1");
    }

    private static String orDash(String text) {
        return text == null || text.isBlank() ? "-" : text;
    }

    private static String listOr(List<String> values, String fallback) {
        return values == null || values.isEmpty() ? fallback : String.join(",", values);
    }
}
