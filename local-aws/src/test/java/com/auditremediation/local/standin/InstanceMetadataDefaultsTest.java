package com.auditremediation.local.standin;

import com.auditremediation.local.FaultRule;
import com.auditremediation.local.MotoExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DefaultInstanceMetadataEndpointState;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.InstanceMetadataDefaultsResponse;
import software.amazon.awssdk.services.ec2.model.InstanceMetadataEndpointState;
import software.amazon.awssdk.services.ec2.model.ManagedBy;
import software.amazon.awssdk.services.ec2.model.MetadataDefaultHttpTokensState;

import static com.auditremediation.local.standin.StandInClients.MEMBER_A;
import static com.auditremediation.local.standin.StandInClients.MEMBER_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstanceMetadataDefaultsTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private Ec2Client ec2(String accountId, Region region) {
        return StandInClients.client(Ec2Client.builder(), MOTO.proxyEndpoint(), region, StandInClients.assumedRole(MOTO, accountId));
    }

    private static InstanceMetadataDefaultsResponse defaults(Ec2Client ec2) {
        return ec2.getInstanceMetadataDefaults(r -> { }).accountLevel();
    }

    @Test
    void noPreferenceUntilSetThenReadBackAndClearedWithNoPreference() {
        try (Ec2Client ec2 = ec2(MEMBER_A, Region.EU_WEST_1)) {
            InstanceMetadataDefaultsResponse initial = defaults(ec2);

            boolean modified = ec2.modifyInstanceMetadataDefaults(r -> r.httpTokens(MetadataDefaultHttpTokensState.REQUIRED)
                    .httpPutResponseHopLimit(2).httpEndpoint(DefaultInstanceMetadataEndpointState.ENABLED)).returnValue();
            InstanceMetadataDefaultsResponse set = defaults(ec2);
            ec2.modifyInstanceMetadataDefaults(r -> r.httpTokens(MetadataDefaultHttpTokensState.NO_PREFERENCE).httpPutResponseHopLimit(-1));
            InstanceMetadataDefaultsResponse cleared = defaults(ec2);

            assertThat(initial.httpTokens()).isNull();
            assertThat(initial.httpPutResponseHopLimit()).isNull();
            assertThat(initial.managedBy()).isEqualTo(ManagedBy.ACCOUNT);
            assertThat(modified).isTrue();
            assertThat(set.httpTokens()).isEqualTo(HttpTokensState.REQUIRED);
            assertThat(set.httpPutResponseHopLimit()).isEqualTo(2);
            assertThat(set.httpEndpoint()).isEqualTo(InstanceMetadataEndpointState.ENABLED);
            assertThat(cleared.httpTokens()).isNull();
            assertThat(cleared.httpPutResponseHopLimit()).isNull();
            assertThat(cleared.httpEndpoint()).isEqualTo(InstanceMetadataEndpointState.ENABLED);
        }
    }

    @Test
    void eachAccountAndRegionKeepsItsOwnDefaultsAndBadValuesAreRefused() {
        try (Ec2Client memberA = ec2(MEMBER_A, Region.EU_WEST_1);
             Ec2Client memberAElsewhere = ec2(MEMBER_A, Region.US_EAST_1);
             Ec2Client memberB = ec2(MEMBER_B, Region.EU_WEST_1)) {

            memberA.modifyInstanceMetadataDefaults(r -> r.httpTokens(MetadataDefaultHttpTokensState.REQUIRED));

            assertThat(defaults(memberA).httpTokens()).isEqualTo(HttpTokensState.REQUIRED);
            assertThat(defaults(memberAElsewhere).httpTokens()).isNull();
            assertThat(defaults(memberB).httpTokens()).isNull();
            assertThatThrownBy(() -> memberB.modifyInstanceMetadataDefaults(r -> r.httpPutResponseHopLimit(65)))
                    .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
            assertThatThrownBy(() -> memberB.modifyInstanceMetadataDefaults(r -> r.httpTokens("mandatory")))
                    .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
        }
    }

    @Test
    void defaultsManagedByADeclarativePolicyNameItAndRefuseChanges() {
        StandInAdmin.at(MOTO.endpoint()).manageByDeclarativePolicy(StandInAdmin.INSTANCE_METADATA_DEFAULTS, MEMBER_B, "eu-west-1",
                Map.of("httpTokens", "required", "httpPutResponseHopLimit", 1));
        try (Ec2Client ec2 = ec2(MEMBER_B, Region.EU_WEST_1)) {

            InstanceMetadataDefaultsResponse managed = defaults(ec2);

            assertThat(managed.managedBy()).isEqualTo(ManagedBy.DECLARATIVE_POLICY);
            assertThat(managed.httpTokens()).isEqualTo(HttpTokensState.REQUIRED);
            assertThat(managed.httpPutResponseHopLimit()).isEqualTo(1);
            assertThatThrownBy(() -> ec2.modifyInstanceMetadataDefaults(r -> r.httpTokens(MetadataDefaultHttpTokensState.OPTIONAL)))
                    .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnauthorizedOperation"));
        }
    }

    @Test
    void faultRulesApplyBeforeTheStandIn() {
        FaultRule throttled = MOTO.inject(FaultRule.ec2Error("ModifyInstanceMetadataDefaults", 503, "RequestLimitExceeded", "Request limit exceeded.", 1));
        try (Ec2Client ec2 = ec2(MEMBER_A, Region.EU_WEST_1)) {

            assertThatThrownBy(() -> ec2.modifyInstanceMetadataDefaults(r -> r.httpTokens(MetadataDefaultHttpTokensState.REQUIRED)))
                    .isInstanceOf(Ec2Exception.class);
            assertThat(defaults(ec2).httpTokens()).isNull();
            assertThat(throttled.hits()).isEqualTo(1);
        }
    }
}
