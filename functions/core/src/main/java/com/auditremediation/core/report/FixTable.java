package com.auditremediation.core.report;

import com.auditremediation.core.model.ApprovalDecision;
import com.auditremediation.core.model.ApprovalOutcome;
import com.auditremediation.core.model.FixCounts;
import com.auditremediation.core.model.FixOutcome;
import com.auditremediation.core.model.Plan;
import com.auditremediation.core.model.PlanItem;
import java.util.List;
import java.util.Locale;

/**
 * A plan's items as people read them, computed once and then rendered: the plan page shows them as planned, the
 * report beside their outcome. Every value here is plain text, which the templates escape ({@code fixes.ftlh}).
 * Public, with public records, only because the template engine reads it by reflection.
 */
public record FixTable(String decision, List<Tile> tiles, List<Line> lines, boolean withOutcome) {

    /** One figure of the summary: its CSS kind, the number, a label. */
    public record Tile(String kind, int value, String label) {
    }

    /** One planned fix: the plan's side, and (in the report) what became of it. */
    public record Line(String accountId, String accountName, String checkId, String region, String before, String fix,
                       String outcome, String detail, String after) {

        /** The outcome as people read it: "Fixed", "Skipped: changed", ...; empty on the plan page. */
        public String outcomeLabel() {
            return outcome == null ? "" : label(outcome);
        }
    }

    /** The plan page's view: every item, planned. */
    static FixTable of(Plan plan) {
        List<Line> lines = plan.items().stream().map(item -> line(item, null, null, null)).toList();
        return new FixTable(null, List.of(new Tile("planned", plan.itemCount(), "Fixes planned"),
                new Tile("total", plan.accounts().size(), plan.accounts().size() == 1 ? "Account" : "Accounts")), lines, false);
    }

    /** The report's view: the decision, the outcome counts and each fix beside its outcome. */
    static FixTable of(ApprovalOutcome approval) {
        FixCounts counts = approval.counts() == null ? FixCounts.of(approval.fixes()) : approval.counts();
        List<Line> lines = approval.fixes().stream()
                .map(fix -> line(fix.item(), fix.outcome(), fix.detail(), Html.settings(fix.after()))).toList();
        return new FixTable(decision(approval.decision(), counts), List.of(
                new Tile("planned", counts.planned(), "Planned"),
                new Tile("fixed", counts.fixed(), "Fixed"),
                new Tile("changed", counts.changed(), "Skipped: changed"),
                new Tile("refused", counts.refused(), "Refused"),
                new Tile("failed", counts.failed(), "Failed")), lines, true);
    }

    private static Line line(PlanItem item, FixOutcome outcome, String detail, String after) {
        return new Line(item.accountId(), item.accountName(), item.checkId(), item.region(), Html.settings(item.before()),
                item.fix(), outcome == null ? null : outcome.name(), detail, after);
    }

    /** "Approved by arn:... at 2026-... UTC: reason", or why nothing was decided. */
    private static String decision(ApprovalDecision decision, FixCounts counts) {
        if (decision == null) {
            return counts.planned() == 0 ? "Nothing to approve: no non-compliant result has a fix, so the run did not wait."
                    : "No decision was recorded.";
        }
        String reason = decision.reason() == null || decision.reason().isBlank() ? "" : ". Reason: " + decision.reason();
        if (Boolean.TRUE.equals(decision.timedOut())) {
            return "Rejected: nobody decided before the approval timed out; nothing was written" + reason;
        }
        String who = (decision.by() == null ? "" : " by " + decision.by()) + (decision.at() == null ? "" : " at " + Html.time(decision.at()));
        return (decision.isApproved() ? "Approved" + who : "Rejected" + who + "; nothing was written") + reason;
    }

    static String label(String outcome) {
        return switch (outcome) {
            case "CHANGED" -> "Skipped: changed";
            default -> outcome.charAt(0) + outcome.substring(1).toLowerCase(Locale.ROOT);
        };
    }
}
