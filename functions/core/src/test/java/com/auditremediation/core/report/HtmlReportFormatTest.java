package com.auditremediation.core.report;

import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.ApprovalDecision;
import com.auditremediation.core.model.ApprovalOutcome;
import com.auditremediation.core.model.FindingsDelivery;
import com.auditremediation.core.model.FixCounts;
import com.auditremediation.core.model.FixOutcome;
import com.auditremediation.core.model.PlanItem;
import com.auditremediation.core.model.PlannedFix;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Report;
import com.auditremediation.core.model.ReportRow;
import com.auditremediation.core.model.SweepChanges;
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

    private final HtmlReportFormat format = SampleReports.htmlFormat();

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
        assertThat(dom.select("tr.detail .message")).extracting(Element::text).anyMatch(text -> text.contains("(AccessDenied) <b>bold?</b>"));
        assertThat(dom.select("#findings td.account .name")).extracting(Element::wholeText).contains(SampleReports.FORMULA_NAME);
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
    void theMatrixHasANarrowCellPerCheckInTheOrderTheyRunWithTheWorstRegionFirstAndTheMessagesBehindAToggle() {
        Report report = SampleReports.mixed();

        Document dom = Jsoup.parse(render(report));

        List<String> checks = report.context().checks();
        assertThat(dom.select("table.matrix thead th")).extracting(Element::text).containsExactlyElementsOf(
                java.util.stream.Stream.concat(java.util.stream.Stream.of("Account", "OU", "Status"), checks.stream()).toList());
        assertThat(dom.select("table.matrix thead th.ck")).extracting(th -> th.attr("title"))
                .allSatisfy(title -> assertThat(title).matches("[a-z0-9-]+: Check .+ \\((LOW|MEDIUM|HIGH|CRITICAL)\\)"));
        Element payments = dom.select("tr.row").stream().filter(row -> row.text().contains("payments-prod")).findFirst().orElseThrow();
        List<Element> cells = payments.select("td.c");
        assertThat(cells).hasSize(checks.size());
        Element ebs = cells.get(checks.indexOf("ebs-default-encryption"));
        assertThat(ebs.classNames()).contains("c", "nc");
        assertThat(ebs.text()).isEqualTo("✗");
        assertThat(ebs.attr("data-r")).isEqualTo("eu-west-1 Compliant, us-east-1 Non-compliant");
        Element iam = cells.get(checks.indexOf("iam-password-policy"));
        assertThat(iam.classNames()).contains("er");
        assertThat(iam.text()).isEqualTo("!");
        assertThat(cells.get(checks.indexOf("caller-identity")).text()).isEqualTo("✓");
        assertThat(cells.get(checks.indexOf("s3-account-public-access-block")).classNames()).contains("none");
        Element detail = payments.nextElementSibling();
        assertThat(detail.classNames()).contains("detail");
        assertThat(detail.hasAttr("hidden")).isTrue();
        assertThat(payments.selectFirst("button.more").attr("aria-controls")).isEqualTo(detail.id());
        assertThat(detail.selectFirst(".message").text()).startsWith("CHECK_FAILED Checks that could not complete")
                .contains("iam-password-policy: Error: could not read: Iam AccessDenied", "ebs-default-encryption us-east-1: Non-compliant");
        assertThat(dom.select("tr.row")).allSatisfy(row -> assertThat(row.select("td.c")).hasSize(checks.size()));
    }

    @Test
    void theSummarySaysWhatToFixFirstBySeverityThenByCheckWithItsControlsAndWhetherItHasAFix() {
        Report report = SampleReports.mixed();

        Document dom = Jsoup.parse(render(report));

        assertThat(dom.select("#by-severity tbody tr")).extracting(row -> row.attr("data-severity"), row -> row.select("td").get(1).text(),
                row -> row.select("td").get(2).text()).containsExactly(
                Tuple.tuple("CRITICAL", "3", "3"), Tuple.tuple("HIGH", "0", "0"), Tuple.tuple("MEDIUM", "5", "3"), Tuple.tuple("LOW", "0", "0"));
        assertThat(dom.select("#by-check tbody tr")).extracting(row -> row.attr("data-check")).containsExactly("root-account-hygiene",
                "ebs-default-encryption", "iam-password-policy", "s3-account-public-access-block", "caller-identity");
        Element root = dom.selectFirst("#by-check tr[data-check=root-account-hygiene]");
        assertThat(root.select("td")).extracting(Element::text).containsExactly("root-account-hygiene Check root account hygiene", "Ctl.5",
                "CRITICAL", "3", "50%", "No");
        Element ebs = dom.selectFirst("#by-check tr[data-check=ebs-default-encryption]");
        assertThat(ebs.select("td")).extracting(Element::text).containsExactly("ebs-default-encryption Check ebs default encryption", "Ctl.4",
                "MEDIUM", "3", "57%", "Yes");
        List<Element> sections = dom.select("body > section, body > div");
        assertThat(sections.indexOf(dom.getElementById("summary"))).isLessThan(sections.indexOf(dom.getElementById("failures")));
    }

    @Test
    void theFindingsListEveryNonCompliantResultOnceWithItsSeverityOuPathAndDetail() {
        Report report = SampleReports.mixed().withScope(null, Map.of(SampleReports.OU_SANDBOX, "Sandbox/Teams"));

        Document dom = Jsoup.parse(render(report));

        long nonCompliant = report.accounts().stream().filter(row -> row.checks() != null).flatMap(row -> row.checks().stream())
                .filter(check -> check.status() == CheckStatus.NON_COMPLIANT).count();
        List<Element> findings = dom.select("table.findings tbody tr.f");
        assertThat(findings).hasSize((int) nonCompliant);
        assertThat(findings).extracting(row -> row.attr("data-severity")).isSortedAccordingTo(
                java.util.Comparator.comparing(ReportPage::severityRank));
        Element pricing = findings.stream().filter(row -> row.text().contains("-pricing-dev") && row.attr("data-check").equals("ebs-default-encryption"))
                .findFirst().orElseThrow();
        assertThat(pricing.select("td")).extracting(Element::text).containsExactly("MEDIUM", "-pricing-dev " + SampleReports.accountId(11),
                "Sandbox/Teams", "ebs-default-encryption", "eu-west-1", "new EBS volumes are not encrypted by default in this region", "");
        assertThat(pricing.attr("data-ou")).isEqualTo(SampleReports.OU_SANDBOX);
        assertThat(dom.select("#g-severity option")).extracting(Element::text).containsExactly("All", "CRITICAL", "MEDIUM");
        assertThat(dom.select("#g-ou option")).extracting(Element::text).contains("Sandbox/Teams (" + SampleReports.OU_SANDBOX + ")");
        assertThat(dom.select("#f-ou option")).extracting(Element::text).contains("Sandbox/Teams (" + SampleReports.OU_SANDBOX + ")", SampleReports.OU_PROD);
        assertThat(dom.getElementById("g-copy")).isNotNull();
        assertThat(dom.getElementById("changes")).as("a report without changes (an older one) has no changes section").isNull();
    }

    @Test
    void theChangesSinceTheLastSweepComeFirstWithTheirScopeNoteAndAreMarkedInTheMatrixAndTheFindings() {
        Report mixed = SampleReports.mixed();
        ReportRow pricing = mixed.accounts().stream().filter(row -> row.accountName().equals("-pricing-dev")).findFirst().orElseThrow();
        SweepChanges changes = new SweepChanges(SweepChanges.Basis.OTHER_SCOPE,
                new SweepChanges.PreviousSweep("sweep-<1>", "2025-02-28T10:00:00Z", "s3://b/reports/x/report.json"), "The last sweep <b>covered</b> another scope.",
                new SweepChanges.Compared(10, List.of("ebs-default-encryption"), List.of("eu-west-1")), new SweepChanges.Counts(1, 1, 0, 0, 0, 1),
                Map.of("ebs-default-encryption", new SweepChanges.ResultCounts(1, 1, 0, 0)),
                List.of(new SweepChanges.AccountChanges(pricing.accountId(), pricing.accountName(), pricing.ouId(), null,
                                List.of(new SweepChanges.ResultRef("ebs-default-encryption", "eu-west-1")), null, null, null),
                        new SweepChanges.AccountChanges(SampleReports.accountId(3), "payments-prod", SampleReports.OU_PROD, null, null,
                                List.of(new SweepChanges.ResultRef("ebs-default-encryption", "eu-west-1")), null, null),
                        new SweepChanges.AccountChanges("999999999999", "closed-<i>", SampleReports.OU_PROD, SweepChanges.AccountChange.GONE, null, null, null, null)));

        String html = render(mixed.withChanges(changes));
        Document dom = Jsoup.parse(html);

        assertThat(html).doesNotContain("<b>covered</b>").doesNotContain("closed-<i>").doesNotContain("sweep-<1>");
        Element section = dom.getElementById("changes");
        assertThat(section.elementSiblingIndex()).isLessThan(dom.selectFirst("section.tiles").elementSiblingIndex());
        assertThat(dom.getElementById("changes-headline").text()).isEqualTo("Since sweep sweep-<1> (started 2025-02-28 10:00:00 UTC): 1 newly failing,"
                + " 1 resolved, 0 still failing; 0 accounts new, 1 gone.");
        assertThat(dom.getElementById("changes-note").text()).isEqualTo("The last sweep <b>covered</b> another scope.");
        assertThat(dom.select("#newly-failing li")).extracting(Element::text)
                .containsExactly("MEDIUM -pricing-dev " + pricing.accountId() + " · " + SampleReports.OU_SANDBOX + " · ebs-default-encryption eu-west-1");
        assertThat(dom.select("#gone-accounts li")).extracting(Element::text).containsExactly("closed-<i> 999999999999 · " + SampleReports.OU_PROD);
        Element pricingRow = dom.select("tr.row").stream().filter(row -> row.text().contains("-pricing-dev")).findFirst().orElseThrow();
        assertThat(pricingRow.attr("data-changed")).isEqualTo("true");
        assertThat(pricingRow.select("td.c.new")).hasSize(1);
        assertThat(dom.select("td.c.res")).as("payments-prod's eu-west-1 result is resolved, but its us-east-1 one fails: the cell shows the failure")
                .isEmpty();
        assertThat(dom.select("table.findings tr.f[data-change=NEW]")).extracting(row -> row.attr("data-check"))
                .containsExactly("ebs-default-encryption");
        assertThat(dom.select("#f-status option[value=CHANGED]")).hasSize(1);
    }

    @Test
    void theFirstSweepSaysSo() {
        Document dom = Jsoup.parse(render(SampleReports.mixed().withChanges(SweepChanges.first(null))));

        assertThat(dom.getElementById("changes-headline").text()).isEqualTo("This is the first sweep: there is no earlier report to compare it with.");
        assertThat(dom.getElementById("changes").classNames()).contains("FIRST_SWEEP");
        assertThat(dom.select("#changes li, td.c.new, td.c.res")).isEmpty();
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
                .findFirst().orElseThrow().nextElementSibling().selectFirst(".message .delivery-note").text();
    }

    @Test
    void exceptedResultsAreAcceptedRisksApartFromTheFindingsWithTheirOwnerExpiryAndTheEntriesExpiringSoonOrExpired() {
        Report report = SampleReports.excepted();

        Document dom = Jsoup.parse(render(report));

        assertThat(dom.getElementById("tile-non-compliant").selectFirst(".n").text()).as("needs work: 8 less the 2 excepted").isEqualTo("6");
        assertThat(dom.getElementById("tile-excepted").selectFirst(".n").text()).isEqualTo("2");
        assertThat(dom.select("#findings tr.f")).hasSize(6)
                .noneMatch(line -> line.attr("data-check").equals("root-account-hygiene") && line.text().contains(SampleReports.FORMULA_NAME));
        assertThat(dom.getElementById("exceptions-headline").text()).startsWith("2 non-compliant results excepted (")
                .contains("1 by the exceptions file", "1 by suppressions in Security Hub", "2 entries in force", "1 expiring within 14 days",
                        "1 entry expired, no longer applied");
        assertThat(dom.select("#excepted tbody tr")).extracting(line -> line.select("td").stream().map(Element::text).toList().subList(3, 9)).containsExactlyInAnyOrder(
                List.of("root-account-hygiene", "", "exceptions[0] SEC-42", "security@example.com", "2025-03-11",
                        "break-glass account: root MFA is held by the vault team"),
                List.of("ebs-default-encryption", "eu-west-1", "Security Hub", "alice@example.com", "-", "=known: no EBS volumes in this account"));
        assertThat(dom.getElementById("exceptions-expiring").text()).contains("exceptions[0]", "expires 2025-03-11", "1 results now");
        assertThat(dom.getElementById("exceptions-expired").text()).contains("exceptions[2]", "iam-password-policy", "expires 2025-01-31", "SEC-7");
        Element formula = dom.select("tr.row").stream().filter(row -> row.text().contains(SampleReports.FORMULA_NAME)).findFirst().orElseThrow();
        assertThat(formula.select("td.c").eachAttr("class")).as("root-account-hygiene's cell: excepted, not a finding").contains("c ex")
                .contains("c nc");
        Element pricing = dom.select("tr.row").stream().filter(row -> row.text().contains("-pricing-dev")).findFirst().orElseThrow();
        assertThat(pricing.select("td.c.ex").attr("data-r")).isEqualTo("eu-west-1 Excepted, us-east-1 Compliant");
        assertThat(dom.select("p.legend .c.ex")).hasSize(1);
        assertThat(Jsoup.parse(render(SampleReports.mixed())).getElementById("exceptions")).as("no section without exceptions").isNull();
        assertThat(Jsoup.parse(render(SampleReports.mixed())).select("p.legend .c.ex")).isEmpty();
    }

    @Test
    void isNamedAndTypedForItsFile() {
        assertThat(format.fileName()).isEqualTo("report.html");
        assertThat(format.contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(render(SampleReports.report(List.of(), 0, null, "<a href=\"x\">'&'</a>")))
                .contains("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }

    private String render(Report report) {
        return new String(format.render(report), StandardCharsets.UTF_8);
    }
}
