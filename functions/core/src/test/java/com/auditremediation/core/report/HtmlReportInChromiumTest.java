package com.auditremediation.core.report;

import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Report;
import com.auditremediation.core.model.ReportRow;
import com.auditremediation.core.model.Summary;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * report.html opened in headless Chromium as a person opens the file: the DOM after its script ran is checked, and
 * screenshots at desktop and phone width and a printout (PDF) are kept in target/screenshots, with the pages, for a
 * person to look at.
 */
class HtmlReportInChromiumTest {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();

    @TempDir
    Path temp;

    private Chromium chromium;

    @BeforeAll
    static void chromiumIsThere() throws IOException {
        Chromium.assumeInstalled();
        Files.createDirectories(SCREENSHOTS);
    }

    @BeforeEach
    void start() {
        chromium = new Chromium(temp);
    }

    @Test
    void showsTheTilesFailuresFirstAndEveryAccountOnceAndRequestsNothing() throws Exception {
        Report report = SampleReports.mixed();
        URI page = write(report, "report-mixed.html");
        Path netLog = temp.resolve("netlog.json");

        Chromium.Dump dump = chromium.dumpDom(page, netLog);

        Document dom = Jsoup.parse(dump.dom());
        assertThat(dump.console()).as("console messages: script errors, styles or scripts refused by the page's CSP").isEmpty();
        Summary summary = report.summary();
        assertThat(tile(dom, "total")).isEqualTo(summary.total());
        assertThat(tile(dom, "succeeded")).isEqualTo(summary.succeeded());
        assertThat(tile(dom, "failed")).isEqualTo(summary.failed());
        assertThat(tile(dom, "skipped")).isEqualTo(summary.skipped());
        assertThat(tile(dom, "non-compliant")).isEqualTo(summary.checks().values().stream()
                .mapToInt(counts -> counts.getOrDefault(CheckStatus.NON_COMPLIANT, 0)).sum());
        List<Element> sections = dom.select("section");
        assertThat(sections.indexOf(dom.getElementById("failures"))).isLessThan(sections.indexOf(dom.getElementById("accounts")));
        assertThat(dom.select("#failures li")).hasSize(summary.failed());
        List<String> statuses = rows(dom).stream().map(row -> row.attr("data-status")).toList();
        assertThat(statuses).isSortedAccordingTo(java.util.Comparator.comparing(status -> List.of("FAILED", "SKIPPED", "SUCCEEDED").indexOf(status)));
        assertThat(rows(dom)).extracting(row -> row.selectFirst("td.account .id").text())
                .containsExactlyInAnyOrderElementsOf(report.accounts().stream().map(ReportRow::accountId).toList());
        assertThat(rows(dom)).extracting(row -> row.selectFirst("td.account .name").wholeText())
                .contains(SampleReports.HOSTILE_NAME, SampleReports.AWKWARD_NAME);
        assertThat(dom.title()).isEqualTo("Audit report " + report.executionName());
        assertThat(dom.select("img")).isEmpty();
        assertThat(dom.select("script")).hasSize(1);
        assertThat(dom.selectFirst("html").hasClass("js")).as("the inline script ran under the page's CSP").isTrue();
        assertThat(dom.getElementById("shown").text()).isEqualTo("Showing all " + report.accounts().size() + " accounts");
        assertThat(dom.getElementById("note")).isNull();
        assertThat(Chromium.pageRequests(netLog)).as("requests the page made").isEmpty();
    }

    @Test
    void aFilterInTheAddressHidesTheOtherRows() throws Exception {
        Report report = SampleReports.mixed();
        URI page = write(report, "report-mixed.html");

        Document failed = Jsoup.parse(domOf(withFragment(page, "status=FAILED"), temp.resolve("failed.json")));
        Document sandbox = Jsoup.parse(domOf(withFragment(page, "status=SUCCEEDED&ou=" + SampleReports.OU_SANDBOX), temp.resolve("ou.json")));
        Document findings = Jsoup.parse(domOf(withFragment(page, "status=NON_COMPLIANT"), temp.resolve("nc.json")));

        assertThat(visible(failed)).extracting(row -> row.attr("data-status")).hasSize(report.summary().failed()).containsOnly("FAILED");
        assertThat(failed.select("tr.row[hidden]")).hasSize(report.accounts().size() - report.summary().failed());
        assertThat(failed.getElementById("f-status").selectFirst("option[selected]")).isNull();
        assertThat(failed.getElementById("shown").text()).isEqualTo("Showing " + report.summary().failed() + " of " + report.accounts().size() + " accounts");
        long sandboxSucceeded = report.accounts().stream()
                .filter(row -> row.status() == AccountStatus.SUCCEEDED && SampleReports.OU_SANDBOX.equals(row.ouId())).count();
        assertThat(visible(sandbox)).hasSize((int) sandboxSucceeded)
                .allSatisfy(row -> assertThat(row.attr("data-ou")).isEqualTo(SampleReports.OU_SANDBOX));
        assertThat(visible(findings)).extracting(row -> row.selectFirst("td.account .id").text())
                .containsExactlyInAnyOrderElementsOf(report.accounts().stream().filter(row -> row.checks() != null
                        && row.checks().stream().anyMatch(check -> check.status() == CheckStatus.NON_COMPLIANT)).map(ReportRow::accountId).toList())
                .hasSize(4);
    }

