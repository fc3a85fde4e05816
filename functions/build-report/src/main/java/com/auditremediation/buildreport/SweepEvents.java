package com.auditremediation.buildreport;

import com.auditremediation.core.AwsFaults;
import com.auditremediation.core.Json;
import com.auditremediation.core.JsonLog;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Plan;
import com.auditremediation.core.model.Report;
import com.auditremediation.core.model.ReportRow;
import com.auditremediation.core.model.Summary;
import com.auditremediation.core.model.SweepChanges;
import com.auditremediation.core.report.ReportCounts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * One event per sweep on the account's default event bus, for rules that route it on (a chat channel through SNS and
 * Amazon Q Developer, an issue tracker through an API destination): {@value #SWEEP_COMPLETED} with the counts, the
 * changes since the previous sweep and where the report is; and {@value #PLAN_AWAITING_APPROVAL} when a plan waits
 * for a person, with its counts and files and the execution's ARN, never the task token. Both come from the source
 * named after the template's Project ({@code audit-remediation}) and are a summary, far below EventBridge's 256 KB:
 * the report stays in S3. docs/sweep-events.md documents the detail.
 */
public final class SweepEvents {

    public static final String SWEEP_COMPLETED = "Sweep Completed";
    public static final String PLAN_AWAITING_APPROVAL = "Remediation Plan Awaiting Approval";
    /** Failing results listed by name in a Sweep Completed event (newly failing first); the rest are counted. */
    public static final int MAX_LISTED = 20;
    /** EventBridge's limit on an event's size, in bytes. */
    static final int MAX_EVENT_BYTES = 256 * 1024;

    private final EventBridgeClient events;
    private final String source;
    private final Function<String, Optional<CheckDescriptor>> catalog;

    public SweepEvents(EventBridgeClient events, String source, Function<String, Optional<CheckDescriptor>> catalog) {
        this.events = events;
        this.source = source;
        this.catalog = catalog;
    }

    /** A Sweep Completed event's detail. */
    public record SweepCompleted(String executionName, String executionArn, String mode, boolean approvalRequired, String startedAt,
                                 String finishedAt, Summary accounts, Map<String, Integer> failuresByCode, Map<CheckStatus, Integer> results,
                                 Map<String, SeverityCount> failingBySeverity, Changes changes, List<Failing> failing, int failingNotListed,
                                 Boolean truncated, Map<String, String> report) {
    }

    /** Failing results of one severity, and the accounts that have any. */
    public record SeverityCount(int results, int accounts) {
    }

    /** The changes' counts, and what they were compared with. */
    public record Changes(String basis, String since, int newlyFailing, int resolved, int stillFailing, int notRechecked,
                          int newAccounts, int goneAccounts, String note) {
    }

    /** One failing result, for a message that names the worst ones. */
    public record Failing(String accountId, String accountName, String checkId, String region, String severity, boolean newlyFailing) {
    }

    /** A Remediation Plan Awaiting Approval event's detail. */
    public record PlanAwaitingApproval(String executionName, String executionArn, int items, int accounts, Map<String, Integer> itemsByCheck,
                                       Map<String, String> plan, String approve, String reject) {
    }

    /** Puts the Sweep Completed event of {@code report}; a warning for the report when EventBridge refused, else null. */
    public String sweepCompleted(Report report, String executionArn) {
        return put(SWEEP_COMPLETED, sweepDetail(report, executionArn), executionArn);
    }

    /** Puts the Remediation Plan Awaiting Approval event; a warning (for the log) when EventBridge refused, else null. */
    public String planAwaitingApproval(Plan plan, String executionArn) {
        Map<String, Integer> byCheck = new TreeMap<>();
        plan.items().forEach(item -> byCheck.merge(item.checkId(), 1, Integer::sum));
        String arn = executionArn == null ? "<execution ARN>" : executionArn;
        return put(PLAN_AWAITING_APPROVAL, new PlanAwaitingApproval(plan.executionName(), executionArn, plan.itemCount(), plan.accounts().size(),
                byCheck, plan.files(), "bin/audit-remediation approve --execution-arn " + arn + " --reason TEXT",
                "bin/audit-remediation approve --execution-arn " + arn + " --reject --reason TEXT"), executionArn);
    }

    SweepCompleted sweepDetail(Report report, String executionArn) {
        ReportCounts counts = ReportCounts.of(report);
        Map<CheckStatus, Integer> results = new EnumMap<>(CheckStatus.class);
        if (counts.summary().checks() != null) {
            counts.summary().checks().values().forEach(byStatus -> byStatus.forEach((status, n) -> results.merge(status, n, Integer::sum)));
        }
        Map<String, int[]> bySeverity = new LinkedHashMap<>();
        Map<String, Set<String>> accountsBySeverity = new LinkedHashMap<>();
        for (String severity : List.of("CRITICAL", "HIGH", "MEDIUM", "LOW")) {
            bySeverity.put(severity, new int[1]);
            accountsBySeverity.put(severity, new HashSet<>());
        }
        if (counts.summary().checks() != null) {
            counts.summary().checks().forEach((checkId, byStatus) -> bySeverity.computeIfAbsent(severity(checkId), s -> new int[1])[0]
                    += byStatus.getOrDefault(CheckStatus.NON_COMPLIANT, 0));
        }
        List<Failing> failing = new ArrayList<>();
        Set<String> newlyFailing = newlyFailing(report.changes());
        for (ReportRow row : report.accounts() == null ? List.<ReportRow>of() : report.accounts()) {
            for (CheckResult check : row.checks() == null ? List.<CheckResult>of() : row.checks()) {
                if (check != null && check.status() == CheckStatus.NON_COMPLIANT) {
                    String severity = severity(check.checkId());
                    accountsBySeverity.computeIfAbsent(severity, s -> new HashSet<>()).add(row.accountId());
                    failing.add(new Failing(row.accountId(), row.accountName(), check.checkId(), check.region(), severity,
                            newlyFailing.contains(row.accountId() + "|" + check.checkId() + "|" + check.region())));
                }
            }
        }
        failing.sort(java.util.Comparator.comparing((Failing f) -> !f.newlyFailing()).thenComparing(f -> severityRank(f.severity())));
        Map<String, SeverityCount> failingBySeverity = new LinkedHashMap<>();
        bySeverity.forEach((severity, n) -> failingBySeverity.put(severity, new SeverityCount(n[0], accountsBySeverity.getOrDefault(severity, Set.of()).size())));
        SweepChanges changes = report.changes();
        Changes changed = changes == null ? null : new Changes(changes.basis().name(),
                changes.since() == null ? null : changes.since().executionName(), changes.counts().newlyFailing(), changes.counts().resolved(),
                changes.counts().stillFailing(), changes.counts().notRechecked(), changes.counts().newAccounts(), changes.counts().goneAccounts(),
                changes.note());
        Map<String, Integer> failures = new TreeMap<>();
        counts.failuresByCode().forEach((code, n) -> failures.put(code.name(), n));
        Summary summary = counts.summary();
        return new SweepCompleted(report.executionName(), executionArn,
                report.context() == null || report.context().mode() == null ? null : report.context().mode().jsonValue(),
                report.context() != null && report.context().approvalRequired(), report.startedAt(), report.finishedAt(),
                Summary.ofAccounts(summary.total(), summary.succeeded(), summary.failed(), summary.skipped(), summary.excluded()), failures,
                results, failingBySeverity, changed, List.copyOf(failing.subList(0, Math.min(MAX_LISTED, failing.size()))),
                Math.max(0, failing.size() - MAX_LISTED), report.truncated(), report.files());
    }

    private static Set<String> newlyFailing(SweepChanges changes) {
        Set<String> keys = new HashSet<>();
        if (changes != null && changes.accounts() != null) {
            changes.accounts().stream().filter(account -> account.newlyFailing() != null).forEach(account -> account.newlyFailing()
                    .forEach(ref -> keys.add(account.accountId() + "|" + ref.checkId() + "|" + ref.region())));
        }
        return keys;
    }

    private String severity(String checkId) {
        return catalog.apply(checkId).map(descriptor -> descriptor.severity().name()).orElse("UNKNOWN");
    }

    private static int severityRank(String severity) {
        int rank = List.of("CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL").indexOf(severity);
        return rank < 0 ? 9 : rank;
    }

    private String put(String detailType, Object detail, String executionArn) {
        String json = Json.write(detail);
        if (json.getBytes(StandardCharsets.UTF_8).length > MAX_EVENT_BYTES - 2_048) {
            // Cannot happen with the lists capped; said here so that a change that breaks it is found, not silently dropped.
            return "EventBridge: the " + detailType + " event is " + json.length() + " bytes, over EventBridge's 256 KB; not sent.";
        }
        PutEventsRequestEntry.Builder entry = PutEventsRequestEntry.builder().source(source).detailType(detailType).detail(json)
                .eventBusName("default");
        if (executionArn != null && !executionArn.isBlank()) {
            entry.resources(executionArn);
        }
        try {
            PutEventsResponse response = events.putEvents(put -> put.entries(entry.build()));
            PutEventsResultEntry result = response.entries().isEmpty() ? null : response.entries().get(0);
            if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
                String code = result == null ? "unknown" : result.errorCode();
                JsonLog.warn("sweep-event.refused", "detailType", detailType, "errorCode", code, "error", result == null ? null : result.errorMessage());
                return "EventBridge: the " + detailType + " event was refused (" + code + (result == null ? "" : ": " + result.errorMessage())
                        + "); the report is complete here, see the function's log.";
            }
            JsonLog.info("sweep-event.sent", "detailType", detailType, "eventId", result == null ? null : result.eventId(), "bytes", json.length());
            return null;
        } catch (SdkException e) {
            String code = AwsFaults.errorCode(e);
            JsonLog.warn("sweep-event.not-sent", "detailType", detailType, "errorCode", code, "error", e.getMessage());
            String fix = "AccessDeniedException".equals(code) || "AccessDenied".equals(code)
                    ? "BuildReport's role may put events only on this account's default event bus (events:PutEvents, as the template grants)."
                    : "the SDK's retries did not help; the report is complete here, see the function's log.";
            return "EventBridge: could not put the " + detailType + " event on the default bus: " + (code != null ? code : e.getClass().getSimpleName())
                    + "; " + fix;
        }
    }
}
