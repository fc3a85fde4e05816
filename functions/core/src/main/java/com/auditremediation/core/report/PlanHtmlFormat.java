package com.auditremediation.core.report;

import com.auditremediation.core.model.Plan;
import com.auditremediation.core.model.RunContext;

/**
 * plan.html: what a run with {@code Approval: "required"} proposes to fix, for the person who approves it. One
 * self-contained page with the report's stylesheet and no script at all: its Content-Security-Policy allows the
 * stylesheet by hash and nothing else. Every value is escaped (account names are chosen in member accounts).
 */
public final class PlanHtmlFormat {

    private PlanHtmlFormat() {
    }

    public static byte[] render(Plan plan) {
        FixTable table = FixTable.of(plan);
        Html.Page page = Html.head("Remediation plan " + Html.orDash(plan.executionName()), null);
        page.raw("<header>\n<h1>Remediation plan <span class=\"exec\">").text(Html.orDash(plan.executionName())).raw("</span></h1>\n")
                .raw("<p class=\"meta\">Read-only sweep started ").text(Html.time(plan.startedAt()))
                .raw(" &middot; plan made ").text(Html.time(plan.createdAt()));
        RunContext context = plan.context();
        if (context != null) {
            page.raw(" &middot; role <code>").text(Html.orDash(context.roleName())).raw("</code>");
        }
        page.raw("</p>\n</header>\n")
                .raw("<p class=\"decision\">Nothing is fixed until a person approves this plan. After approval each fix runs only if its"
                        + " setting still fails exactly as read here; a setting that changed meanwhile is left alone and reported.</p>\n");
        table.render(page);
        page.raw("<footer>Approve or reject with <code>bin/audit-remediation approve --execution-arn &lt;execution ARN&gt; [--reject --reason TEXT]</code>;"
                + " written by audit-remediation (plan.json holds the same plan).</footer>\n</body>\n</html>\n");
        return page.bytes();
    }
}