    @Test
    void aTruncatedReportShowsItsNoteBeforeAnyCount() throws Exception {
        Report report = SampleReports.truncated();
        URI page = write(report, "report-truncated.html");

        Document dom = Jsoup.parse(domOf(page, temp.resolve("netlog.json")));

        Element note = dom.getElementById("note");
        assertThat(note).isNotNull();
        assertThat(note.text()).startsWith("Report truncated:").contains(report.note());
        assertThat(dom.body().children().indexOf(note)).isLessThan(dom.body().children().indexOf(dom.selectFirst("section.tiles")));
        assertThat(tile(dom, "total")).isEqualTo(report.summary().total());
        assertThat(rows(dom)).hasSize(report.accounts().size());
    }

    @Test
    void showsTheSecurityHubDeliveryItsReasonsAndTheAccountsThatDidNotExport() throws Exception {
        Report report = SampleReports.partlyExported();
        URI page = write(report, "report-security-hub.html");

        Chromium.Dump dump = chromium.dumpDom(page, temp.resolve("netlog.json"));
        Document notExported = Jsoup.parse(domOf(withFragment(page, "status=NOT_EXPORTED"), temp.resolve("not-exported.json")));

        Document dom = Jsoup.parse(dump.dom());
        assertThat(dump.console()).as("console messages: script errors, styles or scripts refused by the page's CSP").isEmpty();
        Element hub = dom.getElementById("security-hub");
        assertThat(hub.selectFirst(".headline").text()).isEqualTo("Security Hub findings: 26 exported, 8 skipped, 6 refused");
        assertThat(hub.select("li")).extracting(Element::text).containsExactly("Security Hub not enabled in 3 accounts: 8 findings skipped",
                "Import refused (access denied) in 1 account: 6 findings refused; the execution role may not import findings (the read-only role cannot)");
        assertThat(dom.body().children().indexOf(hub)).isEqualTo(dom.body().children().indexOf(dom.selectFirst("section.tiles")) + 1);
        assertThat(rows(dom)).filteredOn(row -> row.selectFirst("td.account .name").text().equals("web-prod")).singleElement()
                .satisfies(row -> assertThat(row.nextElementSibling().selectFirst(".message .delivery-note").text())
                        .isEqualTo("Security Hub findings: 5 exported, 1 skipped: Security Hub is not enabled in us-east-1 (1 skipped)"));
        assertThat(visible(notExported)).extracting(row -> row.selectFirst("td.account .name").text())
                .containsExactlyInAnyOrder("web-prod", "identity-prod", "-pricing-dev", "analytics-prod");
        assertThat(notExported.getElementById("shown").text()).isEqualTo("Showing 4 of " + report.accounts().size() + " accounts");
    }

    @Test
    void saysWhenEveryFindingWasExportedAndWhenTheExportWasOff() throws Exception {
        Document exported = Jsoup.parse(domOf(write(SampleReports.securityHub(Map.of()), "report-exported.html"), temp.resolve("exported.json")));
        Document off = Jsoup.parse(domOf(write(SampleReports.mixed(), "report-mixed.html"), temp.resolve("off.json")));

        assertThat(exported.getElementById("security-hub").text()).isEqualTo("Security Hub findings: 40 exported, 0 skipped, 0 refused");
        assertThat(exported.select(".delivery-note")).isEmpty();
        assertThat(off.getElementById("security-hub").text()).isEqualTo("Security Hub export off: the check results were not sent to"
                + " Security Hub as findings (template parameter SecurityHubFindings is false).");
        assertThat(off.select(".delivery-note")).isEmpty();
    }

