package com.auditremediation.local.standin;

import com.auditremediation.local.FaultProxy;
import com.auditremediation.local.LocalClients;
import com.auditremediation.local.MotoExtension;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.ssm.SsmClient;

import static com.auditremediation.local.standin.StandInClients.MEMBER_A;
import static com.auditremediation.local.standin.StandInClients.MEMBER_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StandInTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String PUBLIC_SHARING = "/ssm/documents/console/public-sharing-permission";

    @Test
    void theAdminEndpointListsEveryServiceAndItsOperations() {
        JsonNode services = StandInAdmin.at(MOTO.endpoint()).services().get("services");

        List<String> operations = new ArrayList<>();
        services.forEach(service -> service.get("operations").forEach(operation -> operations.add(operation.asText())));

        assertThat(services).hasSize(18);
        assertThat(operations).hasSize(50).contains("ssm:GetServiceSetting", "ec2:GetSnapshotBlockPublicAccessState",
                "access-analyzer:CreateAnalyzer", "securityhub:BatchUpdateFindings", "controltower:GetLandingZoneOperation",
                "iam:SimulatePrincipalPolicy", "account:GetRegionOptStatus", "organizations:ListAccounts", "sns:Subscribe");
    }

    @Test
    void everyOtherCallGoesOnToMoto() {
        try (SsmClient ssm = StandInClients.client(SsmClient.builder(), MOTO.proxyEndpoint(), Region.EU_WEST_1,
                StandInClients.assumedRole(MOTO, MEMBER_A))) {

            ssm.putParameter(r -> r.name("/stand-in/passes").value("to moto").type("String"));

            assertThat(ssm.getParameter(r -> r.name("/stand-in/passes")).parameter().value()).isEqualTo("to moto");
        }
    }

    @Test
    void theKeyOfAnIamUserIsTheUsersAccountAsMotoSaysSo() {
        AccessKey key;
        try (IamClient iam = StandInClients.client(IamClient.builder(), MOTO.proxyEndpoint(), Region.AWS_GLOBAL,
                StandInClients.assumedRole(MOTO, MEMBER_B))) {
            iam.createUser(r -> r.userName("operator"));
            key = iam.createAccessKey(r -> r.userName("operator")).accessKey();
        }
        try (SsmClient asUser = StandInClients.client(SsmClient.builder(), MOTO.proxyEndpoint(), Region.EU_WEST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())));
             SsmClient memberB = StandInClients.namingAccount(SsmClient.builder(), MOTO.proxyEndpoint(), Region.EU_WEST_1, MEMBER_B)) {

            asUser.updateServiceSetting(r -> r.settingId(PUBLIC_SHARING).settingValue("Disable"));

            assertThat(asUser.getServiceSetting(r -> r.settingId(PUBLIC_SHARING)).serviceSetting().lastModifiedUser())
                    .isEqualTo("arn:aws:iam::" + MEMBER_B + ":user/operator");
            assertThat(memberB.getServiceSetting(r -> r.settingId(PUBLIC_SHARING)).serviceSetting().settingValue()).isEqualTo("Disable");
        }
    }

    @Test
    void resettingMotoThroughItsEndpointForgetsTheStandInsStateToo() throws Exception {
        try (SsmClient ssm = LocalClients.build(SsmClient.builder(), MOTO.endpoint(), Region.EU_WEST_1)) {
            ssm.updateServiceSetting(r -> r.settingId(PUBLIC_SHARING).settingValue("Disable"));

            HttpResponse<String> reset = HttpClient.newHttpClient().send(HttpRequest.newBuilder(MOTO.endpoint().resolve("/moto-api/reset"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(reset.statusCode()).isEqualTo(200);
            assertThat(ssm.getServiceSetting(r -> r.settingId(PUBLIC_SHARING)).serviceSetting().settingValue()).isEqualTo("Enable");
        }
    }

    @Test
    void aBadAdminRequestIsRefusedNamingTheField() {
        StandInAdmin admin = StandInAdmin.at(MOTO.endpoint());

        assertThatThrownBy(() -> admin.manageByDeclarativePolicy(StandInAdmin.SNAPSHOT_BLOCK_PUBLIC_ACCESS, "1234", "eu-west-1", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("accountId");
        assertThatThrownBy(() -> admin.manageByDeclarativePolicy(StandInAdmin.SNAPSHOT_BLOCK_PUBLIC_ACCESS, MEMBER_A, "eu-west-1",
                Map.of("state", "block-everything"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("state");
        assertThatThrownBy(() -> admin.landingZone(MEMBER_A, null, "DRIFTED"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no landing zone");
        assertThatThrownBy(() -> admin.manageByDeclarativePolicy("no-such-service", MEMBER_A, "eu-west-1", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no stand-in service");
    }

    @Test
    void aStateSetThroughMotosEndpointIsTheStateSeenThroughTheFaultProxy() {
        URI direct = MOTO.endpoint();
        try (SsmClient arrange = LocalClients.build(SsmClient.builder(), direct, Region.EU_WEST_1);
             SsmClient proxied = LocalClients.build(SsmClient.builder(), MOTO.proxyEndpoint(), Region.EU_WEST_1)) {

            arrange.updateServiceSetting(r -> r.settingId(PUBLIC_SHARING).settingValue("Disable"));

            assertThat(proxied.getServiceSetting(r -> r.settingId(PUBLIC_SHARING)).serviceSetting().settingValue()).isEqualTo("Disable");
        }
    }

    @Test
    void aStandInInFrontOfAMotoGivenByItsAddressServesAsLocalEndpointAndLambdaHostForwardToSetItUp() {
        URI moto = MOTO.server().motoEndpoint();
        try (FaultProxy front = FaultProxy.start(moto, StandIn.create(moto));
             SsmClient ssm = LocalClients.build(SsmClient.builder(), front.endpoint(), Region.EU_WEST_1)) {

            ssm.updateServiceSetting(r -> r.settingId(PUBLIC_SHARING).settingValue("Disable"));
            ssm.putParameter(r -> r.name("/stand-in/passes").value("to moto").type("String"));

            assertThat(ssm.getServiceSetting(r -> r.settingId(PUBLIC_SHARING)).serviceSetting().settingValue()).isEqualTo("Disable");
            assertThat(ssm.getParameter(r -> r.name("/stand-in/passes")).parameter().value()).isEqualTo("to moto");
        }
    }
}
