package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.Evidence;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.RuleAction;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * moto, like EC2, gives a new account a default VPC per region whose default security group admits nothing from the
 * internet and whose default network ACL allows all inbound traffic (not evaluated by EC2.21): a new account passes.
 * The arrangements use a purpose-made group and ACL, so that the default group's own check leaves them alone.
 */
class RemoteAdminPortsCheckTest implements CheckArrangement {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String ACCOUNT_ID = "111122223333";
    private static final String CHECK_ID = "remote-admin-ports-not-public";
    private static final List<String> CHECK = List.of(CHECK_ID);
    private static final List<Region> REGIONS = List.of(Region.EU_WEST_1, Region.US_EAST_1);

    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID);

    /** A new account's groups and ACLs. */
    @Override
    public void arrangeCompliant(CheckFixtures.Fixture fixture) {
    }

    /** Every region: a group that admits SSH from anywhere. */
    @Override
    public void arrangeNonCompliant(CheckFixtures.Fixture fixture) {
        fixture.regions().forEach(region -> {
            Ec2Client ec2 = fixture.account().ec2(region);
            String groupId = adminGroup(ec2);
            ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(p -> p.ipProtocol("tcp").fromPort(22).toPort(22)
                    .ipRanges(range -> range.cidrIp("0.0.0.0/0"))));
        });
    }

    @Override
    public Object state(CheckFixtures.Fixture fixture) {
        return fixture.regions().stream().map(region -> region.id() + "=" + fixture.account().ec2(region).describeSecurityGroupRules(r -> { })
                .securityGroupRules().stream().filter(rule -> !rule.isEgress())
                .map(rule -> rule.groupId() + " " + rule.ipProtocol() + " " + rule.fromPort() + " " + rule.cidrIpv4() + rule.cidrIpv6())
                .sorted().toList()).toList();
    }

    @Test
    void aNewAccountIsCompliantItsDefaultNetworkAclIsNotEvaluated() {
        AccountResult result = run(Mode.AUDIT, REGIONS);

        assertThat(result.checks()).containsExactly(CheckResult.compliant(CHECK_ID, "eu-west-1"), CheckResult.compliant(CHECK_ID, "us-east-1"));
        assertThat(harness.actions()).containsOnly("ec2:DescribeSecurityGroupRules", "ec2:DescribeNetworkAcls");
    }

    @Test
    void eachControlListsWhatOpensSshOrRdpToTheInternetAndNothingElse() {
        Ec2Client ec2 = harness.account().ec2(Region.EU_WEST_1);
        String groupId = adminGroup(ec2);
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(
                p -> p.ipProtocol("tcp").fromPort(22).toPort(22).ipRanges(range -> range.cidrIp("0.0.0.0/0")),
                p -> p.ipProtocol("udp").fromPort(3000).toPort(4000).ipv6Ranges(range -> range.cidrIpv6("::/0")),
                p -> p.ipProtocol("tcp").fromPort(443).toPort(443).ipRanges(range -> range.cidrIp("0.0.0.0/0")),
                p -> p.ipProtocol("tcp").fromPort(22).toPort(22).ipRanges(range -> range.cidrIp("10.0.0.0/8")),
                p -> p.ipProtocol("icmp").fromPort(-1).toPort(-1).ipRanges(range -> range.cidrIp("0.0.0.0/0"))));
        String vpcId = ec2.describeSecurityGroups(r -> r.groupIds(groupId)).securityGroups().get(0).vpcId();
        String aclId = ec2.createNetworkAcl(r -> r.vpcId(vpcId)).networkAcl().networkAclId();
        ec2.createNetworkAclEntry(r -> r.networkAclId(aclId).ruleNumber(100).protocol("6").ruleAction(RuleAction.ALLOW).egress(false)
                .cidrBlock("0.0.0.0/0").portRange(p -> p.from(3389).to(3389)));
        ec2.createNetworkAclEntry(r -> r.networkAclId(aclId).ruleNumber(110).protocol("6").ruleAction(RuleAction.DENY).egress(false)
                .cidrBlock("0.0.0.0/0").portRange(p -> p.from(22).to(22)));
        ec2.createNetworkAclEntry(r -> r.networkAclId(aclId).ruleNumber(120).protocol("6").ruleAction(RuleAction.ALLOW).egress(false)
                .cidrBlock("0.0.0.0/0").portRange(p -> p.from(443).to(443)));
        ec2.createNetworkAclEntry(r -> r.networkAclId(aclId).ruleNumber(130).protocol("-1").ruleAction(RuleAction.ALLOW).egress(true)
                .cidrBlock("0.0.0.0/0"));
        String ssh = ruleId(ec2, groupId, "22", "0.0.0.0/0");
        String udp = ruleId(ec2, groupId, "3000", null);

        AccountResult result = run(Mode.AUDIT, REGIONS);

        assertThat(result.checks()).containsExactly(
                CheckResult.nonCompliant(CHECK_ID, "eu-west-1", "1 security group rule from 0.0.0.0/0 (EC2.53), 1 security group rule"
                                + " from ::/0 (EC2.54), 1 network ACL entry from the internet (EC2.21) reach 22/3389;"
                                + " the account's owner should close them",
                        Map.of("EC2.53", List.of(groupId + ": " + ssh + " inbound tcp 22 from 0.0.0.0/0"),
                                "EC2.54", List.of(groupId + ": " + udp + " inbound udp 3000-4000 from ::/0"),
                                "EC2.21", List.of(aclId + ": rule 100 allow tcp 3389 from 0.0.0.0/0"))),
                CheckResult.compliant(CHECK_ID, "us-east-1"));
    }

    @Test
    void remediateModeChangesNothingAndSaysWhoCanAct() {
        arrangeNonCompliant(new CheckFixtures.Fixture(harness.account(), MOTO, REGIONS));
        Object before = state(new CheckFixtures.Fixture(harness.account(), MOTO, REGIONS));

        AccountResult result = run(Mode.REMEDIATE, REGIONS);

        assertThat(result.checks()).extracting(CheckResult::region, CheckResult::status).containsExactly(
                tuple("eu-west-1", CheckStatus.NON_COMPLIANT), tuple("us-east-1", CheckStatus.NON_COMPLIANT));
        assertThat(result.checks()).allSatisfy(check -> assertThat(check.detail())
                .startsWith("not fixed (audit only): 1 security group rule from 0.0.0.0/0 (EC2.53)")
                .endsWith("the account's owner should close them"));
        assertThat(state(new CheckFixtures.Fixture(harness.account(), MOTO, REGIONS))).isEqualTo(before);
        assertThat(harness.actions()).containsOnly("ec2:DescribeSecurityGroupRules", "ec2:DescribeNetworkAcls");
        assertThat(new RemoteAdminPortsCheck().descriptor().recommendation()).startsWith("The account's owner removes or narrows");
    }

    @Test
    void manyRulesAreCountedAndListedUpToTheCap() {
        Ec2Client ec2 = harness.account().ec2(Region.EU_WEST_1);
        String groupId = adminGroup(ec2);
        for (int i = 0; i < 12; i++) {
            String cidr = "0.0.0.0/0";
            int port = 3300 + i;
            ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(p -> p.ipProtocol("tcp").fromPort(port).toPort(3389)
                    .ipRanges(range -> range.cidrIp(cidr))));
        }

        CheckResult result = run(Mode.AUDIT, List.of(Region.EU_WEST_1)).checks().get(0);

        assertThat(result.detail()).startsWith("12 security group rules from 0.0.0.0/0 (EC2.53) reach 22/3389;");
        assertThat(result.before()).containsOnlyKeys("EC2.53");
        assertThat((List<?>) result.before().get("EC2.53")).hasSize(Evidence.MAX_LISTED + 1).last().isEqualTo("and 2 more");
    }

    @Test
    void allProtocolsOrAPortRangeHoldingTwentyTwoOr3389OpenAnAdminPort() {
        assertThat(RemoteAdminPortsCheck.opensAdminPort("-1", "-1", "-1")).isTrue();
        assertThat(RemoteAdminPortsCheck.opensAdminPort("-1", "", "")).isTrue();
        assertThat(RemoteAdminPortsCheck.opensAdminPort("tcp", "0", "1024")).isTrue();
        assertThat(RemoteAdminPortsCheck.opensAdminPort("6", "3389", "3389")).isTrue();
        assertThat(RemoteAdminPortsCheck.opensAdminPort("17", "", "")).isTrue();
        assertThat(RemoteAdminPortsCheck.opensAdminPort("tcp", "23", "3388")).isFalse();
        assertThat(RemoteAdminPortsCheck.opensAdminPort("icmp", "-1", "-1")).isFalse();
        assertThat(RemoteAdminPortsCheck.opensAdminPort("58", "", "")).isFalse();
    }

    @Test
    void aRefusedReadIsAnErrorForThatRegion() {
        MOTO.inject(ProxyTraffic.ec2Unauthorized("DescribeNetworkAcls", FaultRule.UNLIMITED));

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

    /** A new group in the default VPC. */
    private static String adminGroup(Ec2Client ec2) {
        String vpcId = ec2.describeVpcs(r -> r.filters(f -> f.name("is-default").values("true"))).vpcs().get(0).vpcId();
        return ec2.createSecurityGroup(r -> r.groupName("admin-access").description("admin access").vpcId(vpcId)).groupId();
    }

    private static String ruleId(Ec2Client ec2, String groupId, String fromPort, String cidrIpv4) {
        return ec2.describeSecurityGroupRules(r -> r.filters(f -> f.name("group-id").values(groupId))).securityGroupRules().stream()
                .filter(rule -> !rule.isEgress() && fromPort.equals(String.valueOf(rule.fromPort()))
                        && (cidrIpv4 == null || cidrIpv4.equals(rule.cidrIpv4())))
                .map(SecurityGroupRule::securityGroupRuleId).findFirst().orElseThrow();
    }
}
