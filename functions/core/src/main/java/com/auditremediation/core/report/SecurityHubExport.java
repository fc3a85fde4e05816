package com.auditremediation.core.report;

import com.auditremediation.core.model.FindingsDelivery;
import com.auditremediation.core.model.FindingsSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What report.html says about the Security Hub export, as plain text computed once (part of {@link ReportView}):
 * the summary's exported, skipped and refused findings and one line per reason that findings were not exported, or
 * that the export was off. {@link HtmlReportFormat} renders and escapes it.
 *
 * <p>The report does not carry the SecurityHubFindings setting. With the export on, every row with check results
 * says what became of its findings, so a report with results whose summary has no {@code findings} was swept with the
 * export off; a report without any result (every account failed before its checks) says nothing either way.
 *
 * @param counts  the summary's counts; null when the export was off
 * @param reasons why findings were not exported, the most findings first; empty when all were exported
 */
record SecurityHubExport(FindingsSummary counts, List<Reason> reasons) {

    /** One reason: its code as in the report ({@code SECURITY_HUB_NOT_ENABLED}, ...) and a sentence for people. */
    record Reason(String code, String text) {
    }

    /** What to say about the export; null when there is nothing to say. */
    static SecurityHubExport of(ReportCounts counts, boolean truncated) {
        FindingsSummary findings = counts.summary().findings();
        if (findings == null) {
            Map<?, ?> checks = counts.summary().checks();
            return checks == null || checks.isEmpty() ? null : new SecurityHubExport(null, List.of());
        }
        List<Reason> reasons = new ArrayList<>();
        findings.reasons().entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                // A truncated report lacks rows, so it cannot count their accounts; the findings' counts are whole.
                .forEach(reason -> reasons.add(new Reason(reason.getKey(), sentence(reason.getKey(), reason.getValue(),
                        truncated ? null : counts.accountsNotExportedByReason().getOrDefault(reason.getKey(), 0)))));
        return new SecurityHubExport(findings, List.copyOf(reasons));
    }

    boolean off() {
        return counts == null;
    }

    /** Whether any finding was skipped or refused. */
    boolean incomplete() {
        return counts != null && counts.skipped() + counts.refused() > 0;
    }

    /** "42 exported, 12 skipped, 5 refused" */
    String headline() {
        return counts.exported() + " exported, " + counts.skipped() + " skipped, " + counts.refused() + " refused";
    }

    /**
     * An account's line, where some of its findings were not exported: "4 exported, 2 skipped: Security Hub is not
     * enabled in us-east-1 (2 skipped)"; null when they all were, or the export was off.
     */
    static String accountLine(FindingsDelivery delivery) {
        if (delivery == null || delivery.notExported() == 0) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        parts.add(delivery.exported() + " exported");
        if (delivery.skipped() > 0) {
            parts.add(delivery.skipped() + " skipped");
        }
        if (delivery.refused() > 0) {
            parts.add(delivery.refused() + " refused");
        }
        return String.join(", ", parts) + (delivery.note() == null || delivery.note().isBlank() ? "" : ": " + delivery.note());
    }

    /** "Security Hub not enabled in 3 accounts: 12 findings skipped"; {@code accounts} null when unknown. */
    private static String sentence(String code, int findings, Integer accounts) {
        String where = accounts == null ? "" : " in " + plural(accounts, "account");
        return switch (code) {
            case FindingsDelivery.NOT_ENABLED -> "Security Hub not enabled" + where + ": " + plural(findings, "finding") + " skipped";
            case FindingsDelivery.ACCESS_DENIED -> "Import refused (access denied)" + where + ": " + plural(findings, "finding")
                    + " refused; the execution role may not import findings (the read-only role cannot)";
            default -> code + where + ": " + plural(findings, "finding") + " not exported";
        };
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
