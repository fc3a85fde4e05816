package com.auditremediation.checkaccount.findings;

import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.core.AwsClients;
import com.auditremediation.core.Env;
import com.auditremediation.core.JsonLog;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.FindingsDelivery;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.BatchImportFindingsResponse;
import software.amazon.awssdk.services.securityhub.model.ImportFindingsError;

/**
 * Imports each check result of an account as one AWS Security Finding Format (ASFF) finding into that account's own
 * Security Hub, in the result's region (the home region for a global check), through the member session the checks
 * used: Security Hub accepts a finding under an account's default product ARN only from that account, and
 * aggregation then brings it to the administrator (in Control Tower, usually the Audit account).
 *
 * <p>Per region, in this order: what {@link HubState} read (once, before the checks: {@code DescribeHub}, since a region
 * where Security Hub is not enabled is skipped, because AWS refuses findings there and moto would accept them;
 * {@code GetFindings} for our Ids, to keep {@code CreatedAt} and to know which findings are new; Security Hub's own
 * control findings), then {@code BatchImportFindings}, at most 100 findings a call, then, only where an accepted risk
 * began or ended for a finding that exists, {@code BatchUpdateFindings} for its workflow and note
 * ({@link FindingWorkflow}). Throttling is retried with the SDK's own backoff.
 *
 * <p>Nothing here fails the account: a region without Security Hub, a refusal (AccessDenied: the read-only execution
 * role may read but not import) or any other failure becomes counts and a short note in the account's
 * {@link FindingsDelivery}. The calls are the export's, not a check's: a check's declared actions do not include them.
 *
 * <p>{@link AsffFindings} maps a result to its finding; {@link DeliveryTally} counts what became of them.
 */
public final class FindingsExporter {

    /** The environment variable (template parameter SecurityHubFindings): {@code true} (the default) or {@code false}. */
    public static final String ENABLED_VARIABLE = "SECURITY_HUB_FINDINGS";
    /** BatchImportFindings takes at most 100 findings a call. */
    static final int MAX_IMPORT_BATCH = 100;

    private final boolean enabled;
    private final Clock clock;

    private FindingsExporter(boolean enabled, Clock clock) {
        this.enabled = enabled;
        this.clock = clock;
    }

    /** Exports nothing: {@link #export} returns null. */
    public static FindingsExporter disabled() {
        return new FindingsExporter(false, Clock.systemUTC());
    }

    /** Exports, with {@code clock} for CreatedAt and UpdatedAt. */
    public static FindingsExporter enabled(Clock clock) {
        return new FindingsExporter(true, clock);
    }

