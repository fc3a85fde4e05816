package com.auditremediation.local.standin;

import com.auditremediation.local.FaultRule;
import com.auditremediation.local.MotoExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.GetSnapshotBlockPublicAccessStateResponse;
import software.amazon.awssdk.services.ec2.model.ManagedBy;
import software.amazon.awssdk.services.ec2.model.SnapshotBlockPublicAccessState;

import static com.auditremediation.local.standin.StandInClients.MEMBER_A;
import static com.auditremediation.local.standin.StandInClients.MEMBER_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotBlockPublicAccessTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private Ec2Client ec2(String accountId, Region region) {
        return StandInClients.client(Ec2Client.builder(), MOTO.proxyEndpoint(), region, StandInClients.assumedRole(MOTO, accountId));
    }

    @Test
    void unblockedUntilEnabledThenReadBackAndDisabledAgain() {
        try (Ec2Client ec2 = ec2(MEMBER_A, Region.EU_WEST_1)) {
            GetSnapshotBlockPublicAccessStateResponse initial = ec2.getSnapshotBlockPublicAccessState(r -> { });

            var enabled = ec2.enableSnapshotBlockPublicAccess(r -> r.state(SnapshotBlockPublicAccessState.BLOCK_ALL_SHARING));
            var readBack = ec2.getSnapshotBlockPublicAccessState(r -> { });
            var disabled = ec2.disableSnapshotBlockPublicAccess(r -> { });

            assertThat(initial.state()).isEqualTo(SnapshotBlockPublicAccessState.UNBLOCKED);
            assertThat(initial.managedBy()).isEqualTo(ManagedBy.ACCOUNT);
            assertThat(enabled.state()).isEqualTo(SnapshotBlockPublicAccessState.BLOCK_ALL_SHARING);
            assertThat(readBack.state()).isEqualTo(SnapshotBlockPublicAccessState.BLOCK_ALL_SHARING);
            assertThat(disabled.state()).isEqualTo(SnapshotBlockPublicAccessState.UNBLOCKED);
            assertThat(ec2.getSnapshotBlockPublicAccessState(r -> { }).state()).isEqualTo(SnapshotBlockPublicAccessState.UNBLOCKED);
        }
    }

    @Test
    void eachAccountAndRegionKeepsItsOwnState() {
        try (Ec2Client memberA = ec2(MEMBER_A, Region.EU_WEST_1);
             Ec2Client memberAElsewhere = ec2(MEMBER_A, Region.US_EAST_1);
             Ec2Client memberB = ec2(MEMBER_B, Region.EU_WEST_1)) {

            memberA.enableSnapshotBlockPublicAccess(r -> r.state(SnapshotBlockPublicAccessState.BLOCK_NEW_SHARING));

            assertThat(memberA.getSnapshotBlockPublicAccessState(r -> { }).state()).isEqualTo(SnapshotBlockPublicAccessState.BLOCK_NEW_SHARING);
            assertThat(memberAElsewhere.getSnapshotBlockPublicAccessState(r -> { }).state()).isEqualTo(SnapshotBlockPublicAccessState.UNBLOCKED);
            assertThat(memberB.getSnapshotBlockPublicAccessState(r -> { }).state()).isEqualTo(SnapshotBlockPublicAccessState.UNBLOCKED);
        }
    }

    @Test
    void invalidAndMissingStatesAndDryRunsAnswerAsEc2Does() {
        try (Ec2Client ec2 = ec2(MEMBER_A, Region.EU_WEST_1)) {

            assertThatThrownBy(() -> ec2.enableSnapshotBlockPublicAccess(r -> r.state(SnapshotBlockPublicAccessState.UNBLOCKED)))
                    .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
            assertThatThrownBy(() -> ec2.enableSnapshotBlockPublicAccess(r -> { }))
                    .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MissingParameter"));
            assertThatThrownBy(() -> ec2.enableSnapshotBlockPublicAccess(r -> r.state(SnapshotBlockPublicAccessState.BLOCK_ALL_SHARING).dryRun(true)))
                    .isInstanceOfSatisfying(Ec2Exception.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DryRunOperation");
                        assertThat(e.statusCode()).isEqualTo(412);
                    });
            assertThat(ec2.getSnapshotBlockPublicAccessState(r -> { }).state()).isEqualTo(SnapshotBlockPublicAccessState.UNBLOCKED);
        }
    }

    @Test
    void aStateManagedByADeclarativePolicyReadsSoAndRefusesTheAccountsChanges() {
        StandInAdmin admin = StandInAdmin.at(MOTO.endpoint());
        admin.manageByDeclarativePolicy(StandInAdmin.SNAPSHOT_BLOCK_PUBLIC_ACCESS, MEMBER_A, "eu-west-1", Map.of("state", "block-all-sharing"));
        try (Ec2Client ec2 = ec2(MEMBER_A, Region.EU_WEST_1)) {

            var managed = ec2.getSnapshotBlockPublicAccessState(r -> { });

            assertThat(managed.state()).isEqualTo(SnapshotBlockPublicAccessState.BLOCK_ALL_SHARING);
            assertThat(managed.managedBy()).isEqualTo(ManagedBy.DECLARATIVE_POLICY);
            assertThatThrownBy(() -> ec2.disableSnapshotBlockPublicAccess(r -> { }))
                    .isInstanceOfSatisfying(Ec2Exception.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnauthorizedOperation");
                        assertThat(e.awsErrorDetails().errorMessage()).contains("organizational policy");
                    });
            admin.manageByAccount(StandInAdmin.SNAPSHOT_BLOCK_PUBLIC_ACCESS, MEMBER_A, "eu-west-1", Map.of());
            assertThat(ec2.disableSnapshotBlockPublicAccess(r -> { }).state()).isEqualTo(SnapshotBlockPublicAccessState.UNBLOCKED);
            assertThat(ec2.getSnapshotBlockPublicAccessState(r -> { }).managedBy()).isEqualTo(ManagedBy.ACCOUNT);
        }
    }

    @Test
    void faultRulesApplyBeforeTheStandIn() {
        FaultRule throttled = MOTO.inject(FaultRule.ec2Error("GetSnapshotBlockPublicAccessState", 503, "RequestLimitExceeded",
                "Request limit exceeded.", 1));
        try (Ec2Client ec2 = ec2(MEMBER_A, Region.EU_WEST_1)) {

            assertThatThrownBy(() -> ec2.getSnapshotBlockPublicAccessState(r -> { }))
                    .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("RequestLimitExceeded"));
            assertThat(ec2.getSnapshotBlockPublicAccessState(r -> { }).state()).isEqualTo(SnapshotBlockPublicAccessState.UNBLOCKED);
            assertThat(throttled.hits()).isEqualTo(1);
        }
    }
}