    @Test
    void screenshotsAtDesktopAndPhoneWidthAndAPrintout() throws Exception {
        URI mixed = write(SampleReports.mixed(), "report-mixed.html");
        URI truncated = write(SampleReports.truncated(), "report-truncated.html");
        URI large = write(SampleReports.generated(60), "report-60-accounts.html");
        URI securityHub = write(SampleReports.partlyExported(), "report-security-hub.html");

        chromium.screenshot(mixed, SCREENSHOTS.resolve("report-desktop.png"), 1366, 1800);
        chromium.screenshot(mixed, SCREENSHOTS.resolve("report-phone.png"), 390, 2600);
        chromium.screenshot(withFragment(mixed, "status=FAILED"), SCREENSHOTS.resolve("report-phone-failed.png"), 390, 1600);
        chromium.screenshot(truncated, SCREENSHOTS.resolve("report-truncated-desktop.png"), 1366, 1000);
        chromium.screenshot(large, SCREENSHOTS.resolve("report-60-accounts-desktop.png"), 1366, 1400);
        chromium.screenshot(securityHub, SCREENSHOTS.resolve("report-security-hub-desktop.png"), 1366, 1800);
        chromium.screenshot(securityHub, SCREENSHOTS.resolve("report-security-hub-phone.png"), 390, 2600);

        chromium.printToPdf(mixed, SCREENSHOTS.resolve("report-printed.pdf"));

        assertThat(Files.readAllBytes(SCREENSHOTS.resolve("report-printed.pdf"))).startsWith('%', 'P', 'D', 'F');
        for (String png : List.of("report-desktop.png", "report-phone.png", "report-phone-failed.png", "report-truncated-desktop.png",
                "report-60-accounts-desktop.png", "report-security-hub-desktop.png", "report-security-hub-phone.png")) {
            byte[] bytes = Files.readAllBytes(SCREENSHOTS.resolve(png));
            assertThat(bytes).as(png).startsWith(0x89, 'P', 'N', 'G');
            assertThat(bytes.length).as(png + ": a page, not a blank").isGreaterThan(20_000);
        }
    }

    /** Measured in the browser: how tall each account's line is, how wide the page and the matrix are. */
    private static final String MEASURE = """
            (() => {
              const rows = Array.from(document.querySelectorAll('table.matrix tbody tr.row'));
              const line = parseFloat(getComputedStyle(document.querySelector('table.matrix tbody td.account')).lineHeight);
              const heights = rows.map(row => row.getBoundingClientRect().height);
              const tallest = rows[heights.indexOf(Math.max(...heights))];
              const wrap = document.getElementById('matrix-wrap');
              const others = Array.from(document.querySelectorAll('.scroll')).filter(e => e.scrollWidth > e.clientWidth + 1)
                  .map(e => (e.closest('section') || e).id);
              const cells = Array.from(rows[rows.length - 1].querySelectorAll('td.c')).map(td => td.getBoundingClientRect().width);
              return {rows: rows.length, line: line, tallest: Math.max(...heights), tallestAccount: tallest.querySelector('.id').textContent,
                      pageWidth: document.documentElement.scrollWidth, viewport: window.innerWidth,
                      matrixWidth: wrap.scrollWidth, matrixVisible: wrap.clientWidth, otherScrolling: others,
                      headers: Array.from(document.querySelectorAll('table.matrix thead th.ck')).map(th => th.dataset.check),
                      widestCell: Math.max(...cells), cells: cells.length};
            })()""";

