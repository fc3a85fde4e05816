package com.auditremediation.core.report;

import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.ApprovalDecision;
import com.auditremediation.core.model.ApprovalOutcome;
import com.auditremediation.core.model.FindingsDelivery;
import com.auditremediation.core.model.FixCounts;
import com.auditremediation.core.model.FixOutcome;
import com.auditremediation.core.model.PlanItem;
import com.auditremediation.core.model.PlannedFix;
import com.auditremediation.core.model.Report;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.assertj.core.groups.Tuple;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The page as written, read by an HTML5 parser; {@link HtmlReportInChromiumTest} opens it in a browser. */
class HtmlReportFormatTest {

    private static final Pattern NETWORK_URL = Pattern.compile("(?i)(https?:)?//[a-z0-9]");

    private final HtmlReportFormat format = new HtmlReportFormat();

    @Test
    void aHostileAccountNameIsTextEverywhereItAppears() {
        String html = render(SampleReports.mixed());

        Document dom = Jsoup.parse(html);

        assertThat(html).doesNotContain(SampleReports.HOSTILE_NAME).doesNotContain("<img").doesNotContain("<b>bold?</b>");
        assertThat(dom.select("script")).hasSize(1);
        assertThat(dom.select("img, [onerror]")).isEmpty();
        assertThat(dom.select("td.account .name")).extracting(Element::wholeText).contains(SampleReports.HOSTILE_NAME);
        assertThat(dom.select("#failures li b")).extracting(Element::wholeText).contains(SampleReports.HOSTILE_NAME);
        assertThat(dom.select("tr.row")).extracting(row -> row.attr("data-search"))
                .contains((SampleReports.accountId(2) + " " + SampleReports.HOSTILE_NAME).toLowerCase(java.util.Locale.ROOT));
        assertThat(dom.select("td.message")).extracting(Element::text).anyMatch(text -> text.endsWith("(AccessDenied) <b>bold?</b>"));
    }

    @Test
    void loadsNothingFromTheNetworkAndItsPolicyAllowsOnlyItsOwnStyleAndScript() {
        Document dom = Jsoup.parse(render(SampleReports.mixed()));

        assertThat(dom.select("[src], link, iframe, object, embed, base, form")).isEmpty();
        assertThat(dom.select("[href]")).extracting(element -> element.attr("href")).noneMatch(href -> NETWORK_URL.matcher(href).find());
        assertThat(dom.select("style").html()).doesNotContain("url(").doesNotContain("@import").doesNotContain("@font-face");
        String policy = dom.selectFirst("meta[http-equiv=Content-Security-Policy]").attr("content");
        assertThat(policy).startsWith("default-src 'none'; style-src 'sha256-").contains("; script-src 'sha256-").contains("img-src 'none'")
                .doesNotContain("unsafe-inline");
        assertThat(dom.selectFirst("meta[name=viewport]").attr("content")).isEqualTo("width=device-width, initial-scale=1");
        assertThat(dom.select("style").html()).contains("@media print").contains("@media (max-width:720px)");
    }

    @Test
    void aTruncatedReportSaysSoBeforeTheTiles() {
        Report report = SampleReports.truncated();

        Document dom = Jsoup.parse(render(report));

        Element note = dom.getElementById("note");
        assertThat(note.attr("role")).isEqualTo("alert");
        assertThat(note.text()).isEqualTo("Report truncated: not every account is listed below. " + report.note());
        assertThat(note.elementSiblingIndex()).isLessThan(dom.selectFirst("section.tiles").elementSiblingIndex());
        assertThat(dom.getElementById("tile-non-compliant").selectFirst(".n").text()).isEqualTo("8");
        assertThat(Jsoup.parse(render(SampleReports.mixed())).getElementById("note")).isNull();
    }

    @Test
    void theMatrixHasAColumnPerCheckInTheOrderTheyRunAndACellPerRegion() {
        Report report = SampleReports.mixed();

        Document dom = Jsoup.parse(render(report));

        assertThat(dom.select("table.matrix thead th")).extracting(Element::text).containsExactly("Account", "OU", "Status",
                "caller-identity", "iam-password-policy", "s3-account-public-access-block", "ebs-default-encryption", "root-account-hygiene",
                "Message", "Time");
        Element payments = dom.select("tr.row").stream().filter(row -> row.text().contains("payments-prod")).findFirst().orElseThrow();
        assertThat(payments.select("td.check[data-label=ebs-default-encryption] .b")).extracting(Element::text)
                .containsExactly("eu-west-1: Compliant", "us-east-1: Non-compliant");
        assertThat(payments.select("td.check[data-label=iam-password-policy] .b.ERROR")).hasSize(1);
        assertThat(payments.select("td.check[data-label=s3-account-public-access-block] .b")).isEmpty();
    }

