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
import com.auditremediation.local.MotoExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hub from moto 5.2.1 ({@code EnableSecurityHub}, {@code DescribeHub}: {@code InvalidAccessException} until enabled),
 * its standards from the stand-in at moto's endpoint ({@code GetEnabledStandards}: AWS's two default standards after an
 * enable that does not refuse them, {@code PENDING} once and {@code READY} after).
 */
class SecurityHubEnabledCheckTest implements CheckArrangement {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String ACCOUNT_ID = "111122223333";
    private static final String CHECK_ID = "securityhub-enabled";
    private static final List<String> CHECK = List.of(CHECK_ID);
    private static final List<Region> REGIONS = List.of(Region.EU_WEST_1, Region.US_EAST_1, Region.AP_SOUTHEAST_2);
    private static final String PROBLEM_END = "; the delegated administrator's central configuration decides";

    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID);

    @Override
    public void arrangeCompliant(CheckFixtures.Fixture fixture) {
        fixture.regions().forEach(region -> securityHub(fixture.account(), region).enableSecurityHub(r -> r.enableDefaultStandards(true)));
    }

    /** A hub without standards in the first region, none in the others. */
    @Override
    public void arrangeNonCompliant(CheckFixtures.Fixture fixture) {
        securityHub(fixture.account(), fixture.regions().get(0)).enableSecurityHub(r -> r.enableDefaultStandards(false));
    }

    @Override
    public Object state(CheckFixtures.Fixture fixture) {
        return fixture.regions().stream().map(region -> {
            SecurityHubClient securityHub = securityHub(fixture.account(), region);
            try {
                return region.id() + "=" + securityHub.describeHub(r -> { }).hubArn() + " " + securityHub.getEnabledStandards(r -> { })
                        .standardsSubscriptions().stream().map(s -> s.standardsArn()).toList();
            } catch (software.amazon.awssdk.services.securityhub.model.InvalidAccessException e) {
                return region.id() + "=off";
            }
        }).toList();
    }

    @Test
    void aHubWithAStandardIsCompliantAMissingHubOrOneWithoutStandardsIsNot() {
        securityHub(harness.account(), Region.EU_WEST_1).enableSecurityHub(r -> r.enableDefaultStandards(true));
        securityHub(harness.account(), Region.AP_SOUTHEAST_2).enableSecurityHub(r -> r.enableDefaultStandards(false));

        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, CHECK, REGIONS));

        assertThat(result.status()).isEqualTo(AccountStatus.SUCCEEDED);
        assertThat(result.checks()).containsExactly(
                CheckResult.compliant(CHECK_ID, "eu-west-1"),
                CheckResult.nonCompliant(CHECK_ID, "us-east-1", "Security Hub is not enabled" + PROBLEM_END, Map.of("Hub", "not enabled")),
                CheckResult.nonCompliant(CHECK_ID, "ap-southeast-2", "Security Hub is enabled but runs no standard" + PROBLEM_END,
                        Map.of("Hub", "enabled", "EnabledStandards", List.of())));
        assertThat(harness.actions()).containsOnly("securityhub:DescribeHub", "securityhub:GetEnabledStandards");
    }

    @Test
    void disablingItsStandardsLeavesAHubThatCountsForNothingAndRemediateModeSaysWhoActs() {
        SecurityHubClient securityHub = securityHub(harness.account(), Region.EU_WEST_1);
        securityHub.enableSecurityHub(r -> r.enableDefaultStandards(true));
        securityHub.batchDisableStandards(r -> r.standardsSubscriptionArns(securityHub.getEnabledStandards(g -> { }).standardsSubscriptions()
                .stream().map(s -> s.standardsSubscriptionArn()).toList()));

        CheckResult result = CheckerHarness.only(harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, CHECK, List.of())));

        assertThat(result).isEqualTo(CheckResult.nonCompliant(CHECK_ID, "eu-west-1", "not fixed (audit only): Security Hub is enabled"
                + " but runs no standard" + PROBLEM_END, Map.of("Hub", "enabled", "EnabledStandards", List.of())));
        assertThat(securityHub.describeHub(r -> { }).hubArn()).as("left as it was").endsWith(":hub/default");
        assertThat(harness.actions()).containsOnly("securityhub:DescribeHub", "securityhub:GetEnabledStandards");
        assertThat(CheckRegistry.create().get(CHECK_ID).descriptor().recommendation()).contains("delegated administrator", "account's owner");
    }

    private static SecurityHubClient securityHub(MemberAccount account, Region region) {
        return account.client(SecurityHubClient.builder(), region);
    }
}
