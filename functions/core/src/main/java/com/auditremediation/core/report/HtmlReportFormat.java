package com.auditremediation.core.report;

import com.auditremediation.core.error.ErrorCode;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Report;
import com.auditremediation.core.model.ReportRow;
import com.auditremediation.core.model.RunContext;
import com.auditremediation.core.model.Summary;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The report as one self-contained page: summary tiles, the truncation note when there is one, failures grouped by
 * error code with what to do, check counts, and a table of accounts (failures first) with the check matrix and
 * filters by status, OU and text. Its CSS and script are inline, the Content-Security-Policy allows exactly those two
 * (by hash) and nothing else, so the page loads nothing from anywhere. Every value from the report is escaped: account
 * names are chosen in member accounts. The filters read and write the URL's fragment ({@code #status=FAILED&ou=...}),
 * so a filtered view can be bookmarked; without script every row shows.
 */
public final class HtmlReportFormat implements ReportFormat {

    private static final String CSS = resource("report.css");
    private static final String SCRIPT = resource("report.js");
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src '" + sha256(CSS) + "'; script-src '"
            + sha256(SCRIPT) + "'; img-src 'none'; base-uri 'none'; form-action 'none'";
    private static final Set<CheckStatus> PASSED = Set.of(CheckStatus.COMPLIANT, CheckStatus.REMEDIATED, CheckStatus.NOT_APPLICABLE);

    @Override
    public String fileName() {
        return "report.html";
    }

    @Override
    public String contentType() {
        return "text/html; charset=utf-8";
    }

