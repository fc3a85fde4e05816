package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.testing.CheckArrangement;
import com.auditremediation.checkaccount.testing.CheckFixtures;
import com.auditremediation.checkaccount.testing.CheckInputs;
import com.auditremediation.checkaccount.testing.CheckerHarness;
import com.auditremediation.checkaccount.testing.ProxyTraffic;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Mode;
import com.auditremediation.local.FaultRule;
import com.auditremediation.local.MotoExtension;
import com.auditremediation.local.standin.StandInAdmin;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.model.InternetGatewayBlockMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** VPC block public access, served by the stand-in (moto 5.2.1 lacks it): off in a new account, as on AWS. */
class VpcBlockPublicAccessCheckTest implements CheckArrangement {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String ACCOUNT_ID = "111122223333";
    private static final String CHECK_ID = "vpc-block-public-access";
    private static final List<String> CHECK = List.of(CHECK_ID);
    private static final List<Region> REGIONS = List.of(Region.EU_WEST_1, Region.US_EAST_1, Region.AP_SOUTHEAST_2);

    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID);

    @Override
    public void arrangeCompliant(CheckFixtures.Fixture fixture) {
        fixture.regions().forEach(region -> fixture.account().ec2(region)
                .modifyVpcBlockPublicAccessOptions(r -> r.internetGatewayBlockMode(InternetGatewayBlockMode.BLOCK_BIDIRECTIONAL)));
    }

    /** A new account: off. */
    @Override
    public void arrangeNonCompliant(CheckFixtures.Fixture fixture) {
    }

    @Override
    public Object state(CheckFixtures.Fixture fixture) {
        return fixture.regions().stream().map(region -> region.id() + "=" + fixture.account().ec2(region)
                .describeVpcBlockPublicAccessOptions(r -> { }).vpcBlockPublicAccessOptions().internetGatewayBlockModeAsString()).toList();
    }

    @Test
    void eitherBlockingModePassesOffFails() {
        harness.account().ec2(Region.EU_WEST_1).modifyVpcBlockPublicAccessOptions(r -> r.internetGatewayBlockMode(InternetGatewayBlockMode.BLOCK_INGRESS));
        harness.account().ec2(Region.US_EAST_1).modifyVpcBlockPublicAccessOptions(r -> r.internetGatewayBlockMode(InternetGatewayBlockMode.BLOCK_BIDIRECTIONAL));

        AccountResult result = run(Mode.AUDIT, REGIONS);

        assertThat(result.checks()).containsExactly(
                CheckResult.compliant(CHECK_ID, "eu-west-1"),
                CheckResult.compliant(CHECK_ID, "us-east-1"),
                CheckResult.nonCompliant(CHECK_ID, "ap-southeast-2", "VPC block public access is off; the account's"
                        + " owner should turn it on, excluding VPCs that must stay public",
                        Map.of("InternetGatewayBlockMode", "off")));
        assertThat(harness.actions()).containsOnly("ec2:DescribeVpcBlockPublicAccessOptions");
    }

    @Test
    void aDeclarativePolicyThatLeavesItOffNamesTheManagementAccountsPolicy() {
        StandInAdmin.at(MOTO.endpoint()).manageByDeclarativePolicy(StandInAdmin.VPC_BLOCK_PUBLIC_ACCESS, ACCOUNT_ID, "eu-west-1",
                Map.of("internetGatewayBlockMode", "off"));
        StandInAdmin.at(MOTO.endpoint()).manageByDeclarativePolicy(StandInAdmin.VPC_BLOCK_PUBLIC_ACCESS, ACCOUNT_ID, "us-east-1",
                Map.of("internetGatewayBlockMode", "block-ingress"));

        AccountResult result = run(Mode.REMEDIATE, REGIONS.subList(0, 2));

        assertThat(result.checks()).containsExactly(
                CheckResult.nonCompliant(CHECK_ID, "eu-west-1", "not fixed (audit only): VPC block public access"
                        + " is off, as an AWS Organizations declarative policy sets it (ManagedBy declarative-policy): set"
                        + " vpc_block_public_access.internet_gateway_block.mode to block_bidirectional or block_ingress in the EC2"
                        + " declarative policy, in the organisation's management account",
                        Map.of("InternetGatewayBlockMode", "off", "ManagedBy", "declarative-policy")),
                CheckResult.compliant(CHECK_ID, "us-east-1"));
    }

    @Test
    void remediateModeChangesNothingAndSaysWhoCanAct() {
        AccountResult result = run(Mode.REMEDIATE, REGIONS.subList(0, 2));

        assertThat(result.checks()).extracting(CheckResult::region, CheckResult::status).containsExactly(
                tuple("eu-west-1", CheckStatus.NON_COMPLIANT), tuple("us-east-1", CheckStatus.NON_COMPLIANT));
        assertThat(result.checks()).allSatisfy(check -> assertThat(check.detail())
                .isEqualTo("not fixed (audit only): VPC block public access is off; the account's owner should"
                        + " turn it on, excluding VPCs that must stay public"));
        assertThat(state(new CheckFixtures.Fixture(harness.account(), MOTO, REGIONS))).isEqualTo(List.of("eu-west-1=off", "us-east-1=off",
                "ap-southeast-2=off"));
        assertThat(harness.actions()).containsOnly("ec2:DescribeVpcBlockPublicAccessOptions");
    }

    @Test
    void aRefusedReadIsAnErrorForThatRegion() {
        MOTO.inject(ProxyTraffic.ec2Unauthorized("DescribeVpcBlockPublicAccessOptions", FaultRule.UNLIMITED));

        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, CHECK, List.of(Region.EU_WEST_1)));

        assertThat(result.status()).isEqualTo(AccountStatus.FAILED);
        assertThat(result.checks()).singleElement().satisfies(check -> {
            assertThat(check.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(check.detail()).startsWith("could not read the setting: Ec2 UnauthorizedOperation");
        });
    }

    private AccountResult run(Mode mode, List<Region> regions) {
        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, mode, CHECK, regions));
        assertThat(result.status()).as(result.toString()).isEqualTo(AccountStatus.SUCCEEDED);
        return result;
    }
}
