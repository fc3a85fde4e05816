package com.auditremediation.checkaccount.findings;

import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.CheckFailures;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.model.AcceptedRisk;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFindingFilters;
import software.amazon.awssdk.services.securityhub.model.ComplianceStatus;
import software.amazon.awssdk.services.securityhub.model.InvalidAccessException;
import software.amazon.awssdk.services.securityhub.model.Note;
import software.amazon.awssdk.services.securityhub.model.RecordState;
import software.amazon.awssdk.services.securityhub.model.StringFilter;
import software.amazon.awssdk.services.securityhub.model.StringFilterComparison;
import software.amazon.awssdk.services.securityhub.model.WorkflowStatus;

/**
 * What one member account's Security Hub holds for a sweep, read once per region before the checks run: whether the
 * hub is enabled, our own findings for the results to come (to keep their {@code CreatedAt}, and to see their workflow
 * and note), and Security Hub's own control findings for the same controls. The export uses the first two; the
 * accepted risks use our findings' and the control findings' suppressions, read before remediation decides, so that a
 * result a person suppressed is never fixed.
 *
 * <p>Per region: {@code DescribeHub} (a region without Security Hub is skipped: AWS refuses findings there, moto would
 * not), {@code GetFindings} for our Ids, and {@code GetFindings} for Security Hub's ACTIVE, FAILED findings of the
 * checks' controls in this account; moto ignores filters, so every answer is filtered here again.
 *
 * <p>A suppression counts (source {@code securityhub}) when our own finding's {@code Workflow.Status} is SUPPRESSED and
 * its note is not ours (we suppress our findings for the exceptions file, with {@value #NOTE_AUTHOR} as the note's
 * author), or when every FAILED control finding of the check's controls in that account and region is SUPPRESSED: one
 * failing resource a person did not suppress keeps the result in need of work.
 */
public final class HubState {

    /** The {@code Note.UpdatedBy} of the notes we write: a note by anyone else is a person's. */
    public static final String NOTE_AUTHOR = "audit-remediation";
    /** GetFindings takes at most 20 values for one filter field. */
    static final int MAX_FILTER_VALUES = 20;
    private static final String SECURITY_HUB_PRODUCT_SUFFIX = "::product/aws/securityhub";

    private final Map<Region, RegionState> regions;

    private HubState(Map<Region, RegionState> regions) {
        this.regions = regions;
    }

    /** Nothing read: the export is off, and Security Hub's suppressions are not looked at. */
    public static HubState none() {
        return new HubState(Map.of());
    }

    /**
     * Reads each region of {@code checks} (the checks whose results will land there) in the account of {@code context}.
     * Nothing here throws for a refusal or a fault: the region's state says what could not be read.
     */
    public static HubState read(CheckContext context, Map<Region, List<CheckDescriptor>> checks) {
        Map<Region, RegionState> regions = new LinkedHashMap<>();
        checks.forEach((region, descriptors) -> regions.put(region, readRegion(context, region, descriptors)));
        return new HubState(regions);
    }

    /** One region: the hub, our findings, the control findings; each read only if the one before it worked. */
    private static RegionState readRegion(CheckContext context, Region region, List<CheckDescriptor> checks) {
        SecurityHubClient hub = context.client(SecurityHubClient.builder(), region);
        String accountId = context.accountId();
        try {
            hub.describeHub(r -> { });
        } catch (InvalidAccessException notEnabled) {
            return RegionState.notEnabled(region);
        } catch (SdkException e) {
            return RegionState.failed(region, "securityhub:DescribeHub in " + region.id(), e);
        }
        String productArn = AsffFindings.productArn(context.partition(), region, accountId);
        Map<String, AwsSecurityFinding> ours;
        try {
            ours = ours(hub, productArn, checks.stream().map(check -> AsffFindings.findingId(accountId, region, check.id())).toList());
        } catch (SdkException e) {
            return RegionState.failed(region, "securityhub:GetFindings in " + region.id(), e);
        }
        Set<String> controls = new LinkedHashSet<>();
        checks.forEach(check -> controls.addAll(check.controls()));
        try {
            return new RegionState(region, true, null, null, ours, failingControlFindings(hub, accountId, region, controls), null);
        } catch (SdkException e) {
            return new RegionState(region, true, null, null, ours, Map.of(), "securityhub:GetFindings (Security Hub's control findings) in "
                    + region.id() + " failed: " + CheckFailures.describe(e));
        }
    }

