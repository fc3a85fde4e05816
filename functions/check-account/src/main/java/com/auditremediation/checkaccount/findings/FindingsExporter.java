package com.auditremediation.checkaccount.findings;

import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.CheckFailures;
import com.auditremediation.core.AwsFaults;
import com.auditremediation.core.Env;
import com.auditremediation.core.JsonLog;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.FindingsDelivery;
import com.auditremediation.core.model.Mode;
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
import software.amazon.awssdk.services.securityhub.model.ComplianceStatus;
import software.amazon.awssdk.services.securityhub.model.ImportFindingsError;
import software.amazon.awssdk.services.securityhub.model.InvalidAccessException;
import software.amazon.awssdk.services.securityhub.model.RecordState;
import software.amazon.awssdk.services.securityhub.model.SeverityLabel;
import software.amazon.awssdk.services.securityhub.model.StringFilter;
import software.amazon.awssdk.services.securityhub.model.StringFilterComparison;
import software.amazon.awssdk.services.securityhub.model.WorkflowStatus;

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
 * <p>A provider updating its own finding must leave {@code Workflow}, {@code Note}, {@code UserDefinedFields} and
 * {@code VerificationState} alone, and give changes of severity and types in {@code FindingProviderFields}; so
 * {@code Workflow} is set on creation only (NEW for a failure, RESOLVED for a pass), and severity and types are sent
 * in both places.
 */
public final class FindingsExporter {

