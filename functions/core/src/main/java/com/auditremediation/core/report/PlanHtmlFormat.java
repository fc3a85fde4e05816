package com.auditremediation.core.report;

import com.auditremediation.core.model.Plan;
import com.auditremediation.core.model.RunContext;
import java.util.Map;

/**
 * plan.html: what a run with {@code Approval: "required"} proposes to fix, for the person who approves it. One
 * self-contained page with the report's stylesheet and no script at all: its Content-Security-Policy allows the
 * stylesheet by hash and nothing else. Written from {@code plan.ftlh}, which escapes every value (account names are
 * chosen in member accounts).
 */
public final class PlanHtmlFormat {

    private PlanHtmlFormat() {
    }

    public static byte[] render(Plan plan) {
        String meta = "Read-only sweep started " + Html.time(plan.startedAt()) + " · plan made " + Html.time(plan.createdAt());
        RunContext context = plan.context();
        if (context != null) {
            meta += " · role " + Html.orDash(context.roleName());
        }
        return PageTemplates.render("plan.ftlh", Map.of(
                "policy", Html.contentSecurityPolicy(null, null),
                "css", Html.CSS,
                "executionName", Html.orDash(plan.executionName()),
                "meta", meta,
                "table", FixTable.of(plan)));
    }
}
