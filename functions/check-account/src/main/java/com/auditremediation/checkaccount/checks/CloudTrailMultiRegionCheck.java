package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.Evidence;
import com.auditremediation.checkaccount.check.SettingCheck;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedEventSelector;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedFieldSelector;
import software.amazon.awssdk.services.cloudtrail.model.EventSelector;
import software.amazon.awssdk.services.cloudtrail.model.GetEventSelectorsResponse;
import software.amazon.awssdk.services.cloudtrail.model.ReadWriteType;
import software.amazon.awssdk.services.cloudtrail.model.Trail;

/**
 * A multi-Region CloudTrail trail that is logging records every management event, read and write, as seen from each
 * region swept (Security Hub CloudTrail.1, HIGH, "CloudTrail should be enabled and configured with at least one
 * multi-Region trail that includes read and write management events";
 * https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-1; CIS AWS Foundations
 * Benchmark v3.0.0 3.1). As the control's rule (multi-region-cloudtrail-enabled) has it, a trail that excludes
 * management event sources (KMS, RDS Data API) does not count.
 *
 * <p>{@code DescribeTrails} with {@code includeShadowTrails} lists the trails that apply to the region, those of other
 * home regions and, in a Control Tower organisation, the organisation trail of the management account: it counts like
 * the account's own. Its status and selectors are read in its home region by its ARN (an organisation trail's member
 * must name it by ARN). Classic selectors count when one includes management events with {@code ReadWriteType}
 * {@code All} and excludes no source; advanced ones when a selector of {@code eventCategory} {@code Management} covers
 * reads and writes (no {@code readOnly} field, or one selector for each) and excludes no {@code eventSource}.
 *
 * <p>Audit only: in a Control Tower organisation the trail is the organisation trail, which belongs to the management
 * account (Control Tower's landing zone settings); a trail created in the member would be a second, billed copy outside
 * the log archive. When the organisation trail is missing or stopped, that is landing zone drift, repaired from the
 * management account. One result per region; the trails that do not count are named with why, at most
 * {@link Evidence#MAX_LISTED}.
 */
public final class CloudTrailMultiRegionCheck extends SettingCheck<CloudTrailMultiRegionCheck.Trails> {

    private static final String MANAGEMENT = "Management";

    /** The first trail that counts (null when none does), and why each other trail does not. */
    public record Trails(String counting, List<String> notCounting) {
        public Trails {
            notCounting = List.copyOf(notCounting);
        }
    }

    public CloudTrailMultiRegionCheck() {
        super(CheckDescriptor.builder("cloudtrail-multi-region")
                .title("A multi-Region CloudTrail trail is logging read and write management events, in each region swept")
                .controls("CloudTrail.1")
                .cis("3.1")
                .severity(Severity.HIGH)
                .regional()
                .reads("cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors")
                .recommendation("In a Control Tower organisation, turn the organisation trail back on from the management"
                        + " account (Control Tower console, Landing zone settings, CloudTrail enabled; or Repair the landing"
                        + " zone); outside one, the account's owner creates a multi-Region trail logging all management"
                        + " events (CloudTrail console, Create trail).")
                .build());
    }

    @Override
    protected Trails read(CheckContext context, Region region) {
        CloudTrailClient here = context.client(CloudTrailClient.builder(), region);
        List<String> notCounting = new ArrayList<>();
        for (Trail trail : here.describeTrails(r -> r.includeShadowTrails(true)).trailList()) {
            String gap = gap(context, region, trail);
            if (gap == null) {
                return new Trails(trail.name(), List.of());
            }
            notCounting.add(trail.name() + ": " + gap);
        }
        return new Trails(null, notCounting);
    }

    /** Why {@code trail} does not count, or null when it does. */
    private static String gap(CheckContext context, Region region, Trail trail) {
        if (!Boolean.TRUE.equals(trail.isMultiRegionTrail())) {
            return "single-Region";
        }
        Region home = trail.homeRegion() == null ? region : Region.of(trail.homeRegion());
        CloudTrailClient cloudTrail = context.client(CloudTrailClient.builder(), home);
        if (!Boolean.TRUE.equals(cloudTrail.getTrailStatus(r -> r.name(trail.trailARN())).isLogging())) {
            return "not logging";
        }
        GetEventSelectorsResponse selectors = cloudTrail.getEventSelectors(r -> r.trailName(trail.trailARN()));
        return selectors.hasAdvancedEventSelectors() && !selectors.advancedEventSelectors().isEmpty()
                ? advancedGap(selectors.advancedEventSelectors())
                : classicGap(selectors.eventSelectors());
    }

    private static String classicGap(List<EventSelector> selectors) {
        List<String> seen = new ArrayList<>();
        for (EventSelector selector : selectors) {
            if (!Boolean.TRUE.equals(selector.includeManagementEvents())) {
                continue;
            }
            if (!selector.excludeManagementEventSources().isEmpty()) {
                seen.add("excludes " + String.join(", ", selector.excludeManagementEventSources()));
            } else if (selector.readWriteType() != ReadWriteType.ALL) {
                seen.add(selector.readWriteTypeAsString() + " management events only");
            } else {
                return null;
            }
        }
        return seen.isEmpty() ? "no management events" : String.join("; ", seen);
    }

    private static String advancedGap(List<AdvancedEventSelector> selectors) {
        boolean reads = false;
        boolean writes = false;
        List<String> excluded = new ArrayList<>();
        for (AdvancedEventSelector selector : selectors) {
            List<AdvancedFieldSelector> fields = selector.fieldSelectors();
            if (fields.stream().noneMatch(f -> f.field().equals("eventCategory") && f.equalsValue().contains(MANAGEMENT))) {
                continue;
            }
            List<String> sources = fields.stream().filter(f -> f.field().equals("eventSource"))
                    .flatMap(f -> f.notEquals().stream()).toList();
            if (!sources.isEmpty()) {
                excluded.addAll(sources);
                continue;
            }
            List<String> readOnly = fields.stream().filter(f -> f.field().equals("readOnly"))
                    .flatMap(f -> f.equalsValue().stream()).toList();
            reads |= readOnly.isEmpty() || readOnly.contains("true");
            writes |= readOnly.isEmpty() || readOnly.contains("false");
        }
        if (reads && writes) {
            return null;
        }
        if (!excluded.isEmpty()) {
            return "excludes " + String.join(", ", excluded);
        }
        return reads ? "read-only management events only" : writes ? "write-only management events only" : "no management events";
    }

    @Override
    protected Map<String, Object> failing(Trails trails) {
        if (trails.counting() != null) {
            return Map.of();
        }
        Map<String, Object> failing = new LinkedHashMap<>();
        failing.put("Trails", trails.notCounting().isEmpty() ? "none" : Evidence.capped(trails.notCounting()));
        return failing;
    }

    @Override
    protected Map<String, Object> settings(Trails trails) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("Trails", trails.counting() != null ? List.of(trails.counting()) : Evidence.capped(trails.notCounting()));
        return settings;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected String problem(Map<String, Object> failing) {
        Object trails = failing.get("Trails");
        String found = trails instanceof List<?> list ? "no trail counts (" + String.join("; ", (List<String>) list) + ")" : "no trail";
        return "no multi-Region trail logs read and write management events: " + found
                + "; in a Control Tower organisation, the management account restores the organisation trail";
    }
}
