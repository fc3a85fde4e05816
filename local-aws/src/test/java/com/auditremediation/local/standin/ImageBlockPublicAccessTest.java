package com.auditremediation.local.standin;

import com.auditremediation.local.FaultRule;
import com.auditremediation.local.MotoExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.ImageBlockPublicAccessEnabledState;
import software.amazon.awssdk.services.ec2.model.ManagedBy;

import static com.auditremediation.local.standin.StandInClients.MEMBER_A;
import static com.auditremediation.local.standin.StandInClients.MEMBER_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageBlockPublicAccessTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private Ec2Client ec2(String accountId, Region region) {
        return StandInClients.client(Ec2Client.builder(), MOTO.proxyEndpoint(), region, StandInClients.assumedRole(MOTO, accountId));
    }

    private static String state(Ec2Client ec2) {
        return ec2.getImageBlockPublicAccessState(r -> { }).imageBlockPublicAccessState();
    }

    @Test
    void blockedByDefaultAsInANewAccountThenDisabledAndEnabledAgainPerAccountAndRegion() {
        try (Ec2Client memberA = ec2(MEMBER_A, Region.EU_WEST_1);
             Ec2Client memberAElsewhere = ec2(MEMBER_A, Region.US_EAST_1);
             Ec2Client memberB = ec2(MEMBER_B, Region.EU_WEST_1)) {
            String initial = state(memberA);

            String disabled = memberA.disableImageBlockPublicAccess(r -> { }).imageBlockPublicAccessStateAsString();
            String afterDisable = state(memberA);
            String elsewhere = state(memberAElsewhere);
            String otherAccount = state(memberB);
            var enabled = memberA.enableImageBlockPublicAccess(r -> r.imageBlockPublicAccessState(ImageBlockPublicAccessEnabledState.BLOCK_NEW_SHARING));

            assertThat(initial).isEqualTo("block-new-sharing");
            assertThat(memberA.getImageBlockPublicAccessState(r -> { }).managedBy()).isEqualTo(ManagedBy.ACCOUNT);
            assertThat(disabled).isEqualTo("unblocked");
            assertThat(afterDisable).isEqualTo("unblocked");
            assertThat(elsewhere).isEqualTo("block-new-sharing");
            assertThat(otherAccount).isEqualTo("block-new-sharing");
            assertThat(enabled.imageBlockPublicAccessState()).isEqualTo(ImageBlockPublicAccessEnabledState.BLOCK_NEW_SHARING);
            assertThat(state(memberA)).isEqualTo("block-new-sharing");
        }
    }

    @Test
    void aMissingStateIsRefusedAndADeclarativePolicyRefusesChanges() {
        StandInAdmin.at(MOTO.endpoint()).manageByDeclarativePolicy(StandInAdmin.IMAGE_BLOCK_PUBLIC_ACCESS, MEMBER_A, "eu-west-1",
                Map.of("state", "unblocked", "exceptionMessage", "Ask the cloud team: https://wiki.example.com/ami-sharing"));
        try (Ec2Client ec2 = ec2(MEMBER_A, Region.EU_WEST_1)) {

            assertThatThrownBy(() -> ec2.enableImageBlockPublicAccess(r -> { }))
                    .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MissingParameter"));
            assertThat(ec2.getImageBlockPublicAccessState(r -> { }).managedBy()).isEqualTo(ManagedBy.DECLARATIVE_POLICY);
            assertThatThrownBy(() -> ec2.enableImageBlockPublicAccess(r -> r.imageBlockPublicAccessState(ImageBlockPublicAccessEnabledState.BLOCK_NEW_SHARING)))
                    .isInstanceOfSatisfying(Ec2Exception.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnauthorizedOperation");
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Ask the cloud team: https://wiki.example.com/ami-sharing");
                    });
            assertThat(state(ec2)).isEqualTo("unblocked");
        }
    }

    @Test
    void faultRulesApplyBeforeTheStandIn() {
        MOTO.inject(FaultRule.ec2Error("DisableImageBlockPublicAccess", 403, "UnauthorizedOperation",
                "You are not authorized to perform this operation.", FaultRule.UNLIMITED));
        try (Ec2Client ec2 = ec2(MEMBER_A, Region.EU_WEST_1)) {

            assertThatThrownBy(() -> ec2.disableImageBlockPublicAccess(r -> { }))
                    .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnauthorizedOperation"));
            assertThat(state(ec2)).isEqualTo("block-new-sharing");
        }
    }
}
