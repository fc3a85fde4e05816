package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.Evidence;
import com.auditremediation.checkaccount.testing.CheckArrangement;
import com.auditremediation.checkaccount.testing.CheckFixtures;
import com.auditremediation.checkaccount.testing.CheckInputs;
import com.auditremediation.checkaccount.testing.CheckerHarness;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Mode;
import com.auditremediation.local.MotoExtension;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.FlowLogsResourceType;
import software.amazon.awssdk.services.ec2.model.TrafficType;
import software.amazon.awssdk.services.ec2.model.Vpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** moto, like EC2, gives a new account a default VPC per region, without a flow log: a new account fails. */
class VpcFlowLogsCheckTest implements CheckArrangement {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String ACCOUNT_ID = "111122223333";
    private static final String CHECK_ID = "vpc-flow-logs";
    private static final List<String> CHECK = List.of(CHECK_ID);
    private static final List<Region> REGIONS = List.of(Region.EU_WEST_1, Region.US_EAST_1);

    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID);

    /** Every VPC of every region: a flow log of rejected traffic. */
    @Override
    public void arrangeCompliant(CheckFixtures.Fixture fixture) {
        fixture.regions().forEach(region -> {
            Ec2Client ec2 = fixture.account().ec2(region);
            ec2.describeVpcs(r -> { }).vpcs().forEach(vpc -> flowLog(ec2, FlowLogsResourceType.VPC, vpc.vpcId(), TrafficType.REJECT));
        });
    }

    /** A new account's default VPCs. */
    @Override
    public void arrangeNonCompliant(CheckFixtures.Fixture fixture) {
    }

    @Override
    public Object state(CheckFixtures.Fixture fixture) {
        return fixture.regions().stream().map(region -> region.id() + "=" + fixture.account().ec2(region).describeFlowLogs(r -> { })
                .flowLogs().stream().map(flowLog -> flowLog.resourceId() + " " + flowLog.trafficTypeAsString()).sorted().toList()).toList();
    }

    @Test
    void aNewAccountsDefaultVpcHasNoFlowLog() {
        String defaultVpc = defaultVpc(harness.account().ec2(Region.EU_WEST_1));

        AccountResult result = run(Mode.AUDIT, List.of(Region.EU_WEST_1));

        assertThat(result.checks()).containsExactly(CheckResult.nonCompliant(CHECK_ID, "eu-west-1", "1 VPC has no flow log of rejected"
                + " traffic; the account's owner should add one",
                Map.of("VpcsWithoutFlowLogs", List.of(defaultVpc))));
        assertThat(harness.actions()).containsExactly("ec2:DescribeVpcs", "ec2:DescribeFlowLogs");
    }

    @Test
    void onlyAVpcsOwnFlowLogOfRejectedOrAllTrafficCounts() {
        arrangeCompliant(new CheckFixtures.Fixture(harness.account(), MOTO, REGIONS));
        Ec2Client ec2 = harness.account().ec2(Region.EU_WEST_1);
        String all = ec2.createVpc(r -> r.cidrBlock("10.1.0.0/16")).vpc().vpcId();
        flowLog(ec2, FlowLogsResourceType.VPC, all, TrafficType.ALL);
        String acceptedOnly = ec2.createVpc(r -> r.cidrBlock("10.2.0.0/16")).vpc().vpcId();
        flowLog(ec2, FlowLogsResourceType.VPC, acceptedOnly, TrafficType.ACCEPT);
        String subnetOnly = ec2.createVpc(r -> r.cidrBlock("10.3.0.0/16")).vpc().vpcId();
        String subnet = ec2.createSubnet(r -> r.vpcId(subnetOnly).cidrBlock("10.3.1.0/24")).subnet().subnetId();
        flowLog(ec2, FlowLogsResourceType.SUBNET, subnet, TrafficType.REJECT);

        AccountResult result = run(Mode.AUDIT, REGIONS);

        assertThat(result.checks()).containsExactly(
                CheckResult.nonCompliant(CHECK_ID, "eu-west-1", "2 VPCs have no flow log of rejected traffic; the account's owner"
                        + " should add one", Map.of("VpcsWithoutFlowLogs", List.of(acceptedOnly, subnetOnly))),
                CheckResult.compliant(CHECK_ID, "us-east-1"));
    }

    @Test
    void remediateModeChangesNothingAndSaysWhoCanAct() {
        Object before = state(new CheckFixtures.Fixture(harness.account(), MOTO, REGIONS));

        AccountResult result = run(Mode.REMEDIATE, REGIONS);

        assertThat(result.checks()).extracting(CheckResult::region, CheckResult::status).containsExactly(
                tuple("eu-west-1", CheckStatus.NON_COMPLIANT), tuple("us-east-1", CheckStatus.NON_COMPLIANT));
        assertThat(result.checks()).allSatisfy(check -> assertThat(check.detail()).startsWith("not fixed (audit only): 1 VPC has no flow log"));
        assertThat(state(new CheckFixtures.Fixture(harness.account(), MOTO, REGIONS))).isEqualTo(before);
        assertThat(harness.actions()).containsOnly("ec2:DescribeVpcs", "ec2:DescribeFlowLogs");
        assertThat(new VpcFlowLogsCheck().descriptor().recommendation()).startsWith("The account's owner (or the organisation's network pipeline)");
    }

    @Test
    void manyVpcsAreCountedAndListedUpToTheCap() {
        Ec2Client ec2 = harness.account().ec2(Region.EU_WEST_1);
        IntStream.range(0, 11).forEach(i -> ec2.createVpc(r -> r.cidrBlock("10." + (10 + i) + ".0.0/16")));

        CheckResult result = run(Mode.AUDIT, List.of(Region.EU_WEST_1)).checks().get(0);

        assertThat(result.detail()).startsWith("12 VPCs have no flow log");
        assertThat((List<?>) result.before().get("VpcsWithoutFlowLogs")).hasSize(Evidence.MAX_LISTED + 1).last().isEqualTo("and 2 more");
    }

    @Test
    void flowLogsAreAskedForTwoHundredVpcsAtATime() {
        List<String> vpcIds = IntStream.range(0, 401).mapToObj(i -> "vpc-" + i).toList();

        List<Ec2QueryClient.Filter> filters = Ec2QueryClient.Filter.inChunks("resource-id", vpcIds);

        assertThat(filters).extracting(filter -> filter.values().size()).containsExactly(200, 200, 1);
        assertThat(filters).allSatisfy(filter -> assertThat(filter.name()).isEqualTo("resource-id"));
        assertThat(filters.get(2).values()).containsExactly("vpc-400");
    }

    private AccountResult run(Mode mode, List<Region> regions) {
        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, mode, CHECK, regions));
        assertThat(result.status()).as(result.toString()).isEqualTo(AccountStatus.SUCCEEDED);
        return result;
    }

    private static String defaultVpc(Ec2Client ec2) {
        return ec2.describeVpcs(r -> r.filters(f -> f.name("is-default").values("true"))).vpcs().stream().map(Vpc::vpcId).findFirst().orElseThrow();
    }

    private static void flowLog(Ec2Client ec2, FlowLogsResourceType type, String resourceId, TrafficType traffic) {
        ec2.createFlowLogs(r -> r.resourceType(type).resourceIds(resourceId).trafficType(traffic).logDestinationType("cloud-watch-logs")
                .logGroupName("flow-logs").deliverLogsPermissionArn("arn:aws:iam::" + ACCOUNT_ID + ":role/flow-logs"));
    }
}