    /** The environment variable (template parameter SecurityHubFindings): {@code true} (the default) or {@code false}. */
    public static final String ENABLED_VARIABLE = "SECURITY_HUB_FINDINGS";
    static final String SCHEMA_VERSION = "2018-10-08";
    /** BatchImportFindings takes at most 100 findings a call. */
    static final int MAX_IMPORT_BATCH = 100;
    /** GetFindings takes at most 20 values for one filter field. */
    static final int MAX_FILTER_VALUES = 20;
    static final String TYPE_BEST_PRACTICES = "Software and Configuration Checks/AWS Security Best Practices";
    static final String TYPE_CIS = "Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark";
    static final String CIS_VERSION = "CIS AWS Foundations Benchmark v3.0.0";
    private static final int MAX_TITLE = 256;
    private static final int MAX_DESCRIPTION = 1024;
    private static final int MAX_RECOMMENDATION = 512;

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
        Tally tally = new Tally();
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
                              Function<String, CheckDescriptor> descriptors, Instant now, Tally tally) {
        SecurityHubClient hub = context.client(SecurityHubClient.builder(), region);
        String accountId = context.accountId();
        String productArn = productArn(context.partition(), region, accountId);
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
                    .map(result -> findingId(accountId, region, result.checkId())).toList());
            List<AwsSecurityFinding> findings = new ArrayList<>();
            for (CheckResult result : results) {
                String id = findingId(accountId, region, result.checkId());
                findings.add(finding(context, region, productArn, result, descriptors.apply(result.checkId()),
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

    /** The finding for one result; {@code existing} is Security Hub's copy of it, or null when it is new. */
    AwsSecurityFinding finding(CheckContext context, Region region, String productArn, CheckResult result,
                               CheckDescriptor descriptor, String executionName, AwsSecurityFinding existing, Instant now) {
        String accountId = context.accountId();
        ComplianceStatus compliance = complianceStatus(result.status());
        SeverityLabel severity = compliance == ComplianceStatus.FAILED ? SeverityLabel.fromValue(descriptor.severity().name())
                : SeverityLabel.INFORMATIONAL;
        List<String> types = types(descriptor);
        Map<String, String> productFields = new LinkedHashMap<>();
        productFields.put("audit-remediation/ExecutionName", executionName == null ? "" : executionName);
        productFields.put("audit-remediation/Mode", context.mode().jsonValue());
        productFields.put("audit-remediation/CheckId", descriptor.id());
        productFields.put("audit-remediation/CheckStatus", result.status().name());
        productFields.values().removeIf(String::isEmpty);
        AwsSecurityFinding.Builder finding = AwsSecurityFinding.builder()
                .schemaVersion(SCHEMA_VERSION)
                .id(findingId(accountId, region, descriptor.id()))
                .productArn(productArn)
                .generatorId("audit-remediation/" + descriptor.id())
                .awsAccountId(accountId)
                .region(region.id())
                .types(types)
                .createdAt(existing != null && existing.createdAt() != null ? existing.createdAt() : now.toString())
                .updatedAt(now.toString())
                .severity(s -> s.label(severity))
                .findingProviderFields(f -> f.severity(s -> s.label(severity)).types(types))
                .title(cap(descriptor.title(), MAX_TITLE))
                .description(cap(description(result, descriptor, context.mode()), MAX_DESCRIPTION))
                .resources(r -> r.type("AwsAccount").id("AWS::::Account:" + accountId)
                        .partition(context.partition()).region(region.id()))
                .compliance(c -> c.status(compliance).relatedRequirements(relatedRequirements(descriptor)))
                .remediation(r -> r.recommendation(rec -> rec.text(cap(descriptor.recommendation(), MAX_RECOMMENDATION))))
                .productFields(productFields)
                .recordState(RecordState.ACTIVE);
        if (existing == null) {
            finding.workflow(w -> w.status(compliance == ComplianceStatus.PASSED ? WorkflowStatus.RESOLVED : WorkflowStatus.NEW));
        }
        return finding.build();
    }

    static String productArn(String partition, Region region, String accountId) {
        return "arn:" + partition + ":securityhub:" + region.id() + ":" + accountId + ":product/" + accountId + "/default";
    }

    /** Stable per account, region and check, so that a later sweep updates the finding instead of adding one. */
    static String findingId(String accountId, Region region, String checkId) {
        return "audit-remediation/" + accountId + "/" + region.id() + "/" + checkId;
    }

    /**
     * COMPLIANT and REMEDIATED pass; NON_COMPLIANT fails; ERROR, and NOT_APPLICABLE (as Security Hub reports a control
     * whose evaluation does not apply), are NOT_AVAILABLE.
     */
    static ComplianceStatus complianceStatus(CheckStatus status) {
        return switch (status) {
            case COMPLIANT, REMEDIATED -> ComplianceStatus.PASSED;
            case NON_COMPLIANT -> ComplianceStatus.FAILED;
            case ERROR, NOT_APPLICABLE -> ComplianceStatus.NOT_AVAILABLE;
        };
    }

    static List<String> types(CheckDescriptor descriptor) {
        List<String> types = new ArrayList<>();
        types.add(TYPE_BEST_PRACTICES);
        if (!descriptor.cis().isEmpty()) {
            types.add(TYPE_CIS);
        }
        return types;
    }

    /** The Security Hub control ids, then the CIS references ("CIS AWS Foundations Benchmark v3.0.0/1.8"). */
    static List<String> relatedRequirements(CheckDescriptor descriptor) {
        List<String> requirements = new ArrayList<>(descriptor.controls());
        descriptor.cis().forEach(cis -> requirements.add(CIS_VERSION + "/" + cis));
        return requirements;
    }

    private static String description(CheckResult result, CheckDescriptor descriptor, Mode mode) {
        String detail = result.detail() == null || result.detail().isBlank() ? null : result.detail();
        return switch (result.status()) {
            case COMPLIANT -> "Compliant: " + descriptor.title() + ".";
            case REMEDIATED -> "Remediated by audit-remediation (" + (detail == null ? "fixed" : detail) + "): "
                    + descriptor.title() + ".";
            case NON_COMPLIANT -> "Not compliant: " + (detail == null ? descriptor.title() : detail)
                    + (mode == Mode.AUDIT && descriptor.fixable() ? " (remediate mode can fix this)" : "") + ".";
            case ERROR -> "Could not be checked: " + (detail == null ? "see the sweep's report" : detail) + ".";
            case NOT_APPLICABLE -> "Not applicable: " + (detail == null ? descriptor.title() : detail) + ".";
        };
    }

    private static String cap(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /** Counts and notes as the regions go. */
    private static final class Tally {
        private int exported;
        private int skipped;
        private int refused;
        private final Map<String, Integer> reasons = new LinkedHashMap<>();
        private final List<String> notes = new ArrayList<>();

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

        FindingsDelivery delivery() {
            return new FindingsDelivery(exported, skipped, refused, reasons,
                    notes.isEmpty() ? null : cap(String.join("; ", notes), 300));
        }
    }
}
