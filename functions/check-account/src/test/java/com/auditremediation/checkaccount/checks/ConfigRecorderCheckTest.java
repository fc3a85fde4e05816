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
import software.amazon.awssdk.services.config.ConfigClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** AWS Config recorders in moto: none in a new account; Control Tower's recorder is arranged as Control Tower names it. */
class ConfigRecorderCheckTest implements CheckArrangement {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    static final String RECORDER = "aws-controltower-BaselineConfigRecorder";
    private static final String ACCOUNT_ID = "111122223333";
    private static final String CHECK_ID = "config-recorder";
    private static final List<String> CHECK = List.of(CHECK_ID);
    private static final List<Region> REGIONS = List.of(Region.EU_WEST_1, Region.US_EAST_1, Region.EU_CENTRAL_1);

    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID);

    @Override
    public void arrangeCompliant(CheckFixtures.Fixture fixture) {
        fixture.regions().forEach(region -> {
            putRecorder(fixture.account(), region);
            config(fixture.account(), region).startConfigurationRecorder(r -> r.configurationRecorderName(RECORDER));
        });
    }

    /** Control Tower's recorder stopped (drift) in the first region, none in the others. */
    @Override
    public void arrangeNonCompliant(CheckFixtures.Fixture fixture) {
        putRecorder(fixture.account(), fixture.regions().get(0));
    }

    @Override
    public Object state(CheckFixtures.Fixture fixture) {
        return fixture.regions().stream().map(region -> region.id() + "=" + config(fixture.account(), region)
                .describeConfigurationRecorderStatus().configurationRecordersStatus().stream()
                .map(status -> status.name() + ":" + status.recording()).toList()).toList();
    }

    @Test
    void aRecordingRecorderIsCompliantAMissingOrStoppedOneIsNot() {
        putRecorder(harness.account(), Region.EU_WEST_1);
        config(harness.account(), Region.EU_WEST_1).startConfigurationRecorder(r -> r.configurationRecorderName(RECORDER));
        putRecorder(harness.account(), Region.EU_CENTRAL_1);
        config(harness.account(), Region.EU_CENTRAL_1).startConfigurationRecorder(r -> r.configurationRecorderName(RECORDER));
        config(harness.account(), Region.EU_CENTRAL_1).stopConfigurationRecorder(r -> r.configurationRecorderName(RECORDER));

        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, CHECK, REGIONS));

        assertThat(result.status()).isEqualTo(AccountStatus.SUCCEEDED);
        assertThat(result.checks()).extracting(CheckResult::region, CheckResult::status).containsExactly(
                tuple("eu-west-1", CheckStatus.COMPLIANT), tuple("us-east-1", CheckStatus.NON_COMPLIANT),
                tuple("eu-central-1", CheckStatus.NON_COMPLIANT));
        assertThat(result.checks().get(0)).isEqualTo(CheckResult.compliant(CHECK_ID, "eu-west-1"));
        assertThat(result.checks().get(1).detail()).isEqualTo("no AWS Config recorder: Control Tower drift (repair the landing zone), or in"
                + " landing zone 4.0 an OU whose AWS Config baseline is off by design (enable the baseline on the OU for its accounts to record)");
        assertThat(result.checks().get(1).before()).isEqualTo(Map.of("ConfigurationRecorder", "none"));
        assertThat(result.checks().get(2).detail()).isEqualTo("AWS Config recorder stopped (Control Tower drift); repair the landing zone");
        assertThat(result.checks().get(2).before()).isEqualTo(Map.of("ConfigurationRecorder", RECORDER, "Recording", false));
        assertThat(harness.actions()).containsOnly("config:DescribeConfigurationRecorders", "config:DescribeConfigurationRecorderStatus");
    }

    @Test
    void remediateModeLeavesAStoppedRecorderStoppedAndSaysSo() {
        putRecorder(harness.account(), Region.EU_WEST_1);

        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, CHECK, List.of()));

        assertThat(result.status()).isEqualTo(AccountStatus.SUCCEEDED);
        assertThat(result.checks()).singleElement().satisfies(check -> {
            assertThat(check.status()).isEqualTo(CheckStatus.NON_COMPLIANT);
            assertThat(check.detail()).isEqualTo("not fixed (audit only): AWS Config recorder stopped (Control Tower drift); repair the landing zone");
        });
        assertThat(config(harness.account(), Region.EU_WEST_1).describeConfigurationRecorderStatus().configurationRecordersStatus())
                .singleElement().satisfies(status -> assertThat(status.recording()).isFalse());
        assertThat(harness.actions()).containsOnly("config:DescribeConfigurationRecorders", "config:DescribeConfigurationRecorderStatus");
    }

    /** The recorder and delivery channel (AWS Config starts no recorder without one) as Control Tower sets them up. */
    private static void putRecorder(MemberAccount account, Region region) {
        config(account, region).putConfigurationRecorder(r -> r.configurationRecorder(c -> c.name(RECORDER)
                .roleARN("arn:aws:iam::" + account.accountId() + ":role/aws-controltower-ConfigRecorderRole")
                .recordingGroup(g -> g.allSupported(true).includeGlobalResourceTypes(false))));
        config(account, region).putDeliveryChannel(r -> r.deliveryChannel(c -> c.name("aws-controltower-BaselineConfigDeliveryChannel")
                .s3BucketName("aws-controltower-logs-444455556666-" + region.id())));
    }

    private static ConfigClient config(MemberAccount account, Region region) {
        return account.client(ConfigClient.builder(), region);
    }
}
