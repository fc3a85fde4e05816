package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.testing.CheckArrangement;
import com.auditremediation.checkaccount.testing.CheckFixtures;
import com.auditremediation.checkaccount.testing.CheckInputs;
import com.auditremediation.checkaccount.testing.CheckerHarness;
import com.auditremediation.checkaccount.testing.MemberAccount;
import com.auditremediation.checkaccount.testing.ProxyTraffic;
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
import software.amazon.awssdk.services.ssm.SsmClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Automation log destination from the stand-in at moto's endpoint (moto 5.2.1 has no SSM service settings): per
 * account and region, {@code None} until set, {@code CloudWatch} the one value it takes.
 */
class SsmAutomationLoggingCheckTest implements CheckArrangement {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String ACCOUNT_ID = "111122223333";
    private static final String CHECK_ID = "ssm-automation-logging";
    private static final List<String> CHECK = List.of(CHECK_ID);
    private static final List<Region> REGIONS = List.of(Region.EU_WEST_1, Region.US_EAST_1);

    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID);

    @Override
    public void arrangeCompliant(CheckFixtures.Fixture fixture) {
        fixture.regions().forEach(region -> logToCloudWatch(fixture.account(), region));
    }

    /** Logging off in the first region (never set, as in a new account), on in the others. */
    @Override
    public void arrangeNonCompliant(CheckFixtures.Fixture fixture) {
        fixture.regions().stream().skip(1).forEach(region -> logToCloudWatch(fixture.account(), region));
    }

    @Override
    public Object state(CheckFixtures.Fixture fixture) {
        return fixture.regions().stream().map(region -> region.id() + "=" + destination(fixture.account(), region)).toList();
    }

    @Test
    void cloudWatchIsCompliantANewAccountsNoneIsNot() {
        logToCloudWatch(harness.account(), Region.US_EAST_1);

        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, CHECK, REGIONS));

        assertThat(result.status()).isEqualTo(AccountStatus.SUCCEEDED);
        assertThat(result.checks()).containsExactly(
                CheckResult.nonCompliant(CHECK_ID, "eu-west-1", "SSM Automation does not log to CloudWatch"
                        + " (customer-script-log-destination None); send it to CloudWatch", Map.of("customer-script-log-destination", "None")),
                CheckResult.compliant(CHECK_ID, "us-east-1"));
        assertThat(harness.actions()).containsOnly("ssm:GetServiceSetting");
    }

    @Test
    void remediationSendsItToCloudWatchInThatRegionOnlyAndTheSecondRunWritesNothing() {
        logToCloudWatch(harness.account(), Region.US_EAST_1);

        AccountResult fixed = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, CHECK, REGIONS));
        int actionsAfterFirst = harness.actions().size();
        AccountResult again = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, CHECK, REGIONS));

        assertThat(fixed.checks()).containsExactly(
                CheckResult.remediated(CHECK_ID, "eu-west-1", "ssm:UpdateServiceSetting",
                        Map.of("customer-script-log-destination", "None"), Map.of("customer-script-log-destination", "CloudWatch")),
                CheckResult.compliant(CHECK_ID, "us-east-1"));
        assertThat(destination(harness.account(), Region.EU_WEST_1)).isEqualTo("CloudWatch");
        assertThat(again.checks()).extracting(CheckResult::status).containsOnly(CheckStatus.COMPLIANT);
        assertThat(harness.actions().subList(actionsAfterFirst, harness.actions().size())).containsOnly("ssm:GetServiceSetting");
    }

    @Test
    void aRefusedFixIsAnErrorAndLoggingStaysOff() {
        MOTO.inject(ProxyTraffic.jsonAccessDenied("AmazonSSM.UpdateServiceSetting", "ssm:UpdateServiceSetting"));

        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, CHECK, List.of()));

        assertThat(result.status()).isEqualTo(AccountStatus.FAILED);
        assertThat(result.checks()).singleElement().satisfies(check -> {
            assertThat(check.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(check.detail()).startsWith("could not fix (SSM Automation does not log to CloudWatch")
                    .contains("Ssm AccessDeniedException").endsWith("with ssm:UpdateServiceSetting");
        });
        assertThat(destination(harness.account(), Region.EU_WEST_1)).isEqualTo("None");
    }

    private static void logToCloudWatch(MemberAccount account, Region region) {
        ssm(account, region).updateServiceSetting(r -> r.settingId(SsmAutomationLoggingCheck.SETTING_ID).settingValue("CloudWatch"));
    }

    private static String destination(MemberAccount account, Region region) {
        return ssm(account, region).getServiceSetting(r -> r.settingId(SsmAutomationLoggingCheck.SETTING_ID)).serviceSetting().settingValue();
    }

    private static SsmClient ssm(MemberAccount account, Region region) {
        return account.client(SsmClient.builder(), region);
    }
}
