package com.auditremediation.checkaccount.run;

import com.auditremediation.checkaccount.checks.CheckRegistry;
import com.auditremediation.checkaccount.testing.CheckFixtures;
import com.auditremediation.checkaccount.testing.CheckInputs;
import com.auditremediation.checkaccount.testing.CheckerHarness;
import com.auditremediation.checkaccount.testing.FixableSettings;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Mode;
import com.auditremediation.local.FaultRule;
import com.auditremediation.local.MotoExtension;
import com.auditremediation.local.ProxiedRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every check of the registry side by side in one account, in two regions, while the fault proxy holds every call
 * 25 ms (so that the checks overlap) and throttles the first attempt of each distinct IAM and EC2 request, as IAM and
 * EC2 answer a burst over an account's request rate. The SDK's retries with backoff (and Ec2QueryClient's, which are
 * the SDK's retry strategy) must absorb it: the results are exactly those of the same account checked one check at
 * a time without throttling, every throttled call was sent again, and the fixes, throttled too, hold. One test, as
 * each costs an account arranged in moto with AWS managed policies (about 20 s on a busy machine).
 */
class AccountCheckerSideBySideTest {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = new MotoExtension();

    private static final String ACCOUNT_ID = "111122223333";
    private static final List<Region> REGIONS = List.of(Region.EU_WEST_1, Region.US_EAST_1);
    private static final List<String> EVERY_CHECK = List.of();
    private static final String IAM_API_VERSION = "2010-05-08";
    private static final String EC2_API_VERSION = "2016-11-15";

    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID, FixableSettings.ALL);

    @Test
    void throttledIamAndEc2CallsAreRetriedWhileChecksRunSideBySideAndReadsAndFixesComeOutAsWhenRunInTurn() {
        CheckFixtures.Fixture account = new CheckFixtures.Fixture(harness.account(), MOTO, REGIONS);
        CheckFixtures.arrangeNonCompliant(account);
        AccountChecker inTurn = harness.checker(1);
        // The first sweep of an account starts its IAM credential report; from the second on it is ready at once.
        inTurn.check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, EVERY_CHECK, REGIONS));
        int callsBefore = harness.calls().size();
        AccountResult expected = inTurn.check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, EVERY_CHECK, REGIONS));
        int callsInTurn = harness.calls().size() - callsBefore;
        int mostInFlightInTurn = harness.clients().mostInFlight();
        MOTO.inject(FaultRule.latency(Duration.ofMillis(25)));
        FaultRule iamThrottled = MOTO.inject(FaultRule.onceForEachRequest("iam throttled once per request",
                request -> apiVersion(request, IAM_API_VERSION), 400, "text/xml", FaultRule.iamThrottlingBody()));
        FaultRule ec2Throttled = MOTO.inject(FaultRule.onceForEachRequest("ec2 throttled once per request",
                request -> apiVersion(request, EC2_API_VERSION), 503, "text/xml", FaultRule.ec2ThrottlingBody()));

        int callsStart = harness.calls().size();
        AccountResult sideBySide = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, EVERY_CHECK, REGIONS));
        int callsSideBySide = harness.calls().size() - callsStart;

        assertThat(expected.status()).isEqualTo(AccountStatus.SUCCEEDED);
        assertThat(expected.checks()).extracting(CheckResult::checkId).containsAll(CheckRegistry.create().ids());
        assertThat(sideBySide.status()).isEqualTo(AccountStatus.SUCCEEDED);
        assertThat(sideBySide.checks()).containsExactlyElementsOf(expected.checks());
        // Both services throttled, and each throttled call was sent once more (the SDK's retry), and only that.
        assertThat(iamThrottled.hits()).isGreaterThanOrEqualTo(5);
        assertThat(ec2Throttled.hits()).isGreaterThanOrEqualTo(2);
        assertThat(callsSideBySide).isEqualTo(callsInTurn + iamThrottled.hits() + ec2Throttled.hits());
        assertThat(mostInFlightInTurn).isEqualTo(1);
        assertThat(harness.clients().mostInFlight()).isBetween(2, AccountChecker.DEFAULT_LANES);

        // The fixes, throttled the same way (a throttled write was never carried out, so the SDK sends it again).
        int throttledReads = iamThrottled.hits() + ec2Throttled.hits();
        AccountResult fixed = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, EVERY_CHECK, REGIONS));
        AccountResult audited = inTurn.check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, EVERY_CHECK, REGIONS));

        assertThat(fixed.status()).as(fixed.toString()).isEqualTo(AccountStatus.SUCCEEDED);
        assertThat(fixed.checks()).extracting(CheckResult::status).contains(CheckStatus.REMEDIATED).doesNotContain(CheckStatus.ERROR);
        assertThat(audited.checks()).filteredOn(check -> CheckRegistry.create().get(check.checkId()).descriptor().fixable())
                .extracting(CheckResult::status).containsOnly(CheckStatus.COMPLIANT);
        assertThat(harness.actions()).contains("iam:UpdateAccountPasswordPolicy", "ec2:EnableEbsEncryptionByDefault");
        assertThat(iamThrottled.hits() + ec2Throttled.hits()).isGreaterThan(throttledReads);
    }

    private static boolean apiVersion(ProxiedRequest request, String version) {
        return version.equals(request.form().get("Version"));
    }
}
