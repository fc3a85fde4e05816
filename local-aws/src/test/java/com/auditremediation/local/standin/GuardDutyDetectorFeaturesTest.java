package com.auditremediation.local.standin;

import com.auditremediation.local.FaultRule;
import com.auditremediation.local.MotoExtension;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.guardduty.GuardDutyClient;
import software.amazon.awssdk.services.guardduty.model.BadRequestException;
import software.amazon.awssdk.services.guardduty.model.DetectorFeatureConfigurationResult;
import software.amazon.awssdk.services.guardduty.model.GetDetectorResponse;
import software.amazon.awssdk.services.guardduty.model.GuardDutyException;

import static com.auditremediation.local.standin.StandInClients.MEMBER_A;
import static com.auditremediation.local.standin.StandInClients.MEMBER_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuardDutyDetectorFeaturesTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private GuardDutyClient guardDuty(String accountId, Region region) {
        return StandInClients.client(GuardDutyClient.builder(), MOTO.proxyEndpoint(), region, StandInClients.assumedRole(MOTO, accountId));
    }

    @Test
    void aNewDetectorListsEveryFeatureAndAnUpdateChangesOnlyWhatItNames() {
        try (GuardDutyClient guardDuty = guardDuty(MEMBER_A, Region.EU_WEST_1)) {
            String detectorId = guardDuty.createDetector(r -> r.enable(true).features(f -> f.name("S3_DATA_EVENTS").status("ENABLED"))).detectorId();
            Map<String, String> created = statuses(guardDuty.getDetector(r -> r.detectorId(detectorId)));

            guardDuty.updateDetector(r -> r.detectorId(detectorId).features(f -> f.name("RUNTIME_MONITORING").status("ENABLED")
                    .additionalConfiguration(a -> a.name("EC2_AGENT_MANAGEMENT").status("ENABLED"))));
            GetDetectorResponse updated = guardDuty.getDetector(r -> r.detectorId(detectorId));

            assertThat(created).containsExactlyEntriesOf(orderedOf("CLOUD_TRAIL", "ENABLED", "DNS_LOGS", "ENABLED", "FLOW_LOGS", "ENABLED",
                    "S3_DATA_EVENTS", "ENABLED", "EKS_AUDIT_LOGS", "DISABLED", "EBS_MALWARE_PROTECTION", "DISABLED", "RDS_LOGIN_EVENTS", "DISABLED",
                    "EKS_RUNTIME_MONITORING", "DISABLED", "LAMBDA_NETWORK_LOGS", "DISABLED", "RUNTIME_MONITORING", "DISABLED"));
            assertThat(statuses(updated)).containsEntry("S3_DATA_EVENTS", "ENABLED").containsEntry("RUNTIME_MONITORING", "ENABLED");
            DetectorFeatureConfigurationResult runtime = updated.features().stream().filter(f -> f.nameAsString().equals("RUNTIME_MONITORING"))
                    .findFirst().orElseThrow();
            assertThat(runtime.additionalConfiguration()).extracting(a -> a.nameAsString() + "=" + a.statusAsString())
                    .containsExactly("EKS_ADDON_MANAGEMENT=DISABLED", "ECS_FARGATE_AGENT_MANAGEMENT=DISABLED", "EC2_AGENT_MANAGEMENT=ENABLED");
            assertThat(runtime.updatedAt()).isNotNull();
            assertThat(updated.statusAsString()).as("the rest stays moto's").isEqualTo("ENABLED");
        }
    }

    @Test
    void legacyDataSourcesTurnOnTheFeaturesTheyBecame() {
        try (GuardDutyClient guardDuty = guardDuty(MEMBER_A, Region.EU_WEST_1)) {
            String detectorId = guardDuty.createDetector(r -> r.enable(true).dataSources(d -> d.s3Logs(s -> s.enable(true))
                    .kubernetes(k -> k.auditLogs(a -> a.enable(true))))).detectorId();

            assertThat(statuses(guardDuty.getDetector(r -> r.detectorId(detectorId))))
                    .containsEntry("S3_DATA_EVENTS", "ENABLED").containsEntry("EKS_AUDIT_LOGS", "ENABLED").containsEntry("RDS_LOGIN_EVENTS", "DISABLED");
        }
    }

    @Test
    void eachAccountAndRegionKeepsItsOwnDetectorsAndADeletedOneIsGone() {
        try (GuardDutyClient memberA = guardDuty(MEMBER_A, Region.EU_WEST_1);
             GuardDutyClient memberAElsewhere = guardDuty(MEMBER_A, Region.US_EAST_1);
             GuardDutyClient memberB = guardDuty(MEMBER_B, Region.EU_WEST_1)) {
            String a = memberA.createDetector(r -> r.enable(true).features(f -> f.name("LAMBDA_NETWORK_LOGS").status("ENABLED"))).detectorId();
            String elsewhere = memberAElsewhere.createDetector(r -> r.enable(true)).detectorId();
            String b = memberB.createDetector(r -> r.enable(true).features(f -> f.name("RDS_LOGIN_EVENTS").status("ENABLED"))).detectorId();

            assertThat(statuses(memberA.getDetector(r -> r.detectorId(a)))).containsEntry("LAMBDA_NETWORK_LOGS", "ENABLED").containsEntry("RDS_LOGIN_EVENTS", "DISABLED");
            assertThat(statuses(memberAElsewhere.getDetector(r -> r.detectorId(elsewhere)))).containsEntry("LAMBDA_NETWORK_LOGS", "DISABLED");
            assertThat(statuses(memberB.getDetector(r -> r.detectorId(b)))).containsEntry("RDS_LOGIN_EVENTS", "ENABLED").containsEntry("LAMBDA_NETWORK_LOGS", "DISABLED");

            memberA.deleteDetector(r -> r.detectorId(a));

            assertThat(memberA.listDetectors().detectorIds()).isEmpty();
            assertThatThrownBy(() -> memberA.getDetector(r -> r.detectorId(a))).isInstanceOf(GuardDutyException.class);
        }
    }

    @Test
    void anUnknownFeatureOrStatusIsABadRequestAndChangesNothing() {
        try (GuardDutyClient guardDuty = guardDuty(MEMBER_A, Region.EU_WEST_1)) {
            String detectorId = guardDuty.createDetector(r -> r.enable(true)).detectorId();

            assertThatThrownBy(() -> guardDuty.updateDetector(r -> r.detectorId(detectorId).features(f -> f.name("TELEPATHY").status("ENABLED"))))
                    .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.getMessage()).contains("features.name TELEPATHY"));
            assertThatThrownBy(() -> guardDuty.updateDetector(r -> r.detectorId(detectorId).features(f -> f.name("S3_DATA_EVENTS").status("ON"))))
                    .isInstanceOf(BadRequestException.class);
            assertThat(statuses(guardDuty.getDetector(r -> r.detectorId(detectorId)))).containsEntry("S3_DATA_EVENTS", "DISABLED");
        }
    }

    @Test
    void aFaultRuleStillAppliesToGetDetector() {
        try (GuardDutyClient guardDuty = guardDuty(MEMBER_A, Region.EU_WEST_1)) {
            String detectorId = guardDuty.createDetector(r -> r.enable(true)).detectorId();
            MOTO.inject(FaultRule.restJsonError("GET /detector/" + detectorId, 403, "AccessDeniedException", "not authorized", 1));

            assertThatThrownBy(() -> guardDuty.getDetector(r -> r.detectorId(detectorId)))
                    .isInstanceOfSatisfying(GuardDutyException.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
    }

    private static Map<String, String> statuses(GetDetectorResponse detector) {
        return detector.features().stream().collect(Collectors.toMap(DetectorFeatureConfigurationResult::nameAsString,
                DetectorFeatureConfigurationResult::statusAsString, (x, y) -> y, java.util.LinkedHashMap::new));
    }

    private static Map<String, String> orderedOf(String... pairs) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
