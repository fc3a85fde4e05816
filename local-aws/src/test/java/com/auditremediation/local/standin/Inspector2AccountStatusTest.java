package com.auditremediation.local.standin;

import com.auditremediation.local.FaultRule;
import com.auditremediation.local.MotoExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.inspector2.Inspector2Client;
import software.amazon.awssdk.services.inspector2.model.AccountState;
import software.amazon.awssdk.services.inspector2.model.Status;
import software.amazon.awssdk.services.inspector2.model.ThrottlingException;

import static com.auditremediation.local.standin.StandInClients.MEMBER_A;
import static com.auditremediation.local.standin.StandInClients.MEMBER_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Inspector2AccountStatusTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private Inspector2Client inspector(String accountId) {
        return StandInClients.client(Inspector2Client.builder(), MOTO.proxyEndpoint(), Region.EU_WEST_1, StandInClients.assumedRole(MOTO, accountId));
    }

    @Test
    void anAccountWhereInspectorWasNeverEnabledReadsDisabledAndTheCallerIsTheDefault() {
        try (Inspector2Client inspector = inspector(MEMBER_A)) {

            List<AccountState> own = inspector.batchGetAccountStatus(r -> { }).accounts();
            List<AccountState> both = inspector.batchGetAccountStatus(r -> r.accountIds(MEMBER_A, MEMBER_B)).accounts();

            assertThat(own).extracting(AccountState::accountId).containsExactly(MEMBER_A);
            assertThat(own.get(0).state().status()).isEqualTo(Status.DISABLED);
            assertThat(own.get(0).resourceState().ec2().status()).isEqualTo(Status.DISABLED);
            assertThat(own.get(0).resourceState().lambdaCode().status()).isEqualTo(Status.DISABLED);
            assertThat(both).extracting(AccountState::accountId).containsExactly(MEMBER_A, MEMBER_B);
        }
    }

    @Test
    void statusesMotoHoldsAreRelayed() {
        try (Inspector2Client inspector = inspector(MEMBER_A)) {
            inspector.enable(r -> r.accountIds(MEMBER_A).resourceTypesWithStrings("EC2", "ECR"));

            AccountState state = inspector.batchGetAccountStatus(r -> { }).accounts().get(0);

            assertThat(state.resourceState().ec2().status()).isEqualTo(Status.ENABLED);
            assertThat(state.resourceState().ecr().status()).isEqualTo(Status.ENABLED);
            assertThat(state.resourceState().lambda().status()).isEqualTo(Status.DISABLED);
        }
    }

    @Test
    void faultRulesApplyBeforeTheStandIn() {
        MOTO.inject(FaultRule.restJsonError("POST /status/batch/get", 429, "ThrottlingException", "Rate exceeded", 1));
        try (Inspector2Client inspector = inspector(MEMBER_A)) {

            assertThatThrownBy(() -> inspector.batchGetAccountStatus(r -> { })).isInstanceOf(ThrottlingException.class);
            assertThat(inspector.batchGetAccountStatus(r -> { }).accounts()).hasSize(1);
        }
    }
}
