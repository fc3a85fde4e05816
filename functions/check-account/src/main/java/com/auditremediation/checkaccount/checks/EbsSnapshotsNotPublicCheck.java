package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.Evidence;
import com.auditremediation.checkaccount.check.SettingCheck;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;

/**
 * No EBS snapshot of the account is public in each region swept (Security Hub EC2.1, "Amazon EBS snapshots should not
 * be publicly restorable", severity Critical:
 * https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-1; its AWS Config rule
 * ebs-snapshot-public-restorable-check fails for a snapshot restorable by {@code all}). A public snapshot lets any AWS
 * account copy the volume's data.
 *
 * <p>The candidates come from one paged DescribeSnapshots of the account's own snapshots restorable by {@code all},
 * AWS's documented filter for public ones (an account may hold tens of thousands of snapshots; reading each one's
 * attribute would take minutes); each candidate's {@code createVolumePermission} then confirms it names the group
 * {@code all} (a snapshot made private or deleted in between is not reported). Like EC2.2's check, one result per
 * region, not one per snapshot as in Security Hub: {@code before} lists the public snapshots, capped
 * ({@link Evidence#capped}).
 *
 * <p>The fix removes the group {@code all} from each public snapshot's createVolumePermission (ModifySnapshotAttribute,
 * which a person can undo); sharing with named accounts is kept. Block public access for snapshots in
 * block-all-sharing mode ({@code ebs-snapshot-block-public-access}) hides such snapshots without changing their
 * permissions, so they are reported here until made private.
 */
public final class EbsSnapshotsNotPublicCheck extends SettingCheck<List<String>> {

    private static final String PUBLIC_SNAPSHOTS = "PublicSnapshots";

    public EbsSnapshotsNotPublicCheck() {
        super(CheckDescriptor.builder("ebs-snapshots-not-public")
                .title("Amazon EBS snapshots should not be publicly restorable")
                .controls("EC2.1")
                .severity(Severity.CRITICAL)
                .regional()
                .reads("ec2:DescribeSnapshots", "ec2:DescribeSnapshotAttribute")
                .fixes("ec2:ModifySnapshotAttribute")
                .recommendation("Make every public EBS snapshot private (EC2 console, Snapshots, Modify permissions: Private), sharing"
                        + " it with named accounts where needed; remediate mode removes the public permission.")
                .build());
    }

    /** The ids of the account's public snapshots in the region, every one (the evidence lists some). */
    @Override
    protected List<String> read(CheckContext context, Region region) {
        Ec2QueryClient ec2 = context.client(Ec2QueryClient.builder(), region);
        List<String> publicIds = new ArrayList<>();
        for (String snapshotId : ec2.describeOwnPublicSnapshotIds()) {
            try {
                if (ec2.describeSnapshotVolumePermissionGroups(snapshotId).contains("all")) {
                    publicIds.add(snapshotId);
                }
            } catch (AwsServiceException e) {
                if (!"InvalidSnapshot.NotFound".equals(e.awsErrorDetails().errorCode())) {
                    throw e;
                }
            }
        }
        return publicIds;
    }

    @Override
    protected Map<String, Object> failing(List<String> publicIds) {
        return publicIds.isEmpty() ? Map.of() : settings(publicIds);
    }

    @Override
    protected Map<String, Object> settings(List<String> publicIds) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put(PUBLIC_SNAPSHOTS, Evidence.capped(publicIds));
        return settings;
    }

    @Override
    protected String problem(Map<String, Object> failing) {
        int count = Evidence.countOf((List<?>) failing.get(PUBLIC_SNAPSHOTS));
        return count == 1 ? "1 EBS snapshot of this account is public (any AWS account can restore it); make it private"
                : count + " EBS snapshots of this account are public (any AWS account can restore them); make them private";
    }

    @Override
    protected void fix(CheckContext context, Region region, List<String> publicIds) {
        Ec2QueryClient ec2 = context.client(Ec2QueryClient.builder(), region);
        publicIds.forEach(ec2::removeSnapshotPublicPermission);
    }
}