    @Test
    void anApprovalRunShowsThePlanBesideItsOutcomeAndWhoDecidedAsText() {
        PlanItem item = new PlanItem(SampleReports.accountId(2), SampleReports.HOSTILE_NAME, "iam-password-policy", null,
                Map.of("MinimumPasswordLength", 8), "iam:UpdateAccountPasswordPolicy, so that: <b>14</b>");
        List<PlannedFix> fixes = List.of(new PlannedFix(item, FixOutcome.FIXED, "iam:UpdateAccountPasswordPolicy", Map.of("MinimumPasswordLength", 14)),
                new PlannedFix(item, FixOutcome.CHANGED, "changed since the plan, left alone: it is compliant now", null));
        Report report = SampleReports.mixed().withApproval(new ApprovalOutcome(
                ApprovalDecision.approved("arn:aws:sts::111122223333:assumed-role/SecOps/<alice>", "2025-03-01T11:00:00.5Z", "CHG-42 & co"),
                Map.of(), FixCounts.of(fixes), fixes));

        String html = render(report);
        Document dom = Jsoup.parse(html);

        assertThat(html).doesNotContain(SampleReports.HOSTILE_NAME).doesNotContain("<alice>").doesNotContain("<b>14</b>");
        assertThat(dom.select("script")).hasSize(1);
        Element approval = dom.getElementById("approval");
        assertThat(approval.elementSiblingIndex()).isLessThan(dom.getElementById("failures").elementSiblingIndex());
        assertThat(approval.getElementById("decision").text())
                .isEqualTo("Approved by arn:aws:sts::111122223333:assumed-role/SecOps/<alice> at 2025-03-01 11:00:00 UTC. Reason: CHG-42 & co");
        assertThat(approval.select("td.account .name")).extracting(Element::wholeText).containsOnly(SampleReports.HOSTILE_NAME);
        assertThat(approval.select("tbody .b")).extracting(Element::text).containsExactly("Fixed", "Skipped: changed");
        assertThat(approval.getElementById("tile-fixed").selectFirst(".n").text()).isEqualTo("1");
        assertThat(approval.getElementById("tile-changed").selectFirst(".n").text()).isEqualTo("1");
    }

    @Test
    void exportedFindingsAreCountedBelowTheTilesAndNoAccountNeedsANote() {
        Document dom = Jsoup.parse(render(SampleReports.securityHub(Map.of())));

        Element hub = dom.getElementById("security-hub");
        assertThat(hub.text()).isEqualTo("Security Hub findings: 40 exported, 0 skipped, 0 refused");
        assertThat(hub.classNames()).containsExactly("delivery");
        assertThat(hub.elementSiblingIndex()).isEqualTo(dom.selectFirst("section.tiles").elementSiblingIndex() + 1);
        assertThat(hub.select("li")).isEmpty();
        assertThat(dom.select(".delivery-note")).isEmpty();
        assertThat(dom.select("tr.row[data-not-exported=true]")).isEmpty();
        assertThat(dom.select("#f-status option[value=NOT_EXPORTED]")).isEmpty();
    }

