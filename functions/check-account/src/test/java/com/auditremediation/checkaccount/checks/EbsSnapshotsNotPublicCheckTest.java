package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.testing.CheckArrangement;
import com.auditremediation.checkaccount.testing.CheckFixtures;
import com.auditremediation.checkaccount.testing.CheckerHarness;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Mode;
import com.auditremediation.local.MotoExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateVolumePermission;
import software.amazon.awssdk.services.ec2.model.Snapshot;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * moto holds snapshots and their createVolumePermission as EC2 does, but ignores DescribeSnapshots' OwnerIds and
 * RestorableByUserIds: the stand-in at moto's endpoint corrects both (docs/stand-in.md), so the check's one paged call
 * for the account's public snapshots answers as on AWS.
 */
class EbsSnapshotsNotPublicCheckTest implements CheckArrangement {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String ACCOUNT_ID = "111122223333";
    private static final String OTHER_ACCOUNT = "444455556666";
    private static final String CHECK_ID = "ebs-snapshots-not-public";
    private static final List<Region> REGIONS = List.of(Region.EU_WEST_1, Region.US_EAST_1);

    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID);

    /** Every public snapshot of the account made private (an account without snapshots is compliant too). */
    @Override
    public void arrangeCompliant(CheckFixtures.Fixture fixture) {
        fixture.regions().forEach(region -> {
            Ec2Client ec2 = fixture.account().ec2(region);
            ownSnapshots(ec2).stream().filter(snapshot -> isPublic(ec2, snapshot)).forEach(snapshot -> makePrivate(ec2, snapshot));
        });
    }

    /** One public snapshot in every region. */
    @Override
    public void arrangeNonCompliant(CheckFixtures.Fixture fixture) {
        fixture.regions().forEach(region -> makePublic(fixture.account().ec2(region), snapshot(fixture.account().ec2(region), region)));
    }

    @Override
    public Object state(CheckFixtures.Fixture fixture) {
        return fixture.regions().stream().map(region -> {
            Ec2Client ec2 = fixture.account().ec2(region);
            return region.id() + "=" + ownSnapshots(ec2).stream().map(snapshot -> snapshot + (isPublic(ec2, snapshot) ? " public" : "")).sorted().toList();
        }).toList();
    }

    @Test
    void privateSnapshotsAndOnesSharedWithNamedAccountsAreCompliant() {
        Ec2Client ec2 = harness.account().ec2(Region.EU_WEST_1);
        snapshot(ec2, Region.EU_WEST_1);
        String shared = snapshot(ec2, Region.EU_WEST_1);
        ec2.modifySnapshotAttribute(r -> r.snapshotId(shared).attribute("createVolumePermission").operationType("add").userIds(OTHER_ACCOUNT));

        AccountResult result = run(Mode.AUDIT, REGIONS);

        assertThat(result.checks()).containsExactly(CheckResult.compliant(CHECK_ID, "eu-west-1"), CheckResult.compliant(CHECK_ID, "us-east-1"));
        assertThat(harness.actions()).as("no private snapshot is a candidate, so none is read one by one")
                .containsOnly("ec2:DescribeSnapshots");
    }

    @Test
    void publicSnapshotsAreOneResultPerRegionThatListsThem() {
        // More than ten would be listed as ten and "and N more" (Evidence.capped, EvidenceTest).
        Ec2Client ec2 = harness.account().ec2(Region.EU_WEST_1);
        List<String> publicIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            publicIds.add(makePublic(ec2, snapshot(ec2, Region.EU_WEST_1)));
        }
        snapshot(ec2, Region.EU_WEST_1);

        AccountResult result = run(Mode.AUDIT, REGIONS);

        CheckResult euWest1 = result.checks().get(0);
        assertThat(euWest1.status()).isEqualTo(CheckStatus.NON_COMPLIANT);
        assertThat(euWest1.detail()).isEqualTo("3 EBS snapshots of this account are public (any AWS account can restore them); make them private");
        assertThat(euWest1.before()).containsOnlyKeys("PublicSnapshots");
        assertThat(euWest1.before().get("PublicSnapshots")).asList().containsExactlyInAnyOrderElementsOf(publicIds);
        assertThat(result.checks().get(1)).isEqualTo(CheckResult.compliant(CHECK_ID, "us-east-1"));
        assertThat(harness.actions()).filteredOn("ec2:DescribeSnapshotAttribute"::equals).as("the public candidates only").hasSize(3);
    }

    @Test
    void remediationMakesEachPublicSnapshotPrivateAndKeepsSharingWithNamedAccounts() {
        arrangeNonCompliant(new CheckFixtures.Fixture(harness.account(), MOTO, REGIONS));
        Ec2Client ec2 = harness.account().ec2(Region.EU_WEST_1);
        String snapshot = ownSnapshots(ec2).get(0);
        ec2.modifySnapshotAttribute(r -> r.snapshotId(snapshot).attribute("createVolumePermission").operationType("add").userIds(OTHER_ACCOUNT));

        AccountResult fixed = run(Mode.REMEDIATE, REGIONS);
        AccountResult again = run(Mode.REMEDIATE, REGIONS);

        assertThat(fixed.checks().get(0)).isEqualTo(CheckResult.remediated(CHECK_ID, "eu-west-1", "ec2:ModifySnapshotAttribute",
                Map.of("PublicSnapshots", List.of(snapshot)), Map.of("PublicSnapshots", List.of())));
        assertThat(fixed.checks().get(1).status()).isEqualTo(CheckStatus.REMEDIATED);
        assertThat(permissions(ec2, snapshot)).extracting(CreateVolumePermission::userId).containsExactly(OTHER_ACCOUNT);
        assertThat(REGIONS).allSatisfy(region -> assertThat(ownSnapshots(harness.account().ec2(region)))
                .noneMatch(id -> isPublic(harness.account().ec2(region), id)));
        assertThat(again.checks()).extracting(CheckResult::status).containsOnly(CheckStatus.COMPLIANT);
    }

    @Test
    void aRefusedFixIsAnErrorAndLeavesTheSnapshotPublic() {
        Ec2Client ec2 = harness.account().ec2(Region.EU_WEST_1);
        String snapshot = makePublic(ec2, snapshot(ec2, Region.EU_WEST_1));

        CheckResult result = harness.refusedEc2Fix(CHECK_ID, "ModifySnapshotAttribute");

        assertThat(result.detail()).startsWith("could not fix (1 EBS snapshot of this account is public");
        assertThat(result.before()).isEqualTo(Map.of("PublicSnapshots", List.of(snapshot)));
        assertThat(isPublic(ec2, snapshot)).isTrue();
    }

    private AccountResult run(Mode mode, List<Region> regions) {
        return harness.run(CHECK_ID, mode, regions, AccountStatus.SUCCEEDED);
    }

    private static String snapshot(Ec2Client ec2, Region region) {
        String volume = ec2.createVolume(r -> r.availabilityZone(region.id() + "a").size(1)).volumeId();
        return ec2.createSnapshot(r -> r.volumeId(volume)).snapshotId();
    }

    private static String makePublic(Ec2Client ec2, String snapshotId) {
        ec2.modifySnapshotAttribute(r -> r.snapshotId(snapshotId).attribute("createVolumePermission").operationType("add").groupNames("all"));
        return snapshotId;
    }

    private static void makePrivate(Ec2Client ec2, String snapshotId) {
        ec2.modifySnapshotAttribute(r -> r.snapshotId(snapshotId).attribute("createVolumePermission").operationType("remove").groupNames("all"));
    }

    private static List<String> ownSnapshots(Ec2Client ec2) {
        return ec2.describeSnapshots(r -> r.ownerIds("self")).snapshots().stream().map(Snapshot::snapshotId).toList();
    }

    private static List<CreateVolumePermission> permissions(Ec2Client ec2, String snapshotId) {
        return ec2.describeSnapshotAttribute(r -> r.snapshotId(snapshotId).attribute("createVolumePermission")).createVolumePermissions();
    }

    private static boolean isPublic(Ec2Client ec2, String snapshotId) {
        return permissions(ec2, snapshotId).stream().anyMatch(permission -> "all".equals(permission.groupAsString()));
    }
}
