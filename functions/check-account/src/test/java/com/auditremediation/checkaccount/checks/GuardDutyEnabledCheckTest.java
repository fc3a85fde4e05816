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
import software.amazon.awssdk.services.guardduty.GuardDutyClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** GuardDuty detectors in moto: like a new account, none until one is created. */
class GuardDutyEnabledCheckTest implements CheckArrangement {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String ACCOUNT_ID = "111122223333";
    private static final String CHECK_ID = "guardduty-enabled";
    private static final List<String> CHECK = List.of(CHECK_ID);
    private static final List<Region> REGIONS = List.of(Region.EU_WEST_1, Region.US_EAST_1, Region.AP_SOUTHEAST_2);

    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID);

    @Override
    public void arrangeCompliant(CheckFixtures.Fixture fixture) {
        fixture.regions().forEach(region -> guardDuty(fixture.account(), region).createDetector(r -> r.enable(true)));
    }

    /** A suspended detector in the first region, none in the others. */
    @Override
    public void arrangeNonCompliant(CheckFixtures.Fixture fixture) {
        guardDuty(fixture.account(), fixture.regions().get(0)).createDetector(r -> r.enable(false));
    }

    @Override
    public Object state(CheckFixtures.Fixture fixture) {
        return fixture.regions().stream().map(region -> {
            GuardDutyClient guardDuty = guardDuty(fixture.account(), region);
            return region.id() + "=" + guardDuty.listDetectors().detectorIds().stream()
                    .map(id -> id + ":" + guardDuty.getDetector(r -> r.detectorId(id)).statusAsString()).toList();
        }).toList();
    }

    @Test
    void anEnabledDetectorIsCompliantAMissingOrSuspendedOneIsNot() {
        guardDuty(harness.account(), Region.EU_WEST_1).createDetector(r -> r.enable(true));
        String suspended = guardDuty(harness.account(), Region.AP_SOUTHEAST_2).createDetector(r -> r.enable(false)).detectorId();

        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, CHECK, REGIONS));

        assertThat(result.status()).isEqualTo(AccountStatus.SUCCEEDED);
        assertThat(result.checks()).containsExactly(
                CheckResult.compliant(CHECK_ID, "eu-west-1"),
                CheckResult.nonCompliant(CHECK_ID, "us-east-1", "no GuardDuty detector;"
                        + " enable it from GuardDuty's delegated administrator", Map.of("DetectorId", "none")),
                CheckResult.nonCompliant(CHECK_ID, "ap-southeast-2", "GuardDuty detector suspended;"
                        + " enable it from GuardDuty's delegated administrator", Map.of("DetectorId", suspended, "Status", "DISABLED")));
        assertThat(harness.actions()).containsOnly("guardduty:ListDetectors", "guardduty:GetDetector");
    }

    @Test
    void remediateModeChangesNothingAndSaysSo() {
        String detectorId = guardDuty(harness.account(), Region.EU_WEST_1).createDetector(r -> r.enable(false)).detectorId();

        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, CHECK, REGIONS.subList(0, 2)));

        assertThat(result.status()).isEqualTo(AccountStatus.SUCCEEDED);
        assertThat(result.checks()).extracting(CheckResult::region, CheckResult::status).containsExactly(
                tuple("eu-west-1", CheckStatus.NON_COMPLIANT), tuple("us-east-1", CheckStatus.NON_COMPLIANT));
        assertThat(result.checks()).allSatisfy(check -> assertThat(check.detail()).startsWith("not fixed (audit only): "));
        assertThat(guardDuty(harness.account(), Region.EU_WEST_1).getDetector(r -> r.detectorId(detectorId)).statusAsString()).isEqualTo("DISABLED");
        assertThat(guardDuty(harness.account(), Region.US_EAST_1).listDetectors().detectorIds()).isEmpty();
        assertThat(harness.actions()).containsOnly("guardduty:ListDetectors", "guardduty:GetDetector");
    }

    @Test
    void aRefusedReadIsAnErrorForThatRegion() {
        // As GuardDuty answers a role without guardduty:ListDetectors (REST-JSON, HTTP 403).
        MOTO.inject(new FaultRule("guardduty:ListDetectors denied", request -> "GET".equals(request.method())
                && request.path().startsWith("/detector"), 1, 403, "application/json",
                "{\"__type\":\"AccessDeniedException\",\"message\":\"User is not authorized to perform: guardduty:ListDetectors\"}"));

        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, CHECK, List.of()));

        assertThat(result.status()).isEqualTo(AccountStatus.FAILED);
        assertThat(result.checks()).singleElement().satisfies(check -> {
            assertThat(check.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(check.detail()).startsWith("could not read the setting: GuardDuty AccessDeniedException");
        });
    }

    private static GuardDutyClient guardDuty(MemberAccount account, Region region) {
        return account.client(GuardDutyClient.builder(), region);
    }
}
