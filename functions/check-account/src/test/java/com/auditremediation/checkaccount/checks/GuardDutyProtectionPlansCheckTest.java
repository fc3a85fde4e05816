package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.findings.FindingsExporter;
import com.auditremediation.checkaccount.testing.CheckArrangement;
import com.auditremediation.checkaccount.testing.CheckFixtures;
import com.auditremediation.checkaccount.testing.CheckInputs;
import com.auditremediation.checkaccount.testing.CheckerHarness;
import com.auditremediation.checkaccount.testing.MemberAccount;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Mode;
import com.auditremediation.local.MotoExtension;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.guardduty.GuardDutyClient;
import software.amazon.awssdk.services.guardduty.model.DetectorFeatureConfiguration;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.ComplianceStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GuardDuty detectors from moto 5.2.1, their features from the stand-in's correction at moto's endpoint (moto keeps
 * only the features last given; AWS's GetDetector lists every plan with its status, and an update changes only those
 * it names).
 */
class GuardDutyProtectionPlansCheckTest implements CheckArrangement {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String ACCOUNT_ID = "111122223333";
    private static final String CHECK_ID = "guardduty-protection-plans";
    private static final List<String> CHECK = List.of(CHECK_ID);
    private static final List<String> CONTROLS = List.of("GuardDuty.5", "GuardDuty.6", "GuardDuty.7", "GuardDuty.8", "GuardDuty.9",
            "GuardDuty.10", "GuardDuty.11", "GuardDuty.12", "GuardDuty.13");

    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID);

    @Override
    public void arrangeCompliant(CheckFixtures.Fixture fixture) {
        fixture.regions().forEach(region -> allPlans(fixture.account(), region));
    }

    /** A detector with S3 Protection alone in the first region, none in the others. */
    @Override
    public void arrangeNonCompliant(CheckFixtures.Fixture fixture) {
        guardDuty(fixture.account(), fixture.regions().get(0)).createDetector(r -> r.enable(true).features(feature("S3_DATA_EVENTS")));
    }

    @Override
    public Object state(CheckFixtures.Fixture fixture) {
        return fixture.regions().stream().map(region -> {
            GuardDutyClient guardDuty = guardDuty(fixture.account(), region);
            return region.id() + "=" + guardDuty.listDetectors().detectorIds().stream().map(id -> guardDuty.getDetector(r -> r.detectorId(id))
                    .features().stream().map(f -> f.nameAsString() + ":" + f.statusAsString()).toList()).toList();
        }).toList();
    }

    @Test
    void everyPlanOnIsCompliantEachControlOffIsNamedWithItsFeature() {
        allPlans(harness.account(), Region.EU_WEST_1);
        guardDuty(harness.account(), Region.AP_SOUTHEAST_2).createDetector(r -> r.enable(true).features(feature("S3_DATA_EVENTS"),
                feature("RDS_LOGIN_EVENTS"), DetectorFeatureConfiguration.builder().name("RUNTIME_MONITORING").status("ENABLED")
                        .additionalConfiguration(a -> a.name("EC2_AGENT_MANAGEMENT").status("ENABLED")).build()));

        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, CHECK,
                List.of(Region.EU_WEST_1, Region.US_EAST_1, Region.AP_SOUTHEAST_2)));

        assertThat(result.status()).isEqualTo(AccountStatus.SUCCEEDED);
        Map<String, Object> noDetector = new LinkedHashMap<>();
        CONTROLS.forEach(control -> noDetector.put(control, "no detector"));
        Map<String, Object> partly = new LinkedHashMap<>();
        partly.put("GuardDuty.5", "EKS_AUDIT_LOGS DISABLED");
        partly.put("GuardDuty.6", "LAMBDA_NETWORK_LOGS DISABLED");
        partly.put("GuardDuty.7", "RUNTIME_MONITORING/EKS_ADDON_MANAGEMENT DISABLED");
        partly.put("GuardDuty.8", "EBS_MALWARE_PROTECTION DISABLED");
        partly.put("GuardDuty.12", "RUNTIME_MONITORING/ECS_FARGATE_AGENT_MANAGEMENT DISABLED");
        assertThat(result.checks()).containsExactly(
                CheckResult.compliant(CHECK_ID, "eu-west-1"),
                CheckResult.nonCompliant(CHECK_ID, "us-east-1", "no enabled GuardDuty detector (no detector), so no protection plan runs"
                        + " (GuardDuty.5 to GuardDuty.13); enable GuardDuty from its delegated administrator", noDetector),
                CheckResult.nonCompliant(CHECK_ID, "ap-southeast-2", "protection plans off: GuardDuty.5, GuardDuty.6,"
                        + " GuardDuty.7, GuardDuty.8, GuardDuty.12; the delegated GuardDuty administrator turns them on", partly));
        assertThat(harness.actions()).containsOnly("guardduty:ListDetectors", "guardduty:GetDetector");
    }

    @Test
    void theOlderEksRuntimeFeatureWithItsAddOnCountsForGuardDuty7Only() {
        guardDuty(harness.account(), Region.EU_WEST_1).createDetector(r -> r.enable(true).features(DetectorFeatureConfiguration.builder()
                .name("EKS_RUNTIME_MONITORING").status("ENABLED").additionalConfiguration(a -> a.name("EKS_ADDON_MANAGEMENT").status("ENABLED")).build()));

        CheckResult result = CheckerHarness.only(harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, CHECK, List.of())));

        assertThat(result.before()).doesNotContainKey("GuardDuty.7").containsEntry("GuardDuty.11", "RUNTIME_MONITORING DISABLED");
    }

    @Test
    void aSuspendedDetectorFailsEveryPlanAndRemediateModeChangesNothing() {
        String detectorId = allPlans(harness.account(), Region.EU_WEST_1);
        guardDuty(harness.account(), Region.EU_WEST_1).updateDetector(r -> r.detectorId(detectorId).enable(false));

        CheckResult result = CheckerHarness.only(harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, CHECK, List.of())));

        assertThat(result.status()).isEqualTo(CheckStatus.NON_COMPLIANT);
        assertThat(result.detail()).isEqualTo("not fixed (audit only): no enabled GuardDuty detector (detector DISABLED), so no protection"
                + " plan runs (GuardDuty.5 to GuardDuty.13); enable GuardDuty from its delegated administrator");
        assertThat(result.before()).containsOnlyKeys(CONTROLS);
        assertThat(guardDuty(harness.account(), Region.EU_WEST_1).getDetector(r -> r.detectorId(detectorId)).statusAsString()).isEqualTo("DISABLED");
        assertThat(harness.actions()).containsOnly("guardduty:ListDetectors", "guardduty:GetDetector");
        assertThat(CheckRegistry.create().get(CHECK_ID).descriptor().recommendation()).contains("delegated administrator");
    }

    /** A run started by a failed GuardDuty.12 finding selects this check alone, and its finding names what failed. */
    @Test
    void aRunForGuardDuty12SelectsThisCheckAndItsFindingNamesTheControl() {
        String detectorId = allPlans(harness.account(), Region.EU_WEST_1);
        guardDuty(harness.account(), Region.EU_WEST_1).updateDetector(r -> r.detectorId(detectorId).features(DetectorFeatureConfiguration.builder()
                .name("RUNTIME_MONITORING").additionalConfiguration(a -> a.name("ECS_FARGATE_AGENT_MANAGEMENT").status("DISABLED")).build()));
        harness.account().client(SecurityHubClient.builder(), Region.EU_WEST_1).enableSecurityHub(r -> r.enableDefaultStandards(false));
        List<String> selected = CheckRegistry.create().catalog().select(null, List.of("GuardDuty.12"));
        try (CheckerHarness exporting = new CheckerHarness(MOTO, ACCOUNT_ID, Map.of(), FindingsExporter.enabled(Clock.systemUTC())).start()) {

            exporting.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, selected, List.of()));

            assertThat(selected).containsExactly(CHECK_ID);
            AwsSecurityFinding finding = harness.account().client(SecurityHubClient.builder(), Region.EU_WEST_1).getFindings(r -> { })
                    .findings().stream().filter(f -> f.generatorId().equals("audit-remediation/" + CHECK_ID)).findFirst().orElseThrow();
            assertThat(finding.compliance().status()).isEqualTo(ComplianceStatus.FAILED);
            assertThat(finding.compliance().relatedRequirements()).containsAll(CONTROLS);
            assertThat(finding.description()).startsWith("Not compliant: protection plans off: GuardDuty.12;")
                    .doesNotContain("GuardDuty.13");
        }
    }

    /**
     * The region's detector (created, or the one another check's arrangement created: a region holds one) with every
     * protection plan and runtime agent on; its id.
     */
    private static String allPlans(MemberAccount account, Region region) {
        GuardDutyClient guardDuty = guardDuty(account, region);
        List<DetectorFeatureConfiguration> features = List.of(feature("EKS_AUDIT_LOGS"), feature("LAMBDA_NETWORK_LOGS"),
                feature("EBS_MALWARE_PROTECTION"), feature("RDS_LOGIN_EVENTS"), feature("S3_DATA_EVENTS"),
                DetectorFeatureConfiguration.builder().name("RUNTIME_MONITORING").status("ENABLED").additionalConfiguration(
                        a -> a.name("EKS_ADDON_MANAGEMENT").status("ENABLED"), a -> a.name("ECS_FARGATE_AGENT_MANAGEMENT").status("ENABLED"),
                        a -> a.name("EC2_AGENT_MANAGEMENT").status("ENABLED")).build());
        List<String> existing = guardDuty.listDetectors().detectorIds();
        if (existing.isEmpty()) {
            return guardDuty.createDetector(r -> r.enable(true).features(features)).detectorId();
        }
        guardDuty.updateDetector(r -> r.detectorId(existing.get(0)).enable(true).features(features));
        return existing.get(0);
    }

    private static DetectorFeatureConfiguration feature(String name) {
        return DetectorFeatureConfiguration.builder().name(name).status("ENABLED").build();
    }

    private static GuardDutyClient guardDuty(MemberAccount account, Region region) {
        return account.client(GuardDutyClient.builder(), region);
    }
}
