package com.auditremediation.core.report;

import com.auditremediation.core.error.ErrorCode;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Report;
import com.auditremediation.core.model.ReportRow;
import com.auditremediation.core.model.RunContext;
import com.auditremediation.core.model.Summary;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The report as one self-contained page: summary tiles, the truncation note when there is one, what became of the
 * Security Hub findings (or that the export was off), an approval run's plan beside its outcome, failures grouped by
 * error code with what to do, check counts, and a table of accounts (failures first) with the check matrix and
 * filters by status, OU and text. Its CSS and script are inline, the Content-Security-Policy allows exactly those two
 * (by hash) and nothing else, so the page loads nothing from anywhere. Every value from the report is escaped: account
 * names are chosen in member accounts. The filters read and write the URL's fragment ({@code #status=FAILED&ou=...}),
 * so a filtered view can be bookmarked; without script every row shows. The figures come from {@link ReportView},
 * computed before any markup is written; the markup, escaping and policy from {@link Html}.
 */
public final class HtmlReportFormat implements ReportFormat {

    private static final String SCRIPT = Html.resource("report.js");
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
        ReportView view = ReportView.of(report);
        Html.Page page = Html.head("Audit report " + orDash(report.executionName()), SCRIPT);
        header(page, report);
        note(page, view);
        tiles(page, view);
        securityHub(page, view);
        approval(page, view);
        failures(page, view);
        checkCounts(page, view);
        accounts(page, view);
        page.raw("<footer>Written by audit-remediation from the execution's report (report.json).</footer>\n")
                .raw("<script>").raw(SCRIPT).raw("</script>\n</body>\n</html>\n");
        return page.bytes();
    }

    private static void header(Html.Page page, Report report) {
        page.raw("<header>\n<h1>Audit report <span class=\"exec\">").text(orDash(report.executionName())).raw("</span></h1>\n")
                .raw("<p class=\"meta\">Started ").text(Html.time(report.startedAt())).raw(" &middot; finished ").text(Html.time(report.finishedAt()));
        RunContext context = report.context();
        if (context != null) {
            page.raw(" &middot; mode <b>").text(context.mode() == null ? "-" : context.mode().jsonValue()).raw("</b>");
            if (context.approvalRequired()) {
                page.raw(" (after approval)");
            }
            page.raw(" &middot; role <code>").text(orDash(context.roleName())).raw("</code>")
                    .raw(" &middot; checks ").text(listOr(context.checks(), "all"))
                    .raw(" &middot; regions ").text(listOr(context.regions(), "the stack's"));
        }
        page.raw("</p>\n</header>\n");
    }

    /** The truncation note, prominent: the reader must know that rows are missing before reading any count. */
    private static void note(Html.Page page, ReportView view) {
        String note = view.report().note();
        if (!view.truncated() && (note == null || note.isBlank())) {
            return;
        }
        page.raw("<div class=\"note\" id=\"note\" role=\"alert\"><strong>")
                .text(view.truncated() ? "Report truncated: not every account is listed below. " : "Note: ")
                .raw("</strong>").text(note == null ? "" : note).raw("</div>\n");
    }

    private static void tiles(Html.Page page, ReportView view) {
        Summary summary = view.counts().summary();
        int withFindings = view.counts().accountsWithFindings();
        page.raw("<section class=\"tiles\" aria-label=\"Summary\">\n");
        tile(page, "total", summary.total(), "Accounts", summary.excluded() > 0 ? summary.excluded() + " more excluded on request" : "in scope");
        tile(page, "succeeded", summary.succeeded(), "Succeeded", "checked");
        tile(page, "failed", summary.failed(), "Failed", summary.failed() == 0 ? "none" : "see Failures");
        tile(page, "skipped", summary.skipped(), "Skipped", "not attempted");
        tile(page, "non-compliant", view.counts().nonCompliant(), "Non-compliant", view.truncated()
                ? "check results" : "check results in " + withFindings + (withFindings == 1 ? " account" : " accounts"));
        if (view.counts().remediated() > 0) {
            tile(page, "remediated", view.counts().remediated(), "Remediated", "check results fixed");
        }
        page.raw("</section>\n");
    }

    private static void tile(Html.Page page, String kind, int value, String label, String sub) {
        page.raw("<div class=\"tile ").raw(kind).raw(value > 0 ? " some" : "").raw("\" id=\"tile-").raw(kind).raw("\">")
                .raw("<span class=\"n\">").raw(Integer.toString(value)).raw("</span><span class=\"l\">").text(label)
                .raw("</span><span class=\"s\">").text(sub).raw("</span></div>\n");
    }

    /** The findings exported, skipped and refused, and why; or that the export was off. */
    private static void securityHub(Html.Page page, ReportView view) {
        SecurityHubExport export = view.securityHub();
        if (export == null) {
            return;
        }
        page.raw("<section class=\"delivery").raw(export.off() ? " off" : export.incomplete() ? " incomplete" : "")
                .raw("\" id=\"security-hub\" aria-label=\"Security Hub findings\">\n<p class=\"headline\"><strong>");
        if (export.off()) {
            page.text("Security Hub export off:").raw("</strong> ")
                    .text("the check results were not sent to Security Hub as findings (template parameter SecurityHubFindings is false).")
                    .raw("</p>\n</section>\n");
            return;
        }
        page.text("Security Hub findings:").raw("</strong> <span id=\"security-hub-counts\">").text(export.headline()).raw("</span></p>\n");
        if (!export.reasons().isEmpty()) {
            page.raw("<ul class=\"reasons\">\n");
            export.reasons().forEach(reason -> page.raw("<li data-reason=\"").text(reason.code()).raw("\">").text(reason.text()).raw("</li>\n"));
            page.raw("</ul>\n");
        }
        page.raw("</section>\n");
    }

    /** An approval run's plan beside its outcome, with who decided, when and why. */
    private static void approval(Html.Page page, ReportView view) {
        if (view.approval() == null) {
            return;
        }
        page.raw("<section id=\"approval\">\n<h2>Approved fixes: plan and outcome</h2>\n");
        view.approval().render(page);
        page.raw("</section>\n");
    }

    /** Failed accounts grouped by error code, the most frequent first, each code with what to do. */
    private static void failures(Html.Page page, ReportView view) {
        int failed = view.counts().summary().failed();
        page.raw("<section id=\"failures\">\n<h2>Failures (").raw(Integer.toString(failed)).raw(")</h2>\n");
        if (view.failuresByCode().isEmpty()) {
            page.raw("<p class=\"none\">").text(failed == 0 ? "No account failed." : "The failed accounts are not in this report.").raw("</p>\n");
        }
        for (Map.Entry<String, List<ReportRow>> code : view.failuresByCode().entrySet()) {
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

    private static void checkCounts(Html.Page page, ReportView view) {
        Map<String, Map<CheckStatus, Integer>> counts = ReportView.checkCounts(view.counts());
        if (counts.isEmpty()) {
            return;
        }
        page.raw("<section id=\"checks\">\n<h2>Checks</h2>\n<div class=\"scroll\"><table class=\"counts\">\n<thead><tr><th>Check</th>");
        view.statuses().forEach(status -> page.raw("<th>").raw(badge(status, null)).raw("</th>"));
        page.raw("</tr></thead>\n<tbody>\n");
        for (String checkId : view.checkIds()) {
            Map<CheckStatus, Integer> byStatus = counts.getOrDefault(checkId, Map.of());
            page.raw("<tr><td><code>").text(checkId).raw("</code></td>");
            view.statuses().forEach(status -> {
                int count = byStatus.getOrDefault(status, 0);
                page.raw("<td class=\"num").raw(count == 0 ? " zero" : "").raw("\" data-label=\"").text(label(status)).raw("\">")
                        .raw(Integer.toString(count)).raw("</td>");
            });
            page.raw("</tr>\n");
        }
        page.raw("</tbody>\n</table></div>\n<p class=\"excluded\">A regional check counts once per region.</p>\n</section>\n");
    }

    private static void accounts(Html.Page page, ReportView view) {
        List<ReportRow> rows = view.rows();
        List<String> checkIds = view.checkIds();
        int total = view.counts().summary().total();
        page.raw("<section id=\"accounts\">\n<h2>Accounts (").raw(Integer.toString(rows.size()))
                .raw(rows.size() == total ? "" : " of " + total + " in this report").raw(")</h2>\n")
                .raw("<div class=\"filters\">\n<label>Status <select id=\"f-status\">")
                .raw("<option value=\"ALL\">All</option><option value=\"FAILED\">Failed</option><option value=\"SKIPPED\">Skipped</option>")
                .raw("<option value=\"SUCCEEDED\">Succeeded</option><option value=\"NON_COMPLIANT\">With non-compliant checks</option>");
        if (view.securityHub() != null && view.securityHub().incomplete()) {
            page.raw("<option value=\"NOT_EXPORTED\">With findings not exported to Security Hub</option>");
        }
        page.raw("</select></label>\n<label>OU <select id=\"f-ou\"><option value=\"ALL\">All</option>");
        view.units().forEach(unit -> page.raw("<option value=\"").text(unit).raw("\">").text(unit.isEmpty() ? "(none)" : unit).raw("</option>"));
        page.raw("</select></label>\n<label>Account <input id=\"f-q\" type=\"search\" placeholder=\"name or id\"></label>\n</div>\n")
                .raw("<p class=\"shown\" id=\"shown\">Showing all ").raw(Integer.toString(rows.size())).raw(" accounts</p>\n")
                .raw("<div class=\"scroll\"><table class=\"matrix\">\n<thead><tr><th>Account</th><th>OU</th><th>Status</th>");
        checkIds.forEach(id -> page.raw("<th><code>").raw(Html.escape(id).replace("-", "-<wbr>")).raw("</code></th>"));
        page.raw("<th>Message</th><th>Time</th></tr></thead>\n<tbody>\n");
        for (ReportRow row : rows) {
            row(page, row, checkIds);
        }
        if (rows.isEmpty()) {
            page.raw("<tr><td colspan=\"").raw(Integer.toString(checkIds.size() + 5)).raw("\">No accounts.</td></tr>\n");
        }
        page.raw("</tbody>\n</table></div>\n</section>\n");
    }

    private static void row(Html.Page page, ReportRow row, List<String> checkIds) {
        String status = row.status() == null ? "UNKNOWN" : row.status().name();
        boolean findings = ReportCounts.hasFindings(row);
        String delivery = SecurityHubExport.accountLine(row.findings());
        page.raw("<tr class=\"row ").raw(status).raw(findings ? " findings" : "").raw("\" data-status=\"").raw(status)
                .raw("\" data-ou=\"").text(row.ouId() == null ? "" : row.ouId())
                .raw("\" data-findings=\"").raw(Boolean.toString(findings))
                .raw("\" data-not-exported=\"").raw(Boolean.toString(delivery != null))
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
        if (delivery != null) {
            page.raw("<p class=\"delivery-note\"><b>Security Hub findings:</b> ").text(delivery).raw("</p>");
        }
        page.raw("</td>\n<td class=\"time\" data-label=\"Time\">")
                .text(row.durationMs() == null ? "" : String.format(Locale.ROOT, "%.1f s", row.durationMs() / 1000.0)).raw("</td>\n</tr>\n");
    }

    /** A status as a coloured pill with a word (readable in black and white too); {@code prefix} such as a region. */
    private static String badge(Enum<?> status, String prefix) {
        String name = status == null ? "UNKNOWN" : status.name();
        String word = status instanceof CheckStatus check ? label(check) : name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
        boolean region = status instanceof CheckStatus && prefix != null;
        return "<span class=\"b " + Html.escape(name) + "\">" + (region ? Html.escape(prefix) + ": " : "") + Html.escape(word) + "</span>";
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
            case RESULT_NOT_STORED -> "The account was checked but its results could not be written to the report bucket: let the check"
                    + " function's role put runs/* there (bucket policy, KMS key); the row names the object and the error.";
            default -> "";
        };
    }

    private static String message(ReportRow row) {
        if (row.errorMessage() != null && !row.errorMessage().isBlank()) {
            return row.errorMessage();
        }
        return row.checks() == null ? "" : row.checks().stream().filter(check -> check.status() == CheckStatus.ERROR)
                .map(check -> check.checkId() + (check.detail() == null ? "" : ": " + check.detail())).findFirst().orElse("");
    }

    private static String orDash(String text) {
        return Html.orDash(text);
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    private static String listOr(List<String> values, String fallback) {
        return values == null || values.isEmpty() ? fallback : String.join(", ", values);
    }
}
