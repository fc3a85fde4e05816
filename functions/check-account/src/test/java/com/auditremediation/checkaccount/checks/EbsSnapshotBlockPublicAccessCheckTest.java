package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.testing.CheckArrangement;
import com.auditremediation.checkaccount.testing.CheckFixtures;
import com.auditremediation.checkaccount.testing.CheckerHarness;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Mode;
import com.auditremediation.local.MotoExtension;
import com.auditremediation.local.standin.StandInAdmin;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.SnapshotBlockPublicAccessState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * moto 5.2.1 has no snapshot block public access: the stand-in serves it at moto's endpoint (docs/stand-in.md), per
 * account and region, {@code unblocked} in a new account as on AWS, with the admin endpoint for a setting that a
 * declarative policy manages.
 */
class EbsSnapshotBlockPublicAccessCheckTest implements CheckArrangement {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String ACCOUNT_ID = "111122223333";
    private static final String CHECK_ID = "ebs-snapshot-block-public-access";
    private static final List<Region> REGIONS = List.of(Region.EU_WEST_1, Region.US_EAST_1);

    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID);

    @Override
    public void arrangeCompliant(CheckFixtures.Fixture fixture) {
        fixture.regions().forEach(region -> enable(fixture.account().ec2(region), SnapshotBlockPublicAccessState.BLOCK_ALL_SHARING));
    }

    /** The first region as a new account has it (unblocked), the others blocking new sharing only: both fail. */
    @Override
    public void arrangeNonCompliant(CheckFixtures.Fixture fixture) {
        fixture.regions().stream().skip(1).forEach(region -> enable(fixture.account().ec2(region), SnapshotBlockPublicAccessState.BLOCK_NEW_SHARING));
    }

    @Override
    public Object state(CheckFixtures.Fixture fixture) {
        return fixture.regions().stream().map(region -> region.id() + "=" + state(fixture.account().ec2(region))).toList();
    }

    @Test
    void aNewAccountIsUnblockedAndNonCompliant() {
        AccountResult result = run(Mode.AUDIT, List.of());

        assertThat(CheckerHarness.only(result)).isEqualTo(CheckResult.nonCompliant(CHECK_ID, "eu-west-1",
                "block public access for EBS snapshots is unblocked; block all public sharing of snapshots in this region",
                Map.of("State", "unblocked")));
        assertThat(harness.actions()).containsExactly("ec2:GetSnapshotBlockPublicAccessState");
    }

    @Test
    void onlyBlockingAllSharingIsCompliantInEachRegion() {
        enable(harness.account().ec2(Region.EU_WEST_1), SnapshotBlockPublicAccessState.BLOCK_ALL_SHARING);
        enable(harness.account().ec2(Region.US_EAST_1), SnapshotBlockPublicAccessState.BLOCK_NEW_SHARING);

        AccountResult result = run(Mode.AUDIT, REGIONS);

        assertThat(result.checks()).containsExactly(CheckResult.compliant(CHECK_ID, "eu-west-1"),
                CheckResult.nonCompliant(CHECK_ID, "us-east-1", "block public access for EBS snapshots is block-new-sharing;"
                        + " block all public sharing of snapshots in this region", Map.of("State", "block-new-sharing")));
    }

    @Test
    void remediationBlocksAllSharingWhereItWasNotAndASecondRunWritesNothing() {
        arrangeNonCompliant(new CheckFixtures.Fixture(harness.account(), MOTO, REGIONS));

        AccountResult fixed = run(Mode.REMEDIATE, REGIONS);
        int callsAfterFirst = harness.calls().size();
        AccountResult again = run(Mode.REMEDIATE, REGIONS);

        assertThat(fixed.checks()).containsExactly(
                CheckResult.remediated(CHECK_ID, "eu-west-1", "ec2:EnableSnapshotBlockPublicAccess", Map.of("State", "unblocked"),
                        Map.of("State", "block-all-sharing")),
                CheckResult.remediated(CHECK_ID, "us-east-1", "ec2:EnableSnapshotBlockPublicAccess", Map.of("State", "block-new-sharing"),
                        Map.of("State", "block-all-sharing")));
        assertThat(REGIONS).allSatisfy(region -> assertThat(state(harness.account().ec2(region))).isEqualTo("block-all-sharing"));
        assertThat(again.checks()).extracting(CheckResult::status).containsOnly(CheckStatus.COMPLIANT);
        assertThat(harness.calls().subList(callsAfterFirst, harness.calls().size())).doesNotContain("EnableSnapshotBlockPublicAccess");
    }

    @Test
    void aRefusedFixIsAnErrorAndLeavesTheSetting() {
        CheckResult result = harness.refusedEc2Fix(CHECK_ID, "EnableSnapshotBlockPublicAccess");

        assertThat(result.detail()).startsWith("could not fix (block public access for EBS snapshots is unblocked");
        assertThat(result.before()).isEqualTo(Map.of("State", "unblocked"));
        assertThat(state(harness.account().ec2(Region.EU_WEST_1))).isEqualTo("unblocked");
    }

    @Test
    void aSettingThatADeclarativePolicyManagesIsReportedAsSuchAndNeverWritten() {
        StandInAdmin admin = StandInAdmin.at(MOTO.endpoint());
        admin.manageByDeclarativePolicy(StandInAdmin.SNAPSHOT_BLOCK_PUBLIC_ACCESS, ACCOUNT_ID, "eu-west-1", Map.of("state", "block-new-sharing"));
        admin.manageByDeclarativePolicy(StandInAdmin.SNAPSHOT_BLOCK_PUBLIC_ACCESS, ACCOUNT_ID, "us-east-1", Map.of("state", "block-all-sharing"));

        AccountResult audited = run(Mode.AUDIT, REGIONS);
        AccountResult remediated = run(Mode.REMEDIATE, REGIONS);

        Map<String, Object> managed = Map.of("State", "block-new-sharing", "ManagedBy", "declarative-policy");
        String problem = "block public access for EBS snapshots is block-new-sharing, as an AWS Organizations declarative policy"
                + " sets it (ManagedBy declarative-policy): set snapshot_block_public_access.state to block_all_sharing in the EC2"
                + " declarative policy, in the organisation's management account";
        assertThat(audited.checks()).containsExactly(CheckResult.nonCompliant(CHECK_ID, "eu-west-1", problem, managed),
                CheckResult.compliant(CHECK_ID, "us-east-1"));
        assertThat(remediated.checks()).containsExactly(CheckResult.nonCompliant(CHECK_ID, "eu-west-1", problem
                        + "; not fixed: the member account cannot change a setting that a declarative policy manages", managed),
                CheckResult.compliant(CHECK_ID, "us-east-1"));
        assertThat(harness.actions()).doesNotContain("ec2:EnableSnapshotBlockPublicAccess");
    }

    @Test
    void anApprovedFixOfASettingThatADeclarativePolicyNowManagesWritesNothing() {
        CheckResult planned = CheckerHarness.only(run(Mode.AUDIT, List.of()));
        StandInAdmin.at(MOTO.endpoint()).manageByDeclarativePolicy(StandInAdmin.SNAPSHOT_BLOCK_PUBLIC_ACCESS, ACCOUNT_ID, "eu-west-1",
                Map.of("state", "unblocked"));

        CheckResult result;
        try (CheckContext context = harness.context(ACCOUNT_ID, Mode.REMEDIATE, List.of(Region.EU_WEST_1))) {
            result = new EbsSnapshotBlockPublicAccessCheck().fixIfUnchanged(context, "eu-west-1", planned.before());
        }

        assertThat(result.status()).isEqualTo(CheckStatus.NON_COMPLIANT);
        assertThat(result.detail()).startsWith("changed since the plan, left alone");
        assertThat(result.before()).containsEntry("ManagedBy", "declarative-policy");
        assertThat(harness.actions()).doesNotContain("ec2:EnableSnapshotBlockPublicAccess");
    }

    private AccountResult run(Mode mode, List<Region> regions) {
        return run(mode, regions, AccountStatus.SUCCEEDED);
    }

    private AccountResult run(Mode mode, List<Region> regions, AccountStatus expected) {
        return harness.run(CHECK_ID, mode, regions, expected);
    }

    private static void enable(Ec2Client ec2, SnapshotBlockPublicAccessState state) {
        ec2.enableSnapshotBlockPublicAccess(r -> r.state(state));
    }

    private static String state(Ec2Client ec2) {
        return ec2.getSnapshotBlockPublicAccessState(r -> { }).stateAsString();
    }
}
