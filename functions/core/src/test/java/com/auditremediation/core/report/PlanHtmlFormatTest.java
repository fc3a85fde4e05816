package com.auditremediation.core.report;

import com.auditremediation.core.model.AccountItem;
import com.auditremediation.core.model.Mode;
import com.auditremediation.core.model.Plan;
import com.auditremediation.core.model.PlanAccount;
import com.auditremediation.core.model.PlanItem;
import com.auditremediation.core.model.RunContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** plan.html as written, read by an HTML5 parser: escaped like report.html, and a policy that allows no script at all. */
class PlanHtmlFormatTest {

    @Test
    void aHostileAccountNameIsTextAndThePageRunsNoScript() {
        AccountItem account = new AccountItem(SampleReports.accountId(1), SampleReports.HOSTILE_NAME, SampleReports.OU_PROD);
        Plan plan = Plan.of("sweep-<b>x</b>", "2025-03-01T10:00:00.123Z", "2025-03-01T10:04:00Z",
                new RunContext(SampleReports.ROLE, Mode.REMEDIATE, List.of(), List.of("eu-west-1")),
                List.of(new PlanAccount(account, List.of(new PlanItem(account.id(), account.name(), "ebs-default-encryption", "eu-west-1",
                        Map.of("EbsEncryptionByDefault", false), "ec2:EnableEbsEncryptionByDefault, so that: <i>on</i>")))));

        String html = new String(PlanHtmlFormat.render(plan), StandardCharsets.UTF_8);
        Document dom = Jsoup.parse(html);

        assertThat(html).doesNotContain(SampleReports.HOSTILE_NAME).doesNotContain("<i>on</i>").doesNotContain("<b>x</b>");
        assertThat(dom.select("script, img, [onerror], [src], link, iframe, form")).isEmpty();
        assertThat(dom.select("td.account .name")).extracting(Element::wholeText).containsExactly(SampleReports.HOSTILE_NAME);
        assertThat(dom.select("table.fixes tbody td")).extracting(Element::text)
                .contains("ebs-default-encryption", "eu-west-1", "EbsEncryptionByDefault false", "ec2:EnableEbsEncryptionByDefault, so that: <i>on</i>");
        assertThat(dom.selectFirst("meta[http-equiv=Content-Security-Policy]").attr("content"))
                .startsWith("default-src 'none'; style-src 'sha256-").contains("script-src 'none'").doesNotContain("unsafe-inline");
        assertThat(dom.getElementById("tile-planned").selectFirst(".n").text()).isEqualTo("1");
    }
}