    @Test
    void fortyChecksAndAThousandAccountsFitAt1366PixelsWithEveryAccountOnOneLineAndOnlyTheMatrixScrollingSideways() throws Exception {
        Report report = SampleReports.large(1000, 40);
        URI page = write(report, "report-40-checks-1000-accounts.html");

        try (ChromiumPage browser = ChromiumPage.open(temp, 1366, 900)) {
            browser.navigate(page);
            JsonNode layout = browser.evaluate(MEASURE);
            browser.screenshot(SCREENSHOTS.resolve("report-1000-top.png"));
            browser.evaluate("document.getElementById('accounts').scrollIntoView(), 0");
            browser.screenshot(SCREENSHOTS.resolve("report-1000-matrix.png"));
            browser.evaluate("document.getElementById('matrix-wrap').scrollTop = 640, document.getElementById('matrix-wrap').scrollLeft = 10000, 0");
            browser.screenshot(SCREENSHOTS.resolve("report-1000-matrix-scrolled.png"));
            JsonNode opened = browser.evaluate("""
                    (() => {
                      const row = document.querySelector('table.matrix tbody tr.row');
                      const before = row.getBoundingClientRect().height;
                      row.querySelector('button.more').click();
                      const detail = document.getElementById(row.querySelector('button.more').getAttribute('aria-controls'));
                      const cell = row.nextElementSibling.nextElementSibling.querySelectorAll('td.c')[3];
                      cell.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
                      return {before: before, after: row.getBoundingClientRect().height, detailShown: !detail.hidden,
                              detailHeight: detail.getBoundingClientRect().height, detailText: detail.textContent, tip: cell.title};
                    })()""");
            browser.evaluate("document.getElementById('matrix-wrap').scrollLeft = 0, document.getElementById('matrix-wrap').scrollTop = 0,"
                    + " document.getElementById('accounts').scrollIntoView(), 0");
            browser.screenshot(SCREENSHOTS.resolve("report-1000-matrix-detail.png"));
            browser.evaluate("location.hash = 'severity=CRITICAL&check=root-account-hygiene', document.getElementById('findings').scrollIntoView(), 0");
            JsonNode findings = browser.evaluate("""
                    (() => ({shown: document.getElementById('findings-shown').textContent,
                             visible: Array.from(document.querySelectorAll('table.findings tbody tr.f')).filter(r => !r.hidden)
                                 .map(r => r.dataset.severity + ' ' + r.dataset.check)}))()""");
            browser.screenshot(SCREENSHOTS.resolve("report-1000-findings.png"));

            assertThat(browser.console()).as("script errors or CSP refusals").isEmpty();
            double line = layout.get("line").asDouble();
            assertThat(layout.get("rows").asInt()).isEqualTo(1000);
            assertThat(line).as("the matrix's line height").isBetween(14.0, 26.0);
            assertThat(layout.get("tallest").asDouble()).as("the tallest account line (%s), at most two lines of text",
                    layout.get("tallestAccount").asText()).isLessThanOrEqualTo(2 * line);
            assertThat(layout.get("pageWidth").asInt()).as("the page's width: nothing but the matrix scrolls sideways")
                    .isLessThanOrEqualTo(layout.get("viewport").asInt()).isEqualTo(1366);
            assertThat(layout.get("matrixWidth").asInt()).as("the matrix scrolls sideways inside its box")
                    .isGreaterThan(layout.get("matrixVisible").asInt());
            assertThat(layout.get("otherScrolling")).as("boxes other than the matrix that scroll sideways").isEmpty();
            assertThat(layout.get("headers")).extracting(JsonNode::asText).containsExactlyElementsOf(SampleReports.FORTY_CHECKS);
            assertThat(layout.get("cells").asInt()).isEqualTo(40);
            assertThat(layout.get("widestCell").asDouble()).as("a check's cell is narrow").isLessThanOrEqualTo(26.0);
            assertThat(opened.get("after").asDouble()).as("opening the messages leaves the account's line as it was")
                    .isEqualTo(opened.get("before").asDouble());
            assertThat(opened.get("detailShown").asBoolean()).isTrue();
            assertThat(opened.get("detailText").asText()).contains("ROLE_NOT_ASSUMABLE", "Could not assume");
            assertThat(opened.get("tip").asText()).as("a cell's tooltip names its check")
                    .startsWith(SampleReports.FORTY_CHECKS.get(3) + ": ");
            assertThat(findings.get("visible")).isNotEmpty().allSatisfy(line2 -> assertThat(line2.asText()).isEqualTo("CRITICAL root-account-hygiene"));
            assertThat(findings.get("shown").asText()).startsWith("Showing " + findings.get("visible").size() + " of ");
        }
    }

    private String domOf(URI page, Path netLog) throws IOException, InterruptedException {
        return chromium.dumpDom(page, netLog).dom();
    }

    private static URI write(Report report, String name) throws IOException {
        Path file = SCREENSHOTS.resolve(name);
        Files.write(file, SampleReports.htmlFormat().render(report));
        return file.toUri();
    }

    private static URI withFragment(URI page, String fragment) {
        return URI.create(page + "#" + fragment);
    }

    private static int tile(Document dom, String kind) {
        return Integer.parseInt(dom.selectFirst("#tile-" + kind + " .n").text());
    }

    private static List<Element> rows(Document dom) {
        return dom.select("table.matrix tbody tr.row");
    }

    private static List<Element> visible(Document dom) {
        return rows(dom).stream().filter(row -> !row.hasAttr("hidden")).toList();
    }
}
