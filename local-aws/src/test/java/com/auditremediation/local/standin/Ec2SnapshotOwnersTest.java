package com.auditremediation.local.standin;

import com.auditremediation.local.MotoExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Snapshot;

import static com.auditremediation.local.standin.StandInClients.MEMBER_A;
import static org.assertj.core.api.Assertions.assertThat;

class Ec2SnapshotOwnersTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private Ec2Client ec2(String accountId) {
        return StandInClients.client(Ec2Client.builder(), MOTO.proxyEndpoint(), Region.EU_WEST_1, StandInClients.assumedRole(MOTO, accountId));
    }

    private static String snapshot(Ec2Client ec2) {
        String volume = ec2.createVolume(r -> r.availabilityZone("eu-west-1a").size(1)).volumeId();
        return ec2.createSnapshot(r -> r.volumeId(volume)).snapshotId();
    }

    @Test
    void snapshotsOfSelfAreTheCallersOwnOnly() {
        try (Ec2Client ec2 = ec2(MEMBER_A)) {
            String mine = snapshot(ec2);

            List<Snapshot> self = ec2.describeSnapshots(r -> r.ownerIds("self")).snapshots();
            List<Snapshot> byAccountId = ec2.describeSnapshots(r -> r.ownerIds(MEMBER_A).filters(f -> f.name("status").values("completed")))
                    .snapshots();
            List<Snapshot> everyVisible = ec2.describeSnapshots(r -> { }).snapshots();

            assertThat(self).extracting(Snapshot::snapshotId).containsExactly(mine);
            assertThat(self).extracting(Snapshot::ownerId).containsOnly(MEMBER_A);
            assertThat(byAccountId).extracting(Snapshot::snapshotId).containsExactly(mine);
            assertThat(everyVisible).as("without owners moto answers as it does: every snapshot it holds").hasSizeGreaterThan(1);
        }
    }

    @Test
    void snapshotsRestorableByAllAreTheOwnersPublicOnes() {
        try (Ec2Client ec2 = ec2(MEMBER_A)) {
            String shared = snapshot(ec2);
            String sharedWithOneAccount = snapshot(ec2);
            snapshot(ec2);
            ec2.modifySnapshotAttribute(r -> r.snapshotId(shared).attribute("createVolumePermission").operationType("add").groupNames("all"));
            ec2.modifySnapshotAttribute(r -> r.snapshotId(sharedWithOneAccount).attribute("createVolumePermission").operationType("add")
                    .userIds(StandInClients.MEMBER_B));

            List<Snapshot> publicOnes = ec2.describeSnapshots(r -> r.ownerIds("self").restorableByUserIds("all")).snapshots();
            ec2.modifySnapshotAttribute(r -> r.snapshotId(shared).attribute("createVolumePermission").operationType("remove").groupNames("all"));
            List<Snapshot> afterMadePrivate = ec2.describeSnapshots(r -> r.ownerIds("self").restorableByUserIds("all")).snapshots();

            assertThat(publicOnes).extracting(Snapshot::snapshotId).containsExactly(shared);
            assertThat(afterMadePrivate).isEmpty();
            assertThat(ec2.describeSnapshots(r -> r.ownerIds("self")).snapshots()).as("without RestorableBy, every snapshot of the owner")
                    .hasSize(3);
        }
    }
}