    /** From {@value #ENABLED_VARIABLE}: {@code true} when absent; a value other than true or false fails the start. */
    public static FindingsExporter fromEnv(Env env) {
        String value = env.get(ENABLED_VARIABLE, "true").trim();
        return switch (value) {
            case "true" -> enabled(Clock.systemUTC());
            case "false" -> disabled();
            default -> throw new IllegalArgumentException(ENABLED_VARIABLE + " is '" + value
                    + "'; use true or false (the template's SecurityHubFindings parameter sets it)");
        };
    }

    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Imports {@code results} (one account's, found by {@code descriptors}) as findings; returns what became of them,
     * or null when the export is off or there is nothing to export. Reads the account's Security Hub first (see
     * {@link #read}); a caller that read it before the checks passes that state to the other {@code export}.
     */
    public FindingsDelivery export(CheckContext context, List<CheckResult> results, String executionName,
                                   Function<String, CheckDescriptor> descriptors) {
        if (!enabled || results.isEmpty()) {
            return null;
        }
        Map<Region, List<CheckDescriptor>> checks = new LinkedHashMap<>();
        byRegion(context, results).forEach((region, inRegion) -> checks.put(region,
                inRegion.stream().map(result -> descriptors.apply(result.checkId())).distinct().toList()));
        return export(context, results, executionName, descriptors, HubState.read(context, checks));
    }

    /**
     * What the account's Security Hub holds for the checks about to run, in the regions where their results will land
     * ({@code checks}): read before the checks, so that a suppression set there is known before remediation decides.
     * {@link HubState#none()} when the export is off: Security Hub is then not called at all.
     */
    public HubState read(CheckContext context, Map<Region, List<CheckDescriptor>> checks) {
        return enabled ? HubState.read(context, checks) : HubState.none();
    }

    /** As {@link #export(CheckContext, List, String, Function)}, with the account's Security Hub as {@code hub} read it. */
    public FindingsDelivery export(CheckContext context, List<CheckResult> results, String executionName,
                                   Function<String, CheckDescriptor> descriptors, HubState hub) {
        if (!enabled || results.isEmpty()) {
            return null;
        }
        long start = System.nanoTime();
        Map<Region, List<CheckResult>> byRegion = byRegion(context, results);
        DeliveryTally tally = new DeliveryTally();
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
        for (Map.Entry<Region, List<CheckResult>> entry : byRegion.entrySet()) {
            HubState.RegionState state = hub.region(entry.getKey());
            if (state == null) {
                state = HubState.read(context, Map.of(entry.getKey(), entry.getValue().stream()
                        .map(result -> descriptors.apply(result.checkId())).distinct().toList())).region(entry.getKey());
            }
            exportRegion(context, state, entry.getValue(), executionName, descriptors, now, tally);
        }
        FindingsDelivery delivery = tally.delivery();
        JsonLog.info("findings.export", "accountId", context.accountId(), "regions", byRegion.size(),
                "exported", delivery.exported(), "skipped", delivery.skipped(), "refused", delivery.refused(),
                "workflowUpdated", tally.workflowUpdated(), "reasons", delivery.reasons(),
                "durationMs", (System.nanoTime() - start) / 1_000_000);
        return delivery;
    }

    /** The results by the region of their finding: a global check's in the home region. */
    private static Map<Region, List<CheckResult>> byRegion(CheckContext context, List<CheckResult> results) {
        Map<Region, List<CheckResult>> byRegion = new LinkedHashMap<>();
        for (CheckResult result : results) {
            Region region = result.region() == null ? context.homeRegion() : Region.of(result.region());
            byRegion.computeIfAbsent(region, r -> new ArrayList<>()).add(result);
        }
        return byRegion;
    }

    private void exportRegion(CheckContext context, HubState.RegionState state, List<CheckResult> results, String executionName,
                              Function<String, CheckDescriptor> descriptors, Instant now, DeliveryTally tally) {
        Region region = state.region();
        int pending = results.size();
        if (!state.enabled()) {
            if (state.failure() == null) {
                tally.skipped(FindingsDelivery.NOT_ENABLED, pending, "Security Hub is not enabled in " + region.id());
            } else {
                tally.failed(state.error(), pending, state.failure());
            }
            return;
        }
        SecurityHubClient hub = context.client(SecurityHubClient.builder(), region);
        String accountId = context.accountId();
        String productArn = AsffFindings.productArn(context.partition(), region, accountId);
        List<AwsSecurityFinding> findings = new ArrayList<>();
        Map<String, FindingWorkflow.Target> updates = new LinkedHashMap<>();
        for (CheckResult result : results) {
            String id = AsffFindings.findingId(accountId, region, result.checkId());
            AwsSecurityFinding existing = state.ours().get(id);
            findings.add(AsffFindings.finding(context, region, productArn, result, descriptors.apply(result.checkId()),
                    executionName, existing, now));
            FindingWorkflow.Target update = existing == null ? null
                    : FindingWorkflow.update(result, existing, AsffFindings.complianceStatus(result.status()), now);
            if (update != null) {
                updates.put(id, update);
            }
        }
        try {
            for (int from = 0; from < findings.size(); from += MAX_IMPORT_BATCH) {
                List<AwsSecurityFinding> batch = findings.subList(from, Math.min(findings.size(), from + MAX_IMPORT_BATCH));
                BatchImportFindingsResponse response = hub.batchImportFindings(r -> r.findings(batch));
                pending -= batch.size();
                tally.exported(response.successCount() == null ? batch.size() - response.failedFindings().size() : response.successCount());
                for (ImportFindingsError failed : response.failedFindings()) {
                    updates.remove(failed.id());
                    tally.importFailed(failed.errorCode(), "BatchImportFindings in " + region.id() + " refused "
                            + failed.id() + ": " + failed.errorCode() + " (" + failed.errorMessage() + ")");
                }
            }
        } catch (SdkException e) {
            tally.failed(e, pending, "securityhub:BatchImportFindings in " + region.id());
            return;
        }
        if (!updates.isEmpty()) {
            // A PATCH: over the JDK's HTTP client, made only now (see JdkHttpClient); the common path never loads it.
            SecurityHubClient patch = context.client(SecurityHubClient.builder(), AwsClients.patchHttpClient(), region);
            FindingWorkflow.Applied applied = FindingWorkflow.apply(patch, productArn, updates, region.id());
            tally.workflowUpdated(applied.processed(), applied.failures());
        }
    }
}