    /** Our findings among {@code ids} that Security Hub already has, by Id. */
    private static Map<String, AwsSecurityFinding> ours(SecurityHubClient hub, String productArn, List<String> ids) {
        Map<String, AwsSecurityFinding> found = new HashMap<>();
        Set<String> wanted = new HashSet<>(ids);
        for (int from = 0; from < ids.size(); from += MAX_FILTER_VALUES) {
            AwsSecurityFindingFilters filters = AwsSecurityFindingFilters.builder()
                    .id(equalsAny(ids.subList(from, Math.min(ids.size(), from + MAX_FILTER_VALUES))))
                    .productArn(equalsOne(productArn))
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

    /** Security Hub's own ACTIVE, FAILED findings of {@code controls} in this account and region, by control id. */
    private static Map<String, List<AwsSecurityFinding>> failingControlFindings(SecurityHubClient hub, String accountId, Region region,
                                                                                Collection<String> controls) {
        List<String> ids = List.copyOf(controls);
        Map<String, List<AwsSecurityFinding>> byControl = new LinkedHashMap<>();
        for (int from = 0; from < ids.size(); from += MAX_FILTER_VALUES) {
            AwsSecurityFindingFilters filters = AwsSecurityFindingFilters.builder()
                    .complianceSecurityControlId(equalsAny(ids.subList(from, Math.min(ids.size(), from + MAX_FILTER_VALUES))))
                    .awsAccountId(equalsOne(accountId))
                    .complianceStatus(equalsOne(ComplianceStatus.FAILED.toString()))
                    .recordState(equalsOne(RecordState.ACTIVE.toString()))
                    .productName(equalsOne("Security Hub"))
                    .build();
            hub.getFindingsPaginator(r -> r.filters(filters).maxResults(100)).findings().forEach(finding -> {
                String control = finding.compliance() == null ? null : finding.compliance().securityControlId();
                boolean securityHubs = finding.productArn() != null && finding.productArn().endsWith(SECURITY_HUB_PRODUCT_SUFFIX);
                if (securityHubs && control != null && controls.contains(control) && accountId.equals(finding.awsAccountId())
                        && (finding.region() == null || finding.region().equals(region.id()))
                        && finding.compliance().status() == ComplianceStatus.FAILED && finding.recordState() == RecordState.ACTIVE) {
                    byControl.computeIfAbsent(control, c -> new ArrayList<>()).add(finding);
                }
            });
        }
        return byControl;
    }

    private static List<StringFilter> equalsAny(List<String> values) {
        return values.stream().map(HubState::equalsOne).toList();
    }

    private static StringFilter equalsOne(String value) {
        return StringFilter.builder().value(value).comparison(StringFilterComparison.EQUALS).build();
    }

    /** The region's state; null for a region that was not read. */
    RegionState region(Region region) {
        return regions.get(region);
    }

    /**
     * The suppression that a person set in Security Hub on the result of {@code check} in {@code region} (a global check's
     * findings are in the home region), or null: our own finding SUPPRESSED with a note that is not ours, or every FAILED
     * control finding of the check's controls SUPPRESSED.
     */
    public AcceptedRisk suppression(CheckDescriptor check, String accountId, Region region) {
        RegionState state = regions.get(region);
        if (state == null || !state.enabled() || state.ours() == null) {
            return null;
        }
        AwsSecurityFinding ours = state.ours().get(AsffFindings.findingId(accountId, region, check.id()));
        if (ours != null && suppressed(ours) && !ourNote(ours)) {
            return risk(ours);
        }
        List<AwsSecurityFinding> failing = new ArrayList<>();
        check.controls().forEach(control -> failing.addAll(state.controls().getOrDefault(control, List.of())));
        if (failing.isEmpty() || !failing.stream().allMatch(HubState::suppressed)) {
            return null;
        }
        return risk(failing.stream().max(Comparator.comparing(HubState::noteUpdatedAt)).orElseThrow());
    }

    /**
     * Why the suppressions of {@code region} are not known (a refusal, a fault), or null when they are (or the region has
     * no Security Hub, so no suppression there can exist): remediate mode then leaves the region's results alone.
     */
    public String unknownSuppressions(Region region) {
        RegionState state = regions.get(region);
        if (state == null || !state.enabled()) {
            return state == null || state.failure() == null ? null : state.failure() + ": " + CheckFailures.describe(state.error());
        }
        return state.controlsUnread();
    }

    static boolean suppressed(AwsSecurityFinding finding) {
        return finding.workflow() != null && finding.workflow().status() == WorkflowStatus.SUPPRESSED;
    }

    /** Whether the finding's note is one we wrote (for an exceptions file entry), not a person's. */
    static boolean ourNote(AwsSecurityFinding finding) {
        return finding.note() != null && NOTE_AUTHOR.equals(finding.note().updatedBy());
    }

    private static String noteUpdatedAt(AwsSecurityFinding finding) {
        return finding.note() == null || finding.note().updatedAt() == null ? "" : finding.note().updatedAt();
    }

    private static AcceptedRisk risk(AwsSecurityFinding finding) {
        Note note = finding.note();
        return AcceptedRisk.fromSecurityHub(finding.id(), note == null ? null : note.text(), note == null ? null : note.updatedBy(),
                note == null ? null : note.updatedAt());
    }

    /**
     * One region as read: {@code enabled} false with no failure where Security Hub is off; {@code failure} names the call
     * that failed (and {@code error} says how) where the hub or our findings could not be read; {@code controlsUnread}
     * says why the control findings could not be.
     */
    record RegionState(Region region, boolean enabled, String failure, SdkException error, Map<String, AwsSecurityFinding> ours,
                       Map<String, List<AwsSecurityFinding>> controls, String controlsUnread) {

        static RegionState notEnabled(Region region) {
            return new RegionState(region, false, null, null, null, Map.of(), null);
        }

        static RegionState failed(Region region, String call, SdkException e) {
            return new RegionState(region, false, call, e, null, Map.of(), null);
        }
    }
}
