package com.auditremediation.core.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sweep's Security Hub findings, over every row: exported, skipped and refused (see {@link FindingsDelivery}), and
 * the findings not exported counted by reason, for example {@code {"SECURITY_HUB_NOT_ENABLED": 12, "ACCESS_DENIED": 4}}.
 * Absent from the summary when no row says anything about findings (SecurityHubFindings is false).
 */
public record FindingsSummary(int exported, int skipped, int refused, Map<String, Integer> reasons) {

    public FindingsSummary {
        reasons = Copies.orEmpty(reasons);
    }

    /** The rows' deliveries added up; null when none of them has one. */
    public static FindingsSummary of(List<FindingsDelivery> deliveries) {
        int exported = 0;
        int skipped = 0;
        int refused = 0;
        Map<String, Integer> reasons = new LinkedHashMap<>();
        boolean any = false;
        for (FindingsDelivery delivery : deliveries) {
            if (delivery == null) {
                continue;
            }
            any = true;
            exported += delivery.exported();
            skipped += delivery.skipped();
            refused += delivery.refused();
            delivery.reasons().forEach((reason, count) -> reasons.merge(reason, count, Integer::sum));
        }
        return any ? new FindingsSummary(exported, skipped, refused, reasons) : null;
    }
}
