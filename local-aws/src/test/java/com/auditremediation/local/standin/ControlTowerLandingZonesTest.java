package com.auditremediation.local.standin;

import com.auditremediation.local.FaultRule;
import com.auditremediation.local.LocalClients;
import com.auditremediation.local.MotoExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.controltower.ControlTowerClient;
import software.amazon.awssdk.services.controltower.model.AccessDeniedException;
import software.amazon.awssdk.services.controltower.model.ConflictException;
import software.amazon.awssdk.services.controltower.model.LandingZoneDetail;
import software.amazon.awssdk.services.controltower.model.LandingZoneDriftStatus;
import software.amazon.awssdk.services.controltower.model.LandingZoneOperationDetail;
import software.amazon.awssdk.services.controltower.model.LandingZoneOperationStatus;
import software.amazon.awssdk.services.controltower.model.LandingZoneOperationType;
import software.amazon.awssdk.services.controltower.model.LandingZoneStatus;
import software.amazon.awssdk.services.controltower.model.ResourceNotFoundException;
import software.amazon.awssdk.services.controltower.model.ThrottlingException;
import software.amazon.awssdk.services.controltower.model.ValidationException;
import software.amazon.awssdk.services.organizations.OrganizationsClient;

import static com.auditremediation.local.standin.StandInClients.MEMBER_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControlTowerLandingZonesTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String MANAGEMENT = LocalClients.MOTO_DEFAULT_ACCOUNT;

    /** An organisation whose management account is moto's default account; answers its member (audit) account. */
    private static String organisation() {
        try (OrganizationsClient organizations = LocalClients.build(OrganizationsClient.builder(), MOTO.endpoint(), Region.US_EAST_1)) {
            organizations.createOrganization(r -> r.featureSet("ALL"));
            return organizations.createAccount(r -> r.accountName("audit").email("audit@example.com")).createAccountStatus().accountId();
        }
    }

    private static ControlTowerClient management() {
        return LocalClients.build(ControlTowerClient.builder(), MOTO.proxyEndpoint(), Region.EU_WEST_1);
    }

    private static Document manifest33(String auditAccount) {
        return Document.fromMap(Map.of(
                "governedRegions", Document.listBuilder().addString("eu-west-1").build(),
                "organizationStructure", Document.fromMap(Map.of("security", Document.fromMap(Map.of("name", Document.fromString("Security"))))),
                "centralizedLogging", Document.fromMap(Map.of("accountId", Document.fromString("444455556666"), "enabled", Document.fromBoolean(true))),
                "securityRoles", Document.fromMap(Map.of("accountId", Document.fromString(auditAccount))),
                "accessManagement", Document.fromMap(Map.of("enabled", Document.fromBoolean(true)))));
    }

    private static Document manifest40WithoutSecurityRoles() {
        return Document.fromMap(Map.of(
                "governedRegions", Document.listBuilder().addString("eu-west-1").build(),
                "securityRoles", Document.fromMap(Map.of("enabled", Document.fromBoolean(false))),
                "config", Document.fromMap(Map.of("enabled", Document.fromBoolean(false))),
                "accessManagement", Document.fromMap(Map.of("enabled", Document.fromBoolean(false)))));
    }

    @Test
    void aLandingZone33IsCreatedItsOperationSucceedsAndItIsListedAndRead() {
        String audit = organisation();
        try (ControlTowerClient controlTower = management()) {
            int before = controlTower.listLandingZones(r -> { }).landingZones().size();

            var created = controlTower.createLandingZone(r -> r.version("3.3").manifest(manifest33(audit)));
            LandingZoneOperationDetail operation = controlTower.getLandingZoneOperation(r -> r.operationIdentifier(created.operationIdentifier()))
                    .operationDetails();
            String listed = controlTower.listLandingZones(r -> { }).landingZones().get(0).arn();
            LandingZoneDetail landingZone = controlTower.getLandingZone(r -> r.landingZoneIdentifier(listed)).landingZone();

            assertThat(before).isZero();
            assertThat(created.arn()).matches("arn:aws:controltower:eu-west-1:" + MANAGEMENT + ":landingzone/[A-Z0-9]{16}");
            assertThat(operation.operationType()).isEqualTo(LandingZoneOperationType.CREATE);
            assertThat(operation.status()).isEqualTo(LandingZoneOperationStatus.SUCCEEDED);
            assertThat(operation.startTime()).isNotNull();
            assertThat(listed).isEqualTo(created.arn());
            assertThat(landingZone.version()).isEqualTo("3.3");
            assertThat(landingZone.status()).isEqualTo(LandingZoneStatus.ACTIVE);
            assertThat(landingZone.latestAvailableVersion()).isEqualTo("4.0");
            assertThat(landingZone.driftStatus().status()).isEqualTo(LandingZoneDriftStatus.IN_SYNC);
            assertThat(landingZone.manifest().asMap().get("securityRoles").asMap().get("accountId").asString()).isEqualTo(audit);
        }
    }

    @Test
    void aLandingZone40WithoutSecurityRolesKeepsItsManifestAndItsDriftCanBeSet() {
        organisation();
        try (ControlTowerClient controlTower = management()) {

            String arn = controlTower.createLandingZone(r -> r.version("4.0").manifest(manifest40WithoutSecurityRoles())).arn();
            StandInAdmin.at(MOTO.endpoint()).landingZone(MANAGEMENT, null, "DRIFTED");
            LandingZoneDetail landingZone = controlTower.getLandingZone(r -> r.landingZoneIdentifier(arn)).landingZone();

            assertThat(landingZone.version()).isEqualTo("4.0");
            assertThat(landingZone.manifest().asMap().get("securityRoles").asMap().get("enabled").asBoolean()).isFalse();
            assertThat(landingZone.manifest().asMap().get("config").asMap().get("enabled").asBoolean()).isFalse();
            assertThat(landingZone.driftStatus().status()).isEqualTo(LandingZoneDriftStatus.DRIFTED);
            assertThatThrownBy(() -> controlTower.createLandingZone(r -> r.version("4.0"))).isInstanceOf(ConflictException.class);
        }
    }

    @Test
    void badVersionsAndManifestsAreRefused() {
        organisation();
        try (ControlTowerClient controlTower = management()) {
            Document enabledWithoutAccount = Document.fromMap(Map.of("securityRoles", Document.fromMap(Map.of("enabled", Document.fromBoolean(true)))));
            Document withoutEnabledFlag = Document.fromMap(Map.of("config", Document.fromMap(Map.of("accountId", Document.fromString("444455556666")))));

            assertThatThrownBy(() -> controlTower.createLandingZone(r -> r.version("2.9").manifest(manifest40WithoutSecurityRoles())))
                    .isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> controlTower.createLandingZone(r -> r.version("3.3"))).isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> controlTower.createLandingZone(r -> r.version("4.0").manifest(enabledWithoutAccount)))
                    .isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> controlTower.createLandingZone(r -> r.version("4.0").manifest(withoutEnabledFlag)))
                    .isInstanceOf(ValidationException.class);
            assertThat(controlTower.createLandingZone(r -> r.version("4.0")).arn()).isNotBlank();
            assertThatThrownBy(() -> controlTower.getLandingZone(r -> r.landingZoneIdentifier("arn:aws:controltower:eu-west-1:"
                    + MANAGEMENT + ":landingzone/NOSUCHLANDINGZONE"))).isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> controlTower.getLandingZoneOperation(r -> r.operationIdentifier("00000000-0000-0000-0000-000000000000")))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void onlyAManagementAccountReachesControlTowerAndEachHasItsOwnLandingZone() {
        String audit = organisation();
        try (ControlTowerClient management = management();
             ControlTowerClient auditAccount = StandInClients.client(ControlTowerClient.builder(), MOTO.proxyEndpoint(), Region.EU_WEST_1,
                     StandInClients.assumedRole(MOTO, audit));
             ControlTowerClient otherManagement = StandInClients.client(ControlTowerClient.builder(), MOTO.proxyEndpoint(), Region.EU_WEST_1,
                     StandInClients.assumedRole(MOTO, MEMBER_A));
             OrganizationsClient otherOrganisation = StandInClients.client(OrganizationsClient.builder(), MOTO.proxyEndpoint(), Region.US_EAST_1,
                     StandInClients.assumedRole(MOTO, MEMBER_A))) {
            management.createLandingZone(r -> r.version("3.3").manifest(manifest33(audit)));

            assertThatThrownBy(() -> auditAccount.listLandingZones(r -> { })).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> otherManagement.listLandingZones(r -> { })).isInstanceOf(AccessDeniedException.class);
            otherOrganisation.createOrganization(r -> r.featureSet("ALL"));
            assertThat(otherManagement.listLandingZones(r -> { }).landingZones()).isEmpty();
            otherManagement.createLandingZone(r -> r.version("4.0").manifest(manifest40WithoutSecurityRoles()));
            assertThat(otherManagement.listLandingZones(r -> { }).landingZones().get(0).arn()).contains(":" + MEMBER_A + ":");
            assertThat(management.getLandingZone(r -> r.landingZoneIdentifier(
                    management.listLandingZones(l -> { }).landingZones().get(0).arn())).landingZone().version()).isEqualTo("3.3");
        }
    }

    @Test
    void faultRulesApplyBeforeTheStandIn() {
        organisation();
        MOTO.inject(FaultRule.restJsonError("POST /list-landingzones", 429, "ThrottlingException", "Rate exceeded", 1));
        try (ControlTowerClient controlTower = StandInClients.client(ControlTowerClient.builder(), MOTO.proxyEndpoint(), Region.EU_WEST_1,
                LocalClients.DUMMY_CREDENTIALS)) {

            assertThatThrownBy(() -> controlTower.listLandingZones(r -> { })).isInstanceOf(ThrottlingException.class);
            assertThat(controlTower.listLandingZones(r -> { }).landingZones()).isEmpty();
        }
    }
}
