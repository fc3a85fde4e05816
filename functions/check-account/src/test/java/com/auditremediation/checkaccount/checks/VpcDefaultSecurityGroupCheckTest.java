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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * moto, like EC2, gives each account a default VPC in every region, whose default security group allows all
 * outbound traffic: a new account is non-compliant. AWS's default group also allows all inbound traffic from itself;
 * moto's does not, so {@link #arrangeNonCompliant} adds that rule.
 */
class VpcDefaultSecurityGroupCheckTest implements CheckArrangement {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String ACCOUNT_ID = "111122223333";
    private static final String CHECK_ID = "vpc-default-security-group";
    private static final List<String> CHECK = List.of(CHECK_ID);
    private static final List<Region> REGIONS = List.of(Region.EU_WEST_1, Region.US_EAST_1);

    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID);

    @Override
    public void arrangeCompliant(CheckFixtures.Fixture fixture) {
        fixture.regions().forEach(region -> revokeAll(fixture.account().ec2(region)));
    }

    /** Every region: the default group as AWS creates it, all inbound from itself and all outbound. */
    @Override
    public void arrangeNonCompliant(CheckFixtures.Fixture fixture) {
        fixture.regions().forEach(region -> {
            Ec2Client ec2 = fixture.account().ec2(region);
            defaultGroups(ec2).forEach(group -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(group.groupId())
                    .ipPermissions(p -> p.ipProtocol("-1").userIdGroupPairs(pair -> pair.groupId(group.groupId())))));
        });
    }

    @Override
    public Object state(CheckFixtures.Fixture fixture) {
        return fixture.regions().stream().map(region -> region.id() + "=" + rules(fixture.account().ec2(region)).stream()
                .map(rule -> rule.groupId() + (rule.isEgress() ? " out " : " in ") + rule.ipProtocol() + " " + rule.cidrIpv4()).sorted().toList())
                .toList();
    }

    @Test
    void aNewAccountsDefaultGroupIsNonCompliantAndTheEvidenceNamesItsRules() {
        SecurityGroup group = defaultGroups(harness.account().ec2(Region.EU_WEST_1)).get(0);
        String egressRule = rules(harness.account().ec2(Region.EU_WEST_1)).get(0).securityGroupRuleId();

        CheckResult result = run(Mode.AUDIT, List.of()).checks().get(0);

        assertThat(result).isEqualTo(CheckResult.nonCompliant(CHECK_ID, "eu-west-1",
                "default security group has 0 inbound, 1 outbound rules; remove them",
                Map.of(group.groupId(), List.of(egressRule + " outbound all traffic to 0.0.0.0/0"))));
        assertThat(harness.actions()).containsExactly("ec2:DescribeSecurityGroups", "ec2:DescribeSecurityGroupRules");
    }

    @Test
    void defaultGroupsWithoutRulesAreCompliantInEachRegion() {
        arrangeCompliant(new CheckFixtures.Fixture(harness.account(), MOTO, REGIONS));

        AccountResult result = run(Mode.AUDIT, REGIONS);

        assertThat(result.checks()).containsExactly(
                CheckResult.compliant(CHECK_ID, "eu-west-1"),
                CheckResult.compliant(CHECK_ID, "us-east-1"));
    }

    @Test
    void remediationRevokesEveryRuleOfEveryDefaultGroupAndListsThem() {
        arrangeNonCompliant(new CheckFixtures.Fixture(harness.account(), MOTO, REGIONS));
        Ec2Client ec2 = harness.account().ec2(Region.EU_WEST_1);
        // A second VPC has a default group of its own.
        ec2.createVpc(r -> r.cidrBlock("10.1.0.0/16"));
        assertThat(defaultGroups(ec2)).hasSize(2);
        List<SecurityGroupRule> before = rules(ec2);

        AccountResult fixed = run(Mode.REMEDIATE, REGIONS);
        AccountResult again = run(Mode.REMEDIATE, REGIONS);

        assertThat(fixed.checks()).extracting(CheckResult::region, CheckResult::status).containsExactly(
                tuple("eu-west-1", CheckStatus.REMEDIATED), tuple("us-east-1", CheckStatus.REMEDIATED));
        CheckResult euWest1 = fixed.checks().get(0);
        assertThat(euWest1.detail()).isEqualTo("ec2:RevokeSecurityGroupIngress, ec2:RevokeSecurityGroupEgress");
        assertThat(before).hasSize(3);
        assertThat(euWest1.before()).hasSize(2);
        assertThat(euWest1.after()).isEqualTo(Map.of("RulesRemoved", euWest1.before()));
        assertThat(euWest1.before().values()).flatMap(rules -> (List<?>) rules)
                .hasSize(3).allSatisfy(rule -> assertThat(before.stream().map(SecurityGroupRule::securityGroupRuleId))
                        .anyMatch(id -> ((String) rule).startsWith(id + " ")));
        assertThat(REGIONS).allSatisfy(region -> assertThat(rules(harness.account().ec2(region))).as(region.id()).isEmpty());
        assertThat(again.checks()).extracting(CheckResult::status).containsOnly(CheckStatus.COMPLIANT);
    }

    @Test
    void aGroupThatANetworkInterfaceUsesKeepsItsRulesAndTheResultSaysHowManyUseIt() {
        Ec2Client ec2 = harness.account().ec2(Region.EU_WEST_1);
        SecurityGroup group = defaultGroups(ec2).get(0);
        String subnetId = ec2.describeSubnets(r -> r.filters(f -> f.name("vpc-id").values(group.vpcId()))).subnets().get(0).subnetId();
        ec2.createNetworkInterface(r -> r.subnetId(subnetId).groups(group.groupId()));
        ec2.createNetworkInterface(r -> r.subnetId(subnetId).groups(group.groupId()));

        CheckResult result = run(Mode.REMEDIATE, List.of(), AccountStatus.FAILED).checks().get(0);

        assertThat(result.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(result.detail()).startsWith("not fixed: network interfaces use the default security group "
                + group.groupId() + " (2 network interfaces); move them to purpose-made groups");
        assertThat(result.before()).containsOnlyKeys(group.groupId());
        assertThat(result.after()).isNull();
        assertThat(rules(ec2)).hasSize(1);
        assertThat(harness.actions()).contains("ec2:DescribeNetworkInterfaces")
                .doesNotContain("ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress");
    }

    @Test
    void aRefusedFixIsAnErrorAndLeavesTheRules() {
        FaultRule refused = MOTO.inject(ProxyTraffic.ec2Unauthorized("RevokeSecurityGroupEgress", FaultRule.UNLIMITED));

        CheckResult result = run(Mode.REMEDIATE, List.of(), AccountStatus.FAILED).checks().get(0);

        assertThat(refused.hits()).isEqualTo(1);
        assertThat(result.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(result.detail()).startsWith("could not fix (default security group has 0 inbound, 1 outbound rules")
                .contains("Ec2 UnauthorizedOperation: You are not authorized to perform this operation.", "administrator roles",
                        "ec2:RevokeSecurityGroupIngress, ec2:RevokeSecurityGroupEgress");
        assertThat(result.before()).hasSize(1);
        assertThat(rules(harness.account().ec2(Region.EU_WEST_1))).hasSize(1);
    }

    @Test
    void networkInterfacesAreCountedOnEveryPage() {
        // moto never pages this answer; the proxy answers the first page as EC2 does when there are more.
        FaultRule firstPage = MOTO.inject(new FaultRule("first page", request -> "DescribeNetworkInterfaces".equals(request.form().get("Action"))
                && !request.form().containsKey("NextToken"), 1, 200, "text/xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DescribeNetworkInterfacesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                        + "<requestId>" + UUID.randomUUID() + "</requestId><networkInterfaceSet><item><networkInterfaceId>eni-0first"
                        + "</networkInterfaceId></item></networkInterfaceSet>"
                        + "<nextToken>page-2</nextToken></DescribeNetworkInterfacesResponse>"));
        SecurityGroup group = defaultGroups(harness.account().ec2(Region.EU_WEST_1)).get(0);

        CheckResult result = run(Mode.REMEDIATE, List.of(), AccountStatus.FAILED).checks().get(0);

        assertThat(firstPage.hits()).isEqualTo(1);
        assertThat(result.detail()).startsWith("not fixed: network interfaces use the default security group "
                + group.groupId() + " (1 network interface);");
        assertThat(harness.calls()).filteredOn("DescribeNetworkInterfaces"::equals).hasSize(2);
        assertThat(rules(harness.account().ec2(Region.EU_WEST_1))).hasSize(1);
    }

    private AccountResult run(Mode mode, List<Region> regions) {
        return run(mode, regions, AccountStatus.SUCCEEDED);
    }

    private AccountResult run(Mode mode, List<Region> regions, AccountStatus expected) {
        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, mode, CHECK, regions));
        assertThat(result.status()).as(result.toString()).isEqualTo(expected);
        return result;
    }

    private static List<SecurityGroup> defaultGroups(Ec2Client ec2) {
        return ec2.describeSecurityGroups(r -> r.filters(f -> f.name("group-name").values("default"))).securityGroups();
    }

    private static List<SecurityGroupRule> rules(Ec2Client ec2) {
        List<String> groupIds = defaultGroups(ec2).stream().map(SecurityGroup::groupId).toList();
        return ec2.describeSecurityGroupRules(r -> r.filters(f -> f.name("group-id").values(groupIds))).securityGroupRules();
    }

    private static void revokeAll(Ec2Client ec2) {
        for (SecurityGroupRule rule : rules(ec2)) {
            if (rule.isEgress()) {
                ec2.revokeSecurityGroupEgress(r -> r.groupId(rule.groupId()).securityGroupRuleIds(rule.securityGroupRuleId()));
            } else {
                ec2.revokeSecurityGroupIngress(r -> r.groupId(rule.groupId()).securityGroupRuleIds(rule.securityGroupRuleId()));
            }
        }
    }
}
