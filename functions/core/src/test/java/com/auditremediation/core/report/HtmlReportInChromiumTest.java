package com.auditremediation.core.report;

import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Report;
import com.auditremediation.core.model.ReportRow;
import com.auditremediation.core.model.Summary;
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
                .satisfies(row -> assertThat(row.selectFirst("td.message .delivery-note").text())
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

    private String domOf(URI page, Path netLog) throws IOException, InterruptedException {
        return chromium.dumpDom(page, netLog).dom();
    }

    private static URI write(Report report, String name) throws IOException {
        Path file = SCREENSHOTS.resolve(name);
        Files.write(file, new HtmlReportFormat().render(report));
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
