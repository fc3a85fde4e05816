package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.testing.CheckArrangement;
import com.auditremediation.checkaccount.testing.CheckFixtures;
import com.auditremediation.checkaccount.testing.CheckInputs;
import com.auditremediation.checkaccount.testing.CheckerHarness;
import com.auditremediation.checkaccount.testing.ProxyTraffic;
import com.auditremediation.core.error.ThrottledException;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class EbsDefaultEncryptionCheckTest implements CheckArrangement {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String ACCOUNT_ID = "111122223333";
    private static final List<String> CHECK = List.of("ebs-default-encryption");
    private static final List<Region> REGIONS = List.of(Region.EU_WEST_1, Region.EU_CENTRAL_1, Region.US_EAST_1,
            Region.US_WEST_2, Region.AP_SOUTHEAST_2);

    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID);

    @Override
    public void arrangeCompliant(CheckFixtures.Fixture fixture) {
        fixture.regions().forEach(region -> fixture.account().ec2(region).enableEbsEncryptionByDefault(r -> { }));
    }

    /** Off in the first region, on in the others: one finding and the rest compliant. */
    @Override
    public void arrangeNonCompliant(CheckFixtures.Fixture fixture) {
        fixture.regions().stream().skip(1).forEach(region -> fixture.account().ec2(region).enableEbsEncryptionByDefault(r -> { }));
    }

    @Override
    public Object state(CheckFixtures.Fixture fixture) {
        return fixture.regions().stream().map(region -> region.id() + "=" + fixture.account().ebsEncryptionByDefault(region)).toList();
    }

    @Test
    void withoutRegionsTheFunctionsRegionIsChecked() {
        // moto, like EC2 in a new account, starts with encryption by default off.
        assertThat(harness.account().ebsEncryptionByDefault(Region.EU_WEST_1)).isFalse();

        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, CHECK, List.of()));

        assertThat(result.checks()).singleElement().isEqualTo(CheckResult.nonCompliant("ebs-default-encryption", "eu-west-1", "new EBS volumes are not encrypted by default in this region; enable EBS encryption by default",
                Map.of("EbsEncryptionByDefault", false)));
    }

    @Test
    void eachRegionIsOneResultInTheOrderGiven() {
        harness.account().ec2(Region.EU_CENTRAL_1).enableEbsEncryptionByDefault(r -> { });
        harness.account().ec2(Region.US_WEST_2).enableEbsEncryptionByDefault(r -> { });

        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, CHECK, REGIONS));

        assertThat(result.status()).isEqualTo(AccountStatus.SUCCEEDED);
        assertThat(result.checks()).extracting(CheckResult::region, CheckResult::status).containsExactly(
                tuple("eu-west-1", CheckStatus.NON_COMPLIANT),
                tuple("eu-central-1", CheckStatus.COMPLIANT),
                tuple("us-east-1", CheckStatus.NON_COMPLIANT),
                tuple("us-west-2", CheckStatus.COMPLIANT),
                tuple("ap-southeast-2", CheckStatus.NON_COMPLIANT));
        assertThat(harness.calls()).filteredOn("GetEbsEncryptionByDefault"::equals).hasSize(REGIONS.size());
        assertThat(harness.calls()).doesNotContain("EnableEbsEncryptionByDefault");
    }

    @Test
    void remediationEnablesItWhereItWasOffAndNowhereElse() {
        harness.account().ec2(Region.EU_CENTRAL_1).enableEbsEncryptionByDefault(r -> { });

        AccountResult first = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, CHECK, REGIONS));
        int callsAfterFirst = harness.calls().size();
        AccountResult second = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, CHECK, REGIONS));

        assertThat(first.checks()).extracting(CheckResult::region, CheckResult::status).containsExactly(
                tuple("eu-west-1", CheckStatus.REMEDIATED),
                tuple("eu-central-1", CheckStatus.COMPLIANT),
                tuple("us-east-1", CheckStatus.REMEDIATED),
                tuple("us-west-2", CheckStatus.REMEDIATED),
                tuple("ap-southeast-2", CheckStatus.REMEDIATED));
        assertThat(first.checks().get(0)).isEqualTo(CheckResult.remediated("ebs-default-encryption", "eu-west-1",
                "ec2:EnableEbsEncryptionByDefault", Map.of("EbsEncryptionByDefault", false), Map.of("EbsEncryptionByDefault", true)));
        assertThat(harness.calls().subList(0, callsAfterFirst)).filteredOn("EnableEbsEncryptionByDefault"::equals).hasSize(4);
        assertThat(REGIONS).allSatisfy(region -> assertThat(harness.account().ebsEncryptionByDefault(region)).as(region.id()).isTrue());
        assertThat(second.checks()).extracting(CheckResult::status).containsOnly(CheckStatus.COMPLIANT);
        assertThat(harness.calls().subList(callsAfterFirst, harness.calls().size())).doesNotContain("EnableEbsEncryptionByDefault");
    }

    @Test
    void aFixRefusedInOneRegionIsAnErrorThereWhileTheOtherRegionsAreFixed() {
        // The proxy cannot tell regions apart; it refuses the first of the concurrent calls, whichever region that is.
        MOTO.inject(ProxyTraffic.ec2Unauthorized("EnableEbsEncryptionByDefault", 1));

        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, CHECK, REGIONS));

        assertThat(result.status()).isEqualTo(AccountStatus.FAILED);
        assertThat(result.checks()).extracting(CheckResult::region).containsExactlyElementsOf(REGIONS.stream().map(Region::id).toList());
        List<CheckResult> errors = result.checks().stream().filter(check -> check.status() == CheckStatus.ERROR).toList();
        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.detail()).contains("Ec2 UnauthorizedOperation: You are not authorized to perform this operation.",
                    "administrator roles", "ec2:EnableEbsEncryptionByDefault");
            assertThat(error.before()).isEqualTo(Map.of("EbsEncryptionByDefault", false));
            assertThat(harness.account().ebsEncryptionByDefault(Region.of(error.region()))).isFalse();
        });
        assertThat(result.checks()).filteredOn(check -> check.status() == CheckStatus.REMEDIATED).hasSize(REGIONS.size() - 1);
    }

    @Test
    void throttlingIsRetriedWithTheSdksStrategy() {
        FaultRule throttled = MOTO.inject(ProxyTraffic.ec2Error("GetEbsEncryptionByDefault", 2, 503, "RequestLimitExceeded",
                "Request limit exceeded."));

        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, CHECK, List.of()));

        assertThat(throttled.hits()).isEqualTo(2);
        assertThat(result.checks()).extracting(CheckResult::status).containsExactly(CheckStatus.NON_COMPLIANT);
        assertThat(harness.calls()).filteredOn("GetEbsEncryptionByDefault"::equals).hasSize(3);
    }

    @Test
    void throttlingThatOutlastsTheSdksRetriesRetriesTheAccount() {
        MOTO.inject(ProxyTraffic.ec2Error("GetEbsEncryptionByDefault", FaultRule.UNLIMITED, 503, "RequestLimitExceeded",
                "Request limit exceeded."));

        assertThatThrownBy(() -> harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, CHECK, List.of())))
                .isInstanceOf(ThrottledException.class);
    }
}
