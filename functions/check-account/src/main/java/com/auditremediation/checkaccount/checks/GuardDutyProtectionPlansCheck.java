package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.SettingCheck;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.guardduty.GuardDutyClient;
import software.amazon.awssdk.services.guardduty.model.DetectorAdditionalConfigurationResult;
import software.amazon.awssdk.services.guardduty.model.DetectorFeatureConfigurationResult;
import software.amazon.awssdk.services.guardduty.model.GetDetectorResponse;

/**
 * The GuardDuty protection plans of the region's detector, one Security Hub control each
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/guardduty-controls.html, #guardduty-5 to #guardduty-13):
 * GuardDuty.5 EKS Audit Log Monitoring ({@code EKS_AUDIT_LOGS}), .6 Lambda Protection ({@code LAMBDA_NETWORK_LOGS}),
 * .7 EKS Runtime Monitoring with automated agent management ({@code RUNTIME_MONITORING}, or the older
 * {@code EKS_RUNTIME_MONITORING}, with {@code EKS_ADDON_MANAGEMENT}), .8 Malware Protection for EC2
 * ({@code EBS_MALWARE_PROTECTION}), .9 RDS Protection ({@code RDS_LOGIN_EVENTS}), .10 S3 Protection
 * ({@code S3_DATA_EVENTS}), .11 Runtime Monitoring ({@code RUNTIME_MONITORING}), .12 ECS Runtime Monitoring (its
 * {@code ECS_FARGATE_AGENT_MANAGEMENT}) and .13 EC2 Runtime Monitoring (its {@code EC2_AGENT_MANAGEMENT}), read from
 * {@code GetDetector}'s {@code Features}. Severity HIGH: the reference rates .5 to .11 High and .12, .13 Medium.
 *
 * <p>One check for nine controls, as SSM.7/SSM.4 are one: the evidence is keyed by control id, each with the feature
 * that is off, and the detail names the controls that fail, so that a run started by any of their findings selects this
 * check and the finding we export says which failed. Without an enabled detector no plan runs: every control fails
 * with that reason (GuardDuty.1 is {@code guardduty-enabled}'s).
 *
 * <p>Audit only: only the delegated GuardDuty administrator can turn protection plans on or off for member accounts
 * (each control's text: "GuardDuty member accounts can't modify this configuration from their accounts"), and most
 * plans cost money per use. Remediate mode reports the same finding.
 */
public final class GuardDutyProtectionPlansCheck extends SettingCheck<GuardDutyProtectionPlansCheck.Plans> {

    private static final String ENABLED = "ENABLED";
    private static final String RUNTIME = "RUNTIME_MONITORING";

    /** One control: its plan's name for people, and the feature (and additional configuration, or null) it needs. */
    private record Plan(String control, String title, String feature, String agent) {
    }

    private static final List<Plan> PLANS = List.of(
            new Plan("GuardDuty.5", "EKS Audit Log Monitoring", "EKS_AUDIT_LOGS", null),
            new Plan("GuardDuty.6", "Lambda Protection", "LAMBDA_NETWORK_LOGS", null),
            new Plan("GuardDuty.7", "EKS Runtime Monitoring", RUNTIME, "EKS_ADDON_MANAGEMENT"),
            new Plan("GuardDuty.8", "Malware Protection for EC2", "EBS_MALWARE_PROTECTION", null),
            new Plan("GuardDuty.9", "RDS Protection", "RDS_LOGIN_EVENTS", null),
            new Plan("GuardDuty.10", "S3 Protection", "S3_DATA_EVENTS", null),
            new Plan("GuardDuty.11", "Runtime Monitoring", RUNTIME, null),
            new Plan("GuardDuty.12", "ECS Runtime Monitoring", RUNTIME, "ECS_FARGATE_AGENT_MANAGEMENT"),
            new Plan("GuardDuty.13", "EC2 Runtime Monitoring", RUNTIME, "EC2_AGENT_MANAGEMENT"));

    /**
     * The detector's state ({@code none}, {@code DISABLED} or {@code ENABLED}) and the status of each feature and each
     * additional configuration ({@code RUNTIME_MONITORING/EC2_AGENT_MANAGEMENT}), by name.
     */
    public record Plans(String detector, Map<String, String> statuses) {
        public Plans {
            statuses = Map.copyOf(statuses);
        }
    }

