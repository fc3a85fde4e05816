package com.auditremediation.checkaccount.findings;

import com.auditremediation.checkaccount.check.CheckFailures;
import com.auditremediation.core.AwsFaults;
import com.auditremediation.core.model.FindingsDelivery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;

/** What became of one account's findings, counted and noted as the regions go: its {@link FindingsDelivery}. */
final class DeliveryTally {

    private int exported;
    private int skipped;
    private int refused;
    private final Map<String, Integer> reasons = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private int workflowUpdated;

    void exported(int count) {
        exported += count;
    }

    void skipped(String reason, int count, String note) {
        skipped += count;
        reasons.merge(reason, count, Integer::sum);
        notes.add(note + " (" + count + " skipped)");
    }

    void refused(String reason, int count, String note) {
        refused += count;
        reasons.merge(reason, count, Integer::sum);
        notes.add(note + " (" + count + " refused)");
    }

    /** A call that threw: refused when AWS denied it, skipped otherwise (throttled after retries, 5xx, a timeout). */
    void failed(SdkException e, int count, String call) {
        if (count <= 0) {
            return;
        }
        String code = AwsFaults.errorCode(e);
        if (CheckFailures.accessDenied(e)) {
            refused(FindingsDelivery.ACCESS_DENIED, count, call + " was denied (" + (code == null ? "403" : code)
                    + "): the execution role may not import findings; the read-only role cannot");
        } else {
            skipped(code != null ? code : e.getClass().getSimpleName(), count, call + " failed: " + CheckFailures.describe(e));
        }
    }

    /** One finding in FailedFindings. */
    void importFailed(String errorCode, String note) {
        String code = errorCode == null ? "UNKNOWN" : errorCode;
        if (code.startsWith("InvalidAccess")) {
            skipped(FindingsDelivery.NOT_ENABLED, 1, note);
        } else if (code.startsWith("AccessDenied")) {
            refused(FindingsDelivery.ACCESS_DENIED, 1, note);
        } else {
            refused(code, 1, note);
        }
    }

    /** Findings whose workflow we set (an accepted risk began or ended), and the notes of those that failed. */
    void workflowUpdated(int count, List<String> failures) {
        workflowUpdated += count;
        notes.addAll(failures);
    }

    int workflowUpdated() {
        return workflowUpdated;
    }

    FindingsDelivery delivery() {
        return new FindingsDelivery(exported, skipped, refused, reasons,
                notes.isEmpty() ? null : AsffFindings.cap(String.join("; ", notes), 300));
    }
}