    @Override
    public byte[] render(Report report) {
        List<ReportRow> rows = new ArrayList<>(report.accounts() == null ? List.of() : report.accounts());
        rows.sort(RowOrder.FAILURES_FIRST);
        Page page = new Page();
        page.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .raw("<meta http-equiv=\"Content-Security-Policy\" content=\"").text(CONTENT_SECURITY_POLICY).raw("\">\n")
                .raw("<meta name=\"referrer\" content=\"no-referrer\">\n")
                .raw("<title>Audit report ").text(orDash(report.executionName())).raw("</title>\n")
                .raw("<style>").raw(CSS).raw("</style>\n</head>\n<body>\n");
        header(page, report);
        note(page, report);
        tiles(page, report, rows);
        failures(page, report, rows);
        checkCounts(page, report, rows);
        accounts(page, report, rows);
        page.raw("<footer>Written by audit-remediation from the execution's report (report.json).</footer>\n")
                .raw("<script>").raw(SCRIPT).raw("</script>\n</body>\n</html>\n");
        return page.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void header(Page page, Report report) {
        page.raw("<header>\n<h1>Audit report <span class=\"exec\">").text(orDash(report.executionName())).raw("</span></h1>\n")
                .raw("<p class=\"meta\">Started ").text(time(report.startedAt())).raw(" &middot; finished ").text(time(report.finishedAt()));
        RunContext context = report.context();
        if (context != null) {
            page.raw(" &middot; mode <b>").text(context.mode() == null ? "-" : context.mode().jsonValue()).raw("</b>")
                    .raw(" &middot; role <code>").text(orDash(context.roleName())).raw("</code>")
                    .raw(" &middot; checks ").text(listOr(context.checks(), "all"))
                    .raw(" &middot; regions ").text(listOr(context.regions(), "the stack's"));
        }
        page.raw("</p>\n</header>\n");
    }

    /** The truncation note, prominent: the reader must know that rows are missing before reading any count. */
    private static void note(Page page, Report report) {
        boolean truncated = Boolean.TRUE.equals(report.truncated());
        if (!truncated && (report.note() == null || report.note().isBlank())) {
            return;
        }
        page.raw("<div class=\"note\" id=\"note\" role=\"alert\"><strong>")
                .text(truncated ? "Report truncated: not every account is listed below. " : "Note: ")
                .raw("</strong>").text(report.note() == null ? "" : report.note()).raw("</div>\n");
    }

    private static void tiles(Page page, Report report, List<ReportRow> rows) {
        Summary summary = report.summary() == null ? new Summary(rows.size(), 0, 0, 0, 0) : report.summary();
        Map<String, Map<CheckStatus, Integer>> counts = counts(report, rows);
        int nonCompliant = total(counts, CheckStatus.NON_COMPLIANT);
        int remediated = total(counts, CheckStatus.REMEDIATED);
        long accountsWithFindings = rows.stream().filter(HtmlReportFormat::hasFindings).count();
        page.raw("<section class=\"tiles\" aria-label=\"Summary\">\n");
        tile(page, "total", summary.total(), "Accounts", summary.excluded() > 0 ? summary.excluded() + " more excluded on request" : "in scope");
        tile(page, "succeeded", summary.succeeded(), "Succeeded", "checked");
        tile(page, "failed", summary.failed(), "Failed", summary.failed() == 0 ? "none" : "see Failures");
        tile(page, "skipped", summary.skipped(), "Skipped", "not attempted");
        tile(page, "non-compliant", nonCompliant, "Non-compliant", Boolean.TRUE.equals(report.truncated())
                ? "check results" : "check results in " + accountsWithFindings + (accountsWithFindings == 1 ? " account" : " accounts"));
        if (remediated > 0) {
            tile(page, "remediated", remediated, "Remediated", "check results fixed");
        }
        page.raw("</section>\n");
    }

    private static void tile(Page page, String kind, int value, String label, String sub) {
        page.raw("<div class=\"tile ").raw(kind).raw(value > 0 ? " some" : "").raw("\" id=\"tile-").raw(kind).raw("\">")
                .raw("<span class=\"n\">").raw(Integer.toString(value)).raw("</span><span class=\"l\">").text(label)
                .raw("</span><span class=\"s\">").text(sub).raw("</span></div>\n");
    }

    /** Failed accounts grouped by error code, the most frequent first, each code with what to do. */
    private static void failures(Page page, Report report, List<ReportRow> rows) {
        Map<String, List<ReportRow>> byCode = new LinkedHashMap<>();
        rows.stream().filter(row -> row.status() == AccountStatus.FAILED)
                .sorted(Comparator.comparing((ReportRow row) -> -countOf(report, row.errorCode())))
                .forEach(row -> byCode.computeIfAbsent(row.errorCode() == null ? "" : row.errorCode().name(), code -> new ArrayList<>()).add(row));
        int failed = report.summary() == null ? byCode.values().stream().mapToInt(List::size).sum() : report.summary().failed();
        page.raw("<section id=\"failures\">\n<h2>Failures (").raw(Integer.toString(failed)).raw(")</h2>\n");
        if (byCode.isEmpty()) {
            page.raw("<p class=\"none\">").text(failed == 0 ? "No account failed." : "The failed accounts are not in this report.").raw("</p>\n");
        }
        for (Map.Entry<String, List<ReportRow>> code : byCode.entrySet()) {
            String name = code.getKey().isEmpty() ? "No error code" : code.getKey();
            page.raw("<div class=\"failure-code\" data-code=\"").text(code.getKey()).raw("\">\n<h3><span class=\"b FAILED\">").text(name)
                    .raw("</span> ").raw(Integer.toString(code.getValue().size())).raw(code.getValue().size() == 1 ? " account" : " accounts").raw("</h3>\n");
            String advice = advice(code.getKey());
            if (!advice.isEmpty()) {
                page.raw("<p class=\"advice\">").text(advice).raw("</p>\n");
            }
            page.raw("<ul class=\"failures\">\n");
            for (ReportRow row : code.getValue()) {
                page.raw("<li><b>").text(orDash(row.accountName())).raw("</b> <span class=\"id\">").text(orDash(row.accountId()))
                        .raw("</span> &middot; ").text(orDash(row.ouId())).raw(": ").text(message(row)).raw("</li>\n");
            }
            page.raw("</ul>\n</div>\n");
        }
        page.raw("</section>\n");
    }

    private static void checkCounts(Page page, Report report, List<ReportRow> rows) {
        Map<String, Map<CheckStatus, Integer>> counts = counts(report, rows);
        if (counts.isEmpty()) {
            return;
        }
        Set<CheckStatus> statuses = new TreeSet<>();
        counts.values().forEach(byStatus -> statuses.addAll(byStatus.keySet()));
        page.raw("<section id=\"checks\">\n<h2>Checks</h2>\n<div class=\"scroll\"><table class=\"counts\">\n<thead><tr><th>Check</th>");
        statuses.forEach(status -> page.raw("<th>").raw(badge(status, null)).raw("</th>"));
        page.raw("</tr></thead>\n<tbody>\n");
        for (String checkId : checkIds(report, rows)) {
            Map<CheckStatus, Integer> byStatus = counts.getOrDefault(checkId, Map.of());
            page.raw("<tr><td><code>").text(checkId).raw("</code></td>");
            statuses.forEach(status -> {
                int count = byStatus.getOrDefault(status, 0);
                page.raw("<td class=\"num").raw(count == 0 ? " zero" : "").raw("\" data-label=\"").text(label(status)).raw("\">")
                        .raw(Integer.toString(count)).raw("</td>");
            });
            page.raw("</tr>\n");
        }
        page.raw("</tbody>\n</table></div>\n<p class=\"excluded\">A regional check counts once per region.</p>\n</section>\n");
    }

    private static void accounts(Page page, Report report, List<ReportRow> rows) {
        List<String> checkIds = checkIds(report, rows);
        Set<String> units = new TreeSet<>();
        rows.forEach(row -> units.add(row.ouId() == null ? "" : row.ouId()));
        int total = report.summary() == null ? rows.size() : report.summary().total();
        page.raw("<section id=\"accounts\">\n<h2>Accounts (").raw(Integer.toString(rows.size()))
                .raw(rows.size() == total ? "" : " of " + total + " in this report").raw(")</h2>\n")
                .raw("<div class=\"filters\">\n<label>Status <select id=\"f-status\">")
                .raw("<option value=\"ALL\">All</option><option value=\"FAILED\">Failed</option><option value=\"SKIPPED\">Skipped</option>")
                .raw("<option value=\"SUCCEEDED\">Succeeded</option><option value=\"NON_COMPLIANT\">With non-compliant checks</option>")
                .raw("</select></label>\n<label>OU <select id=\"f-ou\"><option value=\"ALL\">All</option>");
        units.forEach(unit -> page.raw("<option value=\"").text(unit).raw("\">").text(unit.isEmpty() ? "(none)" : unit).raw("</option>"));
        page.raw("</select></label>\n<label>Account <input id=\"f-q\" type=\"search\" placeholder=\"name or id\"></label>\n</div>\n")
                .raw("<p class=\"shown\" id=\"shown\">Showing all ").raw(Integer.toString(rows.size())).raw(" accounts</p>\n")
                .raw("<div class=\"scroll\"><table class=\"matrix\">\n<thead><tr><th>Account</th><th>OU</th><th>Status</th>");
        checkIds.forEach(id -> page.raw("<th><code>").raw(escape(id).replace("-", "-<wbr>")).raw("</code></th>"));
        page.raw("<th>Message</th><th>Time</th></tr></thead>\n<tbody>\n");
        for (ReportRow row : rows) {
            row(page, row, checkIds);
        }
        if (rows.isEmpty()) {
            page.raw("<tr><td colspan=\"").raw(Integer.toString(checkIds.size() + 5)).raw("\">No accounts.</td></tr>\n");
        }
        page.raw("</tbody>\n</table></div>\n</section>\n");
    }

    private static void row(Page page, ReportRow row, List<String> checkIds) {
        String status = row.status() == null ? "UNKNOWN" : row.status().name();
        boolean findings = hasFindings(row);
        page.raw("<tr class=\"row ").raw(status).raw(findings ? " findings" : "").raw("\" data-status=\"").raw(status)
                .raw("\" data-ou=\"").text(row.ouId() == null ? "" : row.ouId())
                .raw("\" data-findings=\"").raw(Boolean.toString(findings))
                .raw("\" data-search=\"").text((orEmpty(row.accountId()) + " " + orEmpty(row.accountName())).toLowerCase(Locale.ROOT)).raw("\">\n")
                .raw("<td class=\"account\"><div class=\"name\">").text(orDash(row.accountName())).raw("</div><div class=\"id\">")
                .text(orDash(row.accountId())).raw("</div></td>\n")
                .raw("<td class=\"ou\" data-label=\"OU\"><code>").text(orDash(row.ouId())).raw("</code></td>\n")
                .raw("<td class=\"status\" data-label=\"Status\">").raw(badge(row.status(), status));
        if (row.errorCode() != null) {
            page.raw("<code class=\"code\">").text(row.errorCode().name()).raw("</code>");
        }
        page.raw("</td>\n");
        for (String checkId : checkIds) {
            List<CheckResult> results = row.checks() == null ? List.of()
                    : row.checks().stream().filter(check -> checkId.equals(check.checkId())).toList();
            page.raw("<td class=\"check\" data-label=\"").text(checkId).raw("\">");
            if (results.isEmpty()) {
                page.raw("<span class=\"dash\">&ndash;</span>");
            }
            for (CheckResult result : results) {
                // The region is said where a check has results in several; with one, it is in the Message column's details.
                page.raw(badge(result.status(), results.size() > 1 ? result.region() : null));
            }
            page.raw("</td>\n");
        }
        page.raw("<td class=\"message\" data-label=\"Message\">").text(orEmpty(row.errorMessage()));
        List<CheckResult> notPassed = row.checks() == null ? List.of()
                : row.checks().stream().filter(check -> !PASSED.contains(check.status())).toList();
        if (!notPassed.isEmpty()) {
            page.raw("<ul>");
            notPassed.forEach(check -> page.raw("<li><code>").text(check.checkId() + (check.region() == null ? "" : " " + check.region()))
                    .raw("</code> ").text(check.status() == null ? "" : label(check.status())).text(check.detail() == null ? "" : ": " + check.detail())
                    .raw("</li>"));
            page.raw("</ul>");
        }
        page.raw("</td>\n<td class=\"time\" data-label=\"Time\">")
                .text(row.durationMs() == null ? "" : String.format(Locale.ROOT, "%.1f s", row.durationMs() / 1000.0)).raw("</td>\n</tr>\n");
    }

    /** A status as a coloured pill with a word (readable in black and white too); {@code prefix} such as a region. */
    private static String badge(Enum<?> status, String prefix) {
        String name = status == null ? "UNKNOWN" : status.name();
        String word = status instanceof CheckStatus check ? label(check) : name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
        boolean region = status instanceof CheckStatus && prefix != null;
        return "<span class=\"b " + escape(name) + "\">" + (region ? escape(prefix) + ": " : "") + escape(word) + "</span>";
    }

    private static String label(CheckStatus status) {
        return switch (status) {
            case COMPLIANT -> "Compliant";
            case NON_COMPLIANT -> "Non-compliant";
            case REMEDIATED -> "Remediated";
            case ERROR -> "Error";
            case NOT_APPLICABLE -> "N/A";
        };
    }

    /** What a person does about a failure code, as the README's table of error codes says. */
    static String advice(String code) {
        if (code.isEmpty()) {
            return "";
        }
        return switch (ErrorCode.valueOf(code)) {
            case ROLE_NOT_ASSUMABLE -> "AssumeRole was refused: is the account enrolled in Control Tower, and does the execution role exist and trust the Audit account?";
            case CHECK_FAILED -> "The account was reached but a check could not run; each row says which and why.";
            case THROTTLED -> "AWS kept throttling after every retry: lower MaxConcurrency or run again.";
            case TIMEOUT -> "A call or the function ran out of time after every retry.";
            case SERVICE_UNAVAILABLE -> "AWS answered with server errors after every retry: run again later.";
            case FUNCTION_ERROR -> "The check function failed unexpectedly; the message carries its error; see its log group.";
            case MISSING_RESULT, DUPLICATE_RESULT -> "The Map returned no result, or several, for a listed account: reported, never dropped.";
            default -> "";
        };
    }

    /** Check results by check id and status: the summary's counts, or counted from the rows when it has none. */
    private static Map<String, Map<CheckStatus, Integer>> counts(Report report, List<ReportRow> rows) {
        if (report.summary() != null && report.summary().checks() != null) {
            return report.summary().checks();
        }
        Map<String, Map<CheckStatus, Integer>> counts = new LinkedHashMap<>();
        rows.stream().filter(row -> row.checks() != null).flatMap(row -> row.checks().stream())
                .filter(check -> check.checkId() != null && check.status() != null)
                .forEach(check -> counts.computeIfAbsent(check.checkId(), id -> new EnumMap<>(CheckStatus.class)).merge(check.status(), 1, Integer::sum));
        return counts;
    }

    private static int total(Map<String, Map<CheckStatus, Integer>> counts, CheckStatus status) {
        return counts.values().stream().mapToInt(byStatus -> byStatus.getOrDefault(status, 0)).sum();
    }

    /** The matrix's columns: the run's checks in the order they ran (ListAccounts puts them in catalog order), then any other id, as first seen. */
    private static List<String> checkIds(Report report, List<ReportRow> rows) {
        Set<String> present = new LinkedHashSet<>();
        if (report.context() != null) {
            present.addAll(report.context().checks());
        }
        present.addAll(counts(report, rows).keySet());
        rows.stream().filter(row -> row.checks() != null).flatMap(row -> row.checks().stream())
                .map(CheckResult::checkId).filter(id -> id != null).forEach(present::add);
        return List.copyOf(present);
    }

    private static boolean hasFindings(ReportRow row) {
        return row.checks() != null && row.checks().stream().anyMatch(check -> check.status() == CheckStatus.NON_COMPLIANT);
    }

    private static int countOf(Report report, ErrorCode code) {
        return report.failuresByCode() == null || code == null ? 0 : report.failuresByCode().getOrDefault(code, 0);
    }

    private static String message(ReportRow row) {
        if (row.errorMessage() != null && !row.errorMessage().isBlank()) {
            return row.errorMessage();
        }
        return row.checks() == null ? "" : row.checks().stream().filter(check -> check.status() == CheckStatus.ERROR)
                .map(check -> check.checkId() + (check.detail() == null ? "" : ": " + check.detail())).findFirst().orElse("");
    }

    /** Text for HTML content and for quoted attribute values alike. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** An ISO-8601 time to the second, in UTC. */
    private static String time(String iso) {
        return iso == null ? "-" : iso.replaceAll("\\.\\d+(Z|[+-]\\d\\d:\\d\\d)$", "$1").replace('T', ' ').replaceAll("Z$", " UTC");
    }

    private static String orDash(String text) {
        return text == null || text.isBlank() ? "-" : text;
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    private static String listOr(List<String> values, String fallback) {
        return values == null || values.isEmpty() ? fallback : String.join(", ", values);
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReportFormat.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing beside " + HtmlReportFormat.class.getName() + " in the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A CSP source for an inline block: its exact text's SHA-256, base64. */
    private static String sha256(String text) {
        try {
            return "sha256-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The page being written: {@link #raw} for markup of ours, {@link #text} for every value, escaped. */
    private static final class Page {

        private final StringBuilder html = new StringBuilder(16_384);

        Page raw(String markup) {
            html.append(markup);
            return this;
        }

        Page text(String value) {
            html.append(escape(value == null ? "" : value));
            return this;
        }

        @Override
        public String toString() {
            return html.toString();
        }
    }
}
