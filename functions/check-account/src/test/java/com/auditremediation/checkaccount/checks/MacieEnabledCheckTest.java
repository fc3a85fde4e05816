package com.auditremediation.checkaccount.checks;

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
import com.auditremediation.local.FaultRule;
import com.auditremediation.local.MotoExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.macie2.Macie2Client;
import software.amazon.awssdk.services.macie2.model.AccessDeniedException;
import software.amazon.awssdk.services.macie2.model.MacieStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Amazon Macie from moto 5.2.1 ({@code EnableMacie}, {@code UpdateMacieSession}, {@code DisableMacie}) with the
 * stand-in's correction of {@code GetMacieSession} at moto's endpoint (off until enabled, and AWS's
 * {@code AccessDeniedException} "Macie is not enabled." then, where moto starts every account enabled).
 */
class MacieEnabledCheckTest implements CheckArrangement {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String ACCOUNT_ID = "111122223333";
    private static final String CHECK_ID = "macie-enabled";
    private static final List<String> CHECK = List.of(CHECK_ID);
    private static final String END = "; its delegated administrator enables it for members";

    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID);

    @Override
    public void arrangeCompliant(CheckFixtures.Fixture fixture) {
        fixture.regions().forEach(region -> macie(fixture.account(), region).enableMacie(r -> r.status(MacieStatus.ENABLED)));
    }

    /** Macie paused in the first region, never enabled in the others. */
    @Override
    public void arrangeNonCompliant(CheckFixtures.Fixture fixture) {
        macie(fixture.account(), fixture.regions().get(0)).enableMacie(r -> r.status(MacieStatus.PAUSED));
    }

    @Override
    public Object state(CheckFixtures.Fixture fixture) {
        return fixture.regions().stream().map(region -> {
            try {
                return region.id() + "=" + macie(fixture.account(), region).getMacieSession(r -> { }).statusAsString();
            } catch (AccessDeniedException e) {
                return region.id() + "=not enabled";
            }
        }).toList();
    }

    @Test
    void enabledIsCompliantPausedOrNeverEnabledIsNot() {
        macie(harness.account(), Region.EU_WEST_1).enableMacie(r -> r.status(MacieStatus.ENABLED));
        macie(harness.account(), Region.AP_SOUTHEAST_2).enableMacie(r -> r.status(MacieStatus.PAUSED));

        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, CHECK,
                List.of(Region.EU_WEST_1, Region.US_EAST_1, Region.AP_SOUTHEAST_2)));

        assertThat(result.status()).isEqualTo(AccountStatus.SUCCEEDED);
        assertThat(result.checks()).containsExactly(
                CheckResult.compliant(CHECK_ID, "eu-west-1"),
                CheckResult.nonCompliant(CHECK_ID, "us-east-1", "Amazon Macie is not enabled" + END, Map.of("MacieStatus", "not enabled")),
                CheckResult.nonCompliant(CHECK_ID, "ap-southeast-2", "Amazon Macie is PAUSED" + END, Map.of("MacieStatus", "PAUSED")));
        assertThat(harness.actions()).containsOnly("macie2:GetMacieSession");
    }

    @Test
    void remediateModeEnablesNothingAndSaysWhoActs() {
        CheckResult result = CheckerHarness.only(harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, CHECK, List.of())));

        assertThat(result).isEqualTo(CheckResult.nonCompliant(CHECK_ID, "eu-west-1", "not fixed (audit only): Amazon Macie is not enabled"
                + END, Map.of("MacieStatus", "not enabled")));
        assertThat(state(new CheckFixtures.Fixture(harness.account(), MOTO, List.of(Region.EU_WEST_1)))).isEqualTo(List.of("eu-west-1=not enabled"));
        assertThat(CheckRegistry.create().get(CHECK_ID).descriptor().recommendation()).contains("delegated administrator", "account's owner");
    }

    @Test
    void aRoleWithoutThePermissionIsAnErrorNotAnAccountWithoutMacie() {
        // As Macie answers a role without macie2:GetMacieSession: the same error code as "not enabled", another message.
        MOTO.inject(FaultRule.restJsonError("GET /macie", 403, "AccessDeniedException",
                "User is not authorized to perform: macie2:GetMacieSession", 1));

        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, CHECK, List.of()));

        assertThat(result.status()).isEqualTo(AccountStatus.FAILED);
        assertThat(result.checks()).singleElement().satisfies(check -> {
            assertThat(check.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(check.detail()).startsWith("could not read the setting: Macie2 AccessDeniedException");
        });
    }

    private static Macie2Client macie(MemberAccount account, Region region) {
        return account.client(Macie2Client.builder(), region);
    }
}
