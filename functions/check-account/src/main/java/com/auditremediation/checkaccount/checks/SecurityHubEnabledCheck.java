package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.SettingCheck;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.InvalidAccessException;
import software.amazon.awssdk.services.securityhub.model.StandardsStatus;
import software.amazon.awssdk.services.securityhub.model.StandardsSubscription;

/**
 * AWS Security Hub is enabled in each region swept, with at least one security standard enabled (CIS AWS Foundations
 * Benchmark v3.0.0 4.16, "Ensure AWS Security Hub is enabled"; Security Hub has no control of its own for this, so the
 * check names none and a finding-started run never selects it). A hub without any standard runs no control, so it does
 * not count; the evidence names the standards as {@code GetEnabledStandards} gives them, with their status
 * ({@code READY} and {@code PENDING} count; {@code INCOMPLETE}, {@code FAILED} and {@code DELETING} do not). A hub that
 * is not enabled answers {@code DescribeHub} with {@code InvalidAccessException}. HIGH, as GuardDuty.1 and
 * Inspector.1: without it no control's finding is collected, ours included.
 *
 * <p>Audit only: in a Control Tower organisation Security Hub, and which standards run, are set from its delegated
 * administrator (usually the Audit account) through central configuration; a member that enables it itself makes a
 * standalone hub outside the organisation's policy. Remediate mode reports the same finding.
 */
public final class SecurityHubEnabledCheck extends SettingCheck<SecurityHubEnabledCheck.Hub> {

    private static final String HUB = "Hub";
    private static final String STANDARDS = "EnabledStandards";
    private static final List<StandardsStatus> COUNTING = List.of(StandardsStatus.READY, StandardsStatus.PENDING);

    /** Whether the hub is enabled, and each standard's name and status ({@code cis-aws-foundations-benchmark/v/3.0.0 READY}). */
    public record Hub(boolean enabled, List<String> standards, boolean anyCounting) {
        public Hub {
            standards = List.copyOf(standards);
        }
    }

    public SecurityHubEnabledCheck() {
        super(CheckDescriptor.builder("securityhub-enabled")
                .title("Security Hub is enabled with at least one security standard, in each region swept")
                .cis("4.16")
                .severity(Severity.HIGH)
                .regional()
                .reads("securityhub:DescribeHub", "securityhub:GetEnabledStandards")
                .recommendation("From Security Hub's delegated administrator (usually the Audit account), include this account"
                        + " and every region in use in the organisation's central configuration policy, with the standards"
                        + " the organisation runs (Security Hub console, Configuration, Policies); without a delegated"
                        + " administrator, the account's owner enables Security Hub and a standard in each region.")
                .build());
    }

    @Override
    protected Hub read(CheckContext context, Region region) {
        SecurityHubClient securityHub = context.client(SecurityHubClient.builder(), region);
        try {
            securityHub.describeHub(r -> { });
        } catch (InvalidAccessException notEnabled) {
            return new Hub(false, List.of(), false);
        }
        List<StandardsSubscription> subscriptions = securityHub.getEnabledStandardsPaginator(r -> { }).standardsSubscriptions().stream().toList();
        List<String> standards = subscriptions.stream().map(s -> name(s.standardsArn()) + " " + s.standardsStatusAsString()).toList();
        return new Hub(true, standards, subscriptions.stream().anyMatch(s -> COUNTING.contains(s.standardsStatus())));
    }

    /** {@code standards/aws-foundational-security-best-practices/v/1.0.0} (or {@code ruleset/...}) of a standard's ARN. */
    private static String name(String standardsArn) {
        int resource = standardsArn.indexOf(":standards/") >= 0 ? standardsArn.indexOf(":standards/") : standardsArn.indexOf(":ruleset/");
        String path = resource < 0 ? standardsArn : standardsArn.substring(resource + 1);
        return path.substring(path.indexOf('/') + 1);
    }

    @Override
    protected Map<String, Object> failing(Hub hub) {
        return hub.enabled() && hub.anyCounting() ? Map.of() : settings(hub);
    }

    @Override
    protected Map<String, Object> settings(Hub hub) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put(HUB, hub.enabled() ? "enabled" : "not enabled");
        if (hub.enabled()) {
            settings.put(STANDARDS, hub.standards());
        }
        return settings;
    }

    @Override
    protected String problem(Map<String, Object> failing) {
        String what = "not enabled".equals(failing.get(HUB)) ? "Security Hub is not enabled"
                : "Security Hub is enabled but runs no standard" + (((List<?>) failing.get(STANDARDS)).isEmpty() ? "" : " that is ready");
        return what + "; the delegated administrator's central configuration decides";
    }
}
