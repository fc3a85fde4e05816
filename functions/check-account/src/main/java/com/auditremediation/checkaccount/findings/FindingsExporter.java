package com.auditremediation.checkaccount.findings;

import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.core.Env;
import com.auditremediation.core.JsonLog;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.FindingsDelivery;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFindingFilters;
import software.amazon.awssdk.services.securityhub.model.BatchImportFindingsResponse;
import software.amazon.awssdk.services.securityhub.model.ImportFindingsError;
import software.amazon.awssdk.services.securityhub.model.InvalidAccessException;
import software.amazon.awssdk.services.securityhub.model.StringFilter;
import software.amazon.awssdk.services.securityhub.model.StringFilterComparison;

/**
 * Imports each check result of an account as one AWS Security Finding Format (ASFF) finding into that account's own
 * Security Hub, in the result's region (the home region for a global check), through the member session the checks
 * used: Security Hub accepts a finding under an account's default product ARN only from that account, and
 * aggregation then brings it to the administrator (in Control Tower, usually the Audit account).
 *
 * <p>Per region, in this order: {@code DescribeHub} (once: a region where Security Hub is not enabled is skipped,
 * because AWS refuses findings there; moto would accept them, so the code asks rather than relies on a refusal),
 * {@code GetFindings} for our Ids (to keep {@code CreatedAt} and to know which findings are new; moto ignores filters,
 * so the answer is filtered here too), then {@code BatchImportFindings}, at most 100 findings a call. Throttling is
 * retried with the SDK's own backoff.
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
    /** GetFindings takes at most 20 values for one filter field. */
    static final int MAX_FILTER_VALUES = 20;

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
     * or null when the export is off or there is nothing to export.
     */
    public FindingsDelivery export(CheckContext context, List<CheckResult> results, String executionName,
                                   Function<String, CheckDescriptor> descriptors) {
        if (!enabled || results.isEmpty()) {
            return null;
        }
        long start = System.nanoTime();
        Map<Region, List<CheckResult>> byRegion = new LinkedHashMap<>();
        for (CheckResult result : results) {
            Region region = result.region() == null ? context.homeRegion() : Region.of(result.region());
            byRegion.computeIfAbsent(region, r -> new ArrayList<>()).add(result);
        }
        DeliveryTally tally = new DeliveryTally();
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
        for (Map.Entry<Region, List<CheckResult>> entry : byRegion.entrySet()) {
            exportRegion(context, entry.getKey(), entry.getValue(), executionName, descriptors, now, tally);
        }
        FindingsDelivery delivery = tally.delivery();
        JsonLog.info("findings.export", "accountId", context.accountId(), "regions", byRegion.size(),
                "exported", delivery.exported(), "skipped", delivery.skipped(), "refused", delivery.refused(),
                "reasons", delivery.reasons(), "durationMs", (System.nanoTime() - start) / 1_000_000);
        return delivery;
    }

    private void exportRegion(CheckContext context, Region region, List<CheckResult> results, String executionName,
                              Function<String, CheckDescriptor> descriptors, Instant now, DeliveryTally tally) {
        SecurityHubClient hub = context.client(SecurityHubClient.builder(), region);
        String accountId = context.accountId();
        String productArn = AsffFindings.productArn(context.partition(), region, accountId);
        int pending = results.size();
        try {
            hub.describeHub(r -> { });
        } catch (InvalidAccessException notEnabled) {
            tally.skipped(FindingsDelivery.NOT_ENABLED, pending, "Security Hub is not enabled in " + region.id());
            return;
        } catch (SdkException e) {
            tally.failed(e, pending, "securityhub:DescribeHub in " + region.id());
            return;
        }
        String call = "securityhub:GetFindings in " + region.id();
        try {
            Map<String, AwsSecurityFinding> existing = existing(hub, productArn, results.stream()
                    .map(result -> AsffFindings.findingId(accountId, region, result.checkId())).toList());
            List<AwsSecurityFinding> findings = new ArrayList<>();
            for (CheckResult result : results) {
                String id = AsffFindings.findingId(accountId, region, result.checkId());
                findings.add(AsffFindings.finding(context, region, productArn, result, descriptors.apply(result.checkId()),
                        executionName, existing.get(id), now));
            }
            call = "securityhub:BatchImportFindings in " + region.id();
            for (int from = 0; from < findings.size(); from += MAX_IMPORT_BATCH) {
                List<AwsSecurityFinding> batch = findings.subList(from, Math.min(findings.size(), from + MAX_IMPORT_BATCH));
                BatchImportFindingsResponse response = hub.batchImportFindings(r -> r.findings(batch));
                pending -= batch.size();
                tally.exported(response.successCount() == null ? batch.size() - response.failedFindings().size() : response.successCount());
                for (ImportFindingsError failed : response.failedFindings()) {
                    tally.importFailed(failed.errorCode(), "BatchImportFindings in " + region.id() + " refused "
                            + failed.id() + ": " + failed.errorCode() + " (" + failed.errorMessage() + ")");
                }
            }
        } catch (SdkException e) {
            tally.failed(e, pending, call);
        }
    }

    /** Our findings among {@code ids} that Security Hub already has, by Id. */
    private static Map<String, AwsSecurityFinding> existing(SecurityHubClient hub, String productArn, List<String> ids) {
        Map<String, AwsSecurityFinding> found = new HashMap<>();
        Set<String> wanted = new HashSet<>(ids);
        for (int from = 0; from < ids.size(); from += MAX_FILTER_VALUES) {
            List<StringFilter> idFilters = ids.subList(from, Math.min(ids.size(), from + MAX_FILTER_VALUES)).stream()
                    .map(id -> StringFilter.builder().value(id).comparison(StringFilterComparison.EQUALS).build()).toList();
            AwsSecurityFindingFilters filters = AwsSecurityFindingFilters.builder()
                    .id(idFilters)
                    .productArn(StringFilter.builder().value(productArn).comparison(StringFilterComparison.EQUALS).build())
                    .build();
            // Filtered here as well: moto returns every finding of the account and region, whatever the filters.
            hub.getFindingsPaginator(r -> r.filters(filters).maxResults(100)).findings().forEach(finding -> {
                if (wanted.contains(finding.id()) && productArn.equals(finding.productArn())) {
                    found.put(finding.id(), finding);
                }
            });
        }
        return found;
    }
}
