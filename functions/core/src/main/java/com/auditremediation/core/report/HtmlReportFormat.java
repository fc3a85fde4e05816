package com.auditremediation.core.report;

import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.model.Report;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The report as one self-contained page, written from {@code report.ftlh} with the figures of {@link ReportPage}:
 * what changed since the last sweep, the tiles, the Security Hub export, an approval's outcome, what to fix first
 * (by severity, then by check), the failures by error code, a compact account matrix (one narrow cell per check, each
 * account one line, its messages behind a toggle) and the findings, filterable and copyable. Its CSS and script are
 * inline, the Content-Security-Policy allows exactly those (by hash) and nothing else, so the page loads nothing from
 * anywhere; the template escapes every value (account names are chosen in member accounts). The filters read and
 * write the URL's fragment ({@code #status=FAILED&ou=...}), so a filtered view can be bookmarked; without script
 * every row and every account's messages show.
 */
public final class HtmlReportFormat implements ReportFormat {

    private static final String SCRIPT = Html.resource("report.js");
    /** Without script nothing can open an account's messages, so they are all shown. */
    private static final String NO_SCRIPT_CSS = "tr.detail[hidden]{display:table-row!important}button.more{display:none}";

    private final Supplier<Function<String, Optional<CheckDescriptor>>> catalog;

    /** With the check catalog that this build ships (titles, controls, severities, fixes). */
    public HtmlReportFormat() {
        this(() -> CheckCatalog.shipped()::find);
    }

    /** With {@code catalog}, looked up when a page is written. */
    public HtmlReportFormat(Supplier<Function<String, Optional<CheckDescriptor>>> catalog) {
        this.catalog = catalog;
    }

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
        return PageTemplates.render("report.ftlh", Map.of(
                "policy", Html.contentSecurityPolicy(SCRIPT, NO_SCRIPT_CSS),
                "css", Html.CSS,
                "noScriptCss", NO_SCRIPT_CSS,
                "script", SCRIPT,
                "page", ReportPage.of(report, catalog.get())));
    }
}
