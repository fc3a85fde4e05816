package com.auditremediation.checkaccount.findings;

import com.auditremediation.checkaccount.check.CheckFailures;
import com.auditremediation.core.model.AcceptedRisk;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.ExceptionSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFindingIdentifier;
import software.amazon.awssdk.services.securityhub.model.BatchUpdateFindingsResponse;
import software.amazon.awssdk.services.securityhub.model.BatchUpdateFindingsUnprocessedFinding;
import software.amazon.awssdk.services.securityhub.model.ComplianceStatus;
import software.amazon.awssdk.services.securityhub.model.WorkflowStatus;

/**
 * The workflow of our findings where an accepted risk covers their result: SUPPRESSED, with a note that says why, who
 * owns it and until when; and back to NEW (RESOLVED for a result that passes) once it no longer does.
 *
 * <p>A provider sets {@code Workflow} and {@code Note} only when it creates a finding ({@code BatchImportFindings}
 * ignores them, on AWS, for a finding that exists); after that they are the customer's, and change through the
 * customer-side {@code BatchUpdateFindings} in the member account, which the export calls with the execution role. Our
 * notes are written by {@value HubState#NOTE_AUTHOR}: a suppression whose note is anyone else's is a person's, and is
 * never undone here.
 */
final class FindingWorkflow {

    /** Security Hub's {@code Note.Text} takes at most 512 characters. */
    static final int MAX_NOTE = 512;
    /** BatchUpdateFindings takes at most 100 finding identifiers a call. */
    static final int MAX_UPDATE_BATCH = 100;

    private FindingWorkflow() {
    }

    /** The workflow and note a finding should have: SUPPRESSED with our note, or NEW/RESOLVED with a note saying it ended. */
    record Target(WorkflowStatus status, String note) {
    }

    /** What a new finding for {@code result} is created with: SUPPRESSED and our note where an accepted risk (that we mirror) covers it. */
    static Target onCreation(CheckResult result, ComplianceStatus compliance) {
        if (mirrored(result)) {
            return new Target(WorkflowStatus.SUPPRESSED, note(result.exception()));
        }
        return new Target(compliance == ComplianceStatus.PASSED ? WorkflowStatus.RESOLVED : WorkflowStatus.NEW, null);
    }

    /**
     * The change that {@code existing} needs, or null: to SUPPRESSED with our note where an accepted risk we mirror now
     * covers it (unless a person suppressed it already, with their own note); back to NEW (or RESOLVED) where we had
     * suppressed it and no accepted risk covers it any more.
     */
    static Target update(CheckResult result, AwsSecurityFinding existing, ComplianceStatus compliance, Instant now) {
        boolean suppressed = HubState.suppressed(existing);
        boolean ours = HubState.ourNote(existing);
        if (mirrored(result)) {
            String note = note(result.exception());
            if (suppressed && (!ours || note.equals(existing.note().text()))) {
                return null;
            }
            return new Target(WorkflowStatus.SUPPRESSED, note);
        }
        if (suppressed && ours && !result.excepted()) {
            WorkflowStatus back = compliance == ComplianceStatus.PASSED ? WorkflowStatus.RESOLVED : WorkflowStatus.NEW;
            return new Target(back, cap("Accepted risk ended on " + now.toString().substring(0, 10) + ": its exceptions file entry"
                    + " expired or was removed, or Security Hub's suppression was lifted; audit-remediation set the workflow back to "
                    + back + "."));
        }
        return null;
    }

    /**
     * Whether we suppress our finding for the result's accepted risk: an exceptions file entry, or a suppression of
     * Security Hub's own control finding. A suppression of our own finding by a person is theirs already.
     */
    private static boolean mirrored(CheckResult result) {
        AcceptedRisk risk = result.excepted() ? result.exception() : null;
        return risk != null && (risk.source() == ExceptionSource.FILE || !isOurFinding(risk.finding()));
    }

    private static boolean isOurFinding(String findingId) {
        return findingId != null && findingId.startsWith(AsffFindings.ID_PREFIX);
    }

    /** Our note for an accepted risk: why, who owns it, until when, and where it comes from. */
    static String note(AcceptedRisk risk) {
        if (risk.source() == ExceptionSource.FILE) {
            return cap("Accepted risk (audit-remediation exceptions[" + risk.entry() + "]): " + risk.reason() + " Owner: " + risk.owner()
                    + ". Expires: " + risk.expires() + "." + (risk.ticket() == null ? "" : " Ticket: " + risk.ticket() + "."));
        }
        return cap("Accepted risk: Security Hub's control finding " + risk.finding() + " is suppressed"
                + (risk.owner() == null ? "" : " by " + risk.owner()) + (risk.reason() == null ? "." : ": " + risk.reason()));
    }

    private static String cap(String text) {
        return AsffFindings.cap(text, MAX_NOTE);
    }

    /** What BatchUpdateFindings did: the findings it processed, and a note for each call or finding that failed. */
    record Applied(int processed, List<String> failures) {
    }

    /**
     * Sends {@code targets} (finding Id to target) with BatchUpdateFindings, one call per target and at most 100
     * findings a call; a failure is noted, never thrown (the findings keep their workflow; nothing else depends on it).
     */
    static Applied apply(SecurityHubClient patchClient, String productArn, Map<String, Target> targets, String region) {
        int processed = 0;
        Map<Target, List<String>> byTarget = new LinkedHashMap<>();
        targets.forEach((id, target) -> byTarget.computeIfAbsent(target, t -> new ArrayList<>()).add(id));
        List<String> failures = new ArrayList<>();
        for (Map.Entry<Target, List<String>> group : byTarget.entrySet()) {
            List<String> ids = group.getValue();
            for (int from = 0; from < ids.size(); from += MAX_UPDATE_BATCH) {
                List<AwsSecurityFindingIdentifier> batch = ids.subList(from, Math.min(ids.size(), from + MAX_UPDATE_BATCH)).stream()
                        .map(id -> AwsSecurityFindingIdentifier.builder().id(id).productArn(productArn).build()).toList();
                Target target = group.getKey();
                try {
                    BatchUpdateFindingsResponse response = patchClient.batchUpdateFindings(r -> r.findingIdentifiers(batch)
                            .workflow(w -> w.status(target.status()))
                            .note(n -> n.text(target.note()).updatedBy(HubState.NOTE_AUTHOR)));
                    processed += response.processedFindings().size();
                    for (BatchUpdateFindingsUnprocessedFinding unprocessed : response.unprocessedFindings()) {
                        failures.add("BatchUpdateFindings in " + region + " left " + unprocessed.findingIdentifier().id() + " as it was ("
                                + unprocessed.errorCode() + ")");
                    }
                } catch (SdkException e) {
                    failures.add("securityhub:BatchUpdateFindings in " + region + " failed (" + CheckFailures.describe(e) + "): "
                            + batch.size() + " findings keep their workflow");
                }
            }
        }
        return new Applied(processed, failures);
    }
}