    public GuardDutyProtectionPlansCheck() {
        super(CheckDescriptor.builder("guardduty-protection-plans")
                .title("GuardDuty protection plans (EKS, Lambda, runtime, malware, RDS, S3) are on in each region swept")
                .controls(PLANS.stream().map(Plan::control).toArray(String[]::new))
                .severity(Severity.HIGH)
                .regional()
                .reads("guardduty:ListDetectors", "guardduty:GetDetector")
                .recommendation("From GuardDuty's delegated administrator (usually the Audit account), turn on the protection"
                        + " plans the organisation pays for, for this account and every region in use, and auto-enable them for"
                        + " members (GuardDuty console, Protection plans, or UpdateOrganizationConfiguration); a member account"
                        + " cannot change them itself.")
                .build());
    }

    @Override
    protected Plans read(CheckContext context, Region region) {
        GuardDutyClient guardDuty = context.client(GuardDutyClient.builder(), region);
        List<String> detectorIds = guardDuty.listDetectorsPaginator(r -> { }).detectorIds().stream().toList();
        if (detectorIds.isEmpty()) {
            return new Plans("none", Map.of());
        }
        GetDetectorResponse detector = guardDuty.getDetector(r -> r.detectorId(detectorIds.get(0)));
        Map<String, String> statuses = new LinkedHashMap<>();
        for (DetectorFeatureConfigurationResult feature : detector.features()) {
            statuses.put(feature.nameAsString(), feature.statusAsString());
            for (DetectorAdditionalConfigurationResult extra : feature.additionalConfiguration()) {
                statuses.put(feature.nameAsString() + "/" + extra.nameAsString(), extra.statusAsString());
            }
        }
        return new Plans(detector.statusAsString(), statuses);
    }

    /** Why {@code plan} is off, or null when it is on. */
    private static String off(Plan plan, Plans plans) {
        if (!ENABLED.equals(plans.detector())) {
            return "none".equals(plans.detector()) ? "no detector" : "detector " + plans.detector();
        }
        if (plan.control().equals("GuardDuty.7") && on(plans, "EKS_RUNTIME_MONITORING", plan.agent())) {
            return null;
        }
        if (!ENABLED.equals(plans.statuses().get(plan.feature()))) {
            return plan.feature() + " " + plans.statuses().getOrDefault(plan.feature(), "absent");
        }
        if (plan.agent() != null && !on(plans, plan.feature(), plan.agent())) {
            String key = plan.feature() + "/" + plan.agent();
            return key + " " + plans.statuses().getOrDefault(key, "absent");
        }
        return null;
    }

    private static boolean on(Plans plans, String feature, String agent) {
        return ENABLED.equals(plans.statuses().get(feature)) && ENABLED.equals(plans.statuses().get(feature + "/" + agent));
    }

    @Override
    protected Map<String, Object> failing(Plans plans) {
        Map<String, Object> failing = new LinkedHashMap<>();
        for (Plan plan : PLANS) {
            String off = off(plan, plans);
            if (off != null) {
                failing.put(plan.control(), off);
            }
        }
        return failing;
    }

    @Override
    protected Map<String, Object> settings(Plans plans) {
        Map<String, Object> settings = new LinkedHashMap<>();
        for (Plan plan : PLANS) {
            String off = off(plan, plans);
            settings.put(plan.control(), off == null ? "on" : off);
        }
        return settings;
    }

    @Override
    protected String problem(Map<String, Object> failing) {
        Object first = failing.values().iterator().next();
        if ("no detector".equals(first) || String.valueOf(first).startsWith("detector ")) {
            return "no enabled GuardDuty detector (" + first + "), so no protection plan runs (GuardDuty.5 to GuardDuty.13);"
                    + " enable GuardDuty from its delegated administrator";
        }
        List<String> off = new ArrayList<>();
        for (Plan plan : PLANS) {
            if (failing.containsKey(plan.control())) {
                off.add(plan.control());
            }
        }
        return "protection plans off: " + String.join(", ", off) + "; the delegated GuardDuty administrator turns them on";
    }
}