    @Test
    void findingsSkippedWhereTheHubIsNotEnabledAndRefusedAreCountedWithTheirReasonsAndNotedOnTheirAccounts() {
        Document dom = Jsoup.parse(render(SampleReports.partlyExported()));

        Element hub = dom.getElementById("security-hub");
        assertThat(hub.classNames()).containsExactly("delivery", "incomplete");
        assertThat(hub.selectFirst(".headline").text()).isEqualTo("Security Hub findings: 26 exported, 8 skipped, 6 refused");
        assertThat(hub.select("li")).extracting(reason -> reason.attr("data-reason"), Element::text).containsExactly(
                Tuple.tuple("SECURITY_HUB_NOT_ENABLED", "Security Hub not enabled in 3 accounts: 8 findings skipped"),
                Tuple.tuple("ACCESS_DENIED", "Import refused (access denied) in 1 account: 6 findings refused;"
                        + " the execution role may not import findings (the read-only role cannot)"));
        assertThat(note(dom, "web-prod")).isEqualTo("Security Hub findings: 5 exported, 1 skipped: Security Hub is not enabled in us-east-1 (1 skipped)");
        assertThat(note(dom, "-pricing-dev")).isEqualTo("Security Hub findings: 0 exported, 6 skipped: Security Hub is not enabled in eu-west-1"
                + " (5 skipped); Security Hub is not enabled in us-east-1 (1 skipped)");
        assertThat(note(dom, "analytics-prod")).isEqualTo("Security Hub findings: 0 exported, 6 refused: " + SampleReports.accessDenied(6).note());
        assertThat(dom.select("tr.row[data-not-exported=true] td.account .name")).extracting(Element::text)
                .containsExactlyInAnyOrder("web-prod", "identity-prod", "-pricing-dev", "analytics-prod");
        assertThat(dom.select(".delivery-note")).hasSize(4);
        assertThat(dom.selectFirst("#f-status option[value=NOT_EXPORTED]").text()).isEqualTo("With findings not exported to Security Hub");
    }

    @Test
    void aTruncatedReportCountsTheFindingsButNotTheAccountsItLeftOut() {
        Report whole = SampleReports.partlyExported();
        Report truncated = whole.truncatedTo(whole.accounts().stream().filter(row -> row.status() != AccountStatus.SUCCEEDED).toList(), "rows left out");

        Element hub = Jsoup.parse(render(truncated)).getElementById("security-hub");

        assertThat(hub.selectFirst(".headline").text()).isEqualTo("Security Hub findings: 26 exported, 8 skipped, 6 refused");
        assertThat(hub.select("li")).extracting(Element::text).containsExactly("Security Hub not enabled: 8 findings skipped",
                "Import refused (access denied): 6 findings refused; the execution role may not import findings (the read-only role cannot)");
    }

    @Test
    void aSweepWithTheExportOffSaysSoAndAReportWithoutResultsSaysNothing() {
        Document off = Jsoup.parse(render(SampleReports.mixed()));
        Document empty = Jsoup.parse(render(SampleReports.report(List.of(), 0, null, null)));

        Element hub = off.getElementById("security-hub");
        assertThat(hub.classNames()).containsExactly("delivery", "off");
        assertThat(hub.text()).isEqualTo("Security Hub export off: the check results were not sent to Security Hub as findings"
                + " (template parameter SecurityHubFindings is false).");
        assertThat(off.select(".delivery-note, #f-status option[value=NOT_EXPORTED]")).isEmpty();
        assertThat(empty.getElementById("security-hub")).isNull();
    }

    @Test
    void aDeliveryNoteAndAReasonFromAwsAreText() {
        String hostile = "securityhub:GetFindings failed: <img src=x onerror=alert(1)> & co (1 skipped)";
        Report report = SampleReports.securityHub(Map.of("web-prod", new FindingsDelivery(5, 1, 0, Map.of("<Throttling>", 1), hostile)));

        String html = render(report);
        Document dom = Jsoup.parse(html);

        assertThat(html).doesNotContain("<img").doesNotContain("<Throttling>");
        assertThat(dom.select("img, [onerror]")).isEmpty();
        assertThat(note(dom, "web-prod")).isEqualTo("Security Hub findings: 5 exported, 1 skipped: " + hostile);
        assertThat(dom.select("#security-hub li")).extracting(reason -> reason.attr("data-reason"), Element::text)
                .containsExactly(Tuple.tuple("<Throttling>", "<Throttling> in 1 account: 1 finding not exported"));
    }

    private static String note(Document dom, String accountName) {
        return dom.select("tr.row").stream().filter(row -> row.selectFirst("td.account .name").text().equals(accountName))
                .findFirst().orElseThrow().selectFirst("td.message .delivery-note").text();
    }

    @Test
    void isNamedAndTypedForItsFile() {
        assertThat(format.fileName()).isEqualTo("report.html");
        assertThat(format.contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(Html.escape("<a href=\"x\">'&'</a>")).isEqualTo("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }

    private String render(Report report) {
        return new String(format.render(report), StandardCharsets.UTF_8);
    }
}
