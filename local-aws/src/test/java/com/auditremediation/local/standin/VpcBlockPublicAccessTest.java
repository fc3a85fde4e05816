package com.auditremediation.local.standin;

import com.auditremediation.local.FaultRule;
import com.auditremediation.local.MotoExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.InternetGatewayBlockMode;
import software.amazon.awssdk.services.ec2.model.ManagedBy;
import software.amazon.awssdk.services.ec2.model.VpcBlockPublicAccessExclusionsAllowed;
import software.amazon.awssdk.services.ec2.model.VpcBlockPublicAccessOptions;
import software.amazon.awssdk.services.ec2.model.VpcBlockPublicAccessState;

import static com.auditremediation.local.standin.StandInClients.MEMBER_A;
import static com.auditremediation.local.standin.StandInClients.MEMBER_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VpcBlockPublicAccessTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private Ec2Client ec2(String accountId, Region region) {
        return StandInClients.client(Ec2Client.builder(), MOTO.proxyEndpoint(), region, StandInClients.assumedRole(MOTO, accountId));
    }

    private static VpcBlockPublicAccessOptions options(Ec2Client ec2) {
        return ec2.describeVpcBlockPublicAccessOptions(r -> { }).vpcBlockPublicAccessOptions();
    }

    @Test
    void offUntilModifiedThenInProgressAndCompleteOnTheNextRead() {
        try (Ec2Client ec2 = ec2(MEMBER_A, Region.EU_WEST_1)) {
            VpcBlockPublicAccessOptions initial = options(ec2);

            VpcBlockPublicAccessOptions modified = ec2.modifyVpcBlockPublicAccessOptions(
                    r -> r.internetGatewayBlockMode(InternetGatewayBlockMode.BLOCK_BIDIRECTIONAL)).vpcBlockPublicAccessOptions();
            VpcBlockPublicAccessOptions readBack = options(ec2);

            assertThat(initial.internetGatewayBlockMode()).isEqualTo(InternetGatewayBlockMode.OFF);
            assertThat(initial.state()).isEqualTo(VpcBlockPublicAccessState.DEFAULT_STATE);
            assertThat(initial.awsAccountId()).isEqualTo(MEMBER_A);
            assertThat(initial.awsRegion()).isEqualTo("eu-west-1");
            assertThat(initial.managedBy()).isEqualTo(ManagedBy.ACCOUNT);
            assertThat(initial.exclusionsAllowed()).isEqualTo(VpcBlockPublicAccessExclusionsAllowed.ALLOWED);
            assertThat(initial.lastUpdateTimestamp()).isNull();
            assertThat(modified.state()).isEqualTo(VpcBlockPublicAccessState.UPDATE_IN_PROGRESS);
            assertThat(modified.internetGatewayBlockMode()).isEqualTo(InternetGatewayBlockMode.BLOCK_BIDIRECTIONAL);
            assertThat(readBack.state()).isEqualTo(VpcBlockPublicAccessState.UPDATE_COMPLETE);
            assertThat(readBack.internetGatewayBlockMode()).isEqualTo(InternetGatewayBlockMode.BLOCK_BIDIRECTIONAL);
            assertThat(readBack.lastUpdateTimestamp()).isNotNull();
        }
    }

    @Test
    void eachAccountAndRegionKeepsItsOwnModeAndAnUnknownModeIsRefused() {
        try (Ec2Client memberA = ec2(MEMBER_A, Region.EU_WEST_1);
             Ec2Client memberAElsewhere = ec2(MEMBER_A, Region.US_EAST_1);
             Ec2Client memberB = ec2(MEMBER_B, Region.EU_WEST_1)) {

            memberA.modifyVpcBlockPublicAccessOptions(r -> r.internetGatewayBlockMode(InternetGatewayBlockMode.BLOCK_INGRESS));

            assertThat(options(memberA).internetGatewayBlockMode()).isEqualTo(InternetGatewayBlockMode.BLOCK_INGRESS);
            assertThat(options(memberAElsewhere).internetGatewayBlockMode()).isEqualTo(InternetGatewayBlockMode.OFF);
            assertThat(options(memberB).internetGatewayBlockMode()).isEqualTo(InternetGatewayBlockMode.OFF);
            assertThat(options(memberB).awsAccountId()).isEqualTo(MEMBER_B);
            assertThatThrownBy(() -> memberB.modifyVpcBlockPublicAccessOptions(r -> r.internetGatewayBlockMode("block-everything")))
                    .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
        }
    }

    @Test
    void optionsManagedByADeclarativePolicyNameItAndRefuseChanges() {
        StandInAdmin.at(MOTO.endpoint()).manageByDeclarativePolicy(StandInAdmin.VPC_BLOCK_PUBLIC_ACCESS, MEMBER_A, "eu-west-1",
                Map.of("internetGatewayBlockMode", "block-bidirectional", "exclusionsAllowed", "not-allowed"));
        try (Ec2Client ec2 = ec2(MEMBER_A, Region.EU_WEST_1)) {

            VpcBlockPublicAccessOptions managed = options(ec2);

            assertThat(managed.managedBy()).isEqualTo(ManagedBy.DECLARATIVE_POLICY);
            assertThat(managed.internetGatewayBlockMode()).isEqualTo(InternetGatewayBlockMode.BLOCK_BIDIRECTIONAL);
            assertThat(managed.exclusionsAllowed()).isEqualTo(VpcBlockPublicAccessExclusionsAllowed.NOT_ALLOWED);
            assertThatThrownBy(() -> ec2.modifyVpcBlockPublicAccessOptions(r -> r.internetGatewayBlockMode(InternetGatewayBlockMode.OFF)))
                    .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnauthorizedOperation"));
        }
    }

    @Test
    void faultRulesApplyBeforeTheStandIn() {
        MOTO.inject(FaultRule.ec2Error("DescribeVpcBlockPublicAccessOptions", 403, "UnauthorizedOperation",
                "You are not authorized to perform this operation.", 1));
        try (Ec2Client ec2 = ec2(MEMBER_A, Region.EU_WEST_1)) {

            assertThatThrownBy(() -> options(ec2))
                    .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
            assertThat(options(ec2).internetGatewayBlockMode()).isEqualTo(InternetGatewayBlockMode.OFF);
        }
    }
}
