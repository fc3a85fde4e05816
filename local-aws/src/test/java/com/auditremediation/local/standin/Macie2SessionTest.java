package com.auditremediation.local.standin;

import com.auditremediation.local.MotoExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.macie2.Macie2Client;
import software.amazon.awssdk.services.macie2.model.AccessDeniedException;
import software.amazon.awssdk.services.macie2.model.MacieStatus;

import static com.auditremediation.local.standin.StandInClients.MEMBER_A;
import static com.auditremediation.local.standin.StandInClients.MEMBER_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Macie2SessionTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private Macie2Client macie(String accountId, Region region) {
        return StandInClients.client(Macie2Client.builder(), MOTO.proxyEndpoint(), region, StandInClients.assumedRole(MOTO, accountId));
    }

    @Test
    void macieIsOffUntilEnabledAndOffAgainOnceDisabled() {
        try (Macie2Client macie = macie(MEMBER_A, Region.EU_WEST_1)) {
            assertThatThrownBy(() -> macie.getMacieSession(r -> { }))
                    .isInstanceOfSatisfying(AccessDeniedException.class, e -> assertThat(e.getMessage()).contains("Macie is not enabled."));

            macie.enableMacie(r -> { });
            MacieStatus enabled = macie.getMacieSession(r -> { }).status();
            var session = macie.getMacieSession(r -> { });
            macie.disableMacie(r -> { });

            assertThat(enabled).isEqualTo(MacieStatus.ENABLED);
            assertThat(session.createdAt()).isNotNull();
            assertThat(session.serviceRole()).contains(":" + MEMBER_A + ":");
            assertThatThrownBy(() -> macie.getMacieSession(r -> { })).isInstanceOf(AccessDeniedException.class);
        }
    }

    @Test
    void eachAccountAndRegionHasItsOwnSession() {
        try (Macie2Client memberA = macie(MEMBER_A, Region.EU_WEST_1);
             Macie2Client memberAElsewhere = macie(MEMBER_A, Region.US_EAST_1);
             Macie2Client memberB = macie(MEMBER_B, Region.EU_WEST_1)) {

            memberA.enableMacie(r -> { });

            assertThat(memberA.getMacieSession(r -> { }).status()).isEqualTo(MacieStatus.ENABLED);
            assertThatThrownBy(() -> memberAElsewhere.getMacieSession(r -> { })).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> memberB.getMacieSession(r -> { })).isInstanceOf(AccessDeniedException.class);
        }
    }
}
