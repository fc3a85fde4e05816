package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.checks.Ec2QueryClient.AccountAttribute;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.regions.Region;

/**
 * Block public access for EBS snapshots blocks all sharing in each region swept (Security Hub EC2.182, "Amazon EBS
 * Snapshots should not be publicly accessible", severity High:
 * https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-182; its AWS Config rule
 * ebs-snapshot-block-public-access fails unless the state is {@code block-all-sharing}). The setting is per account
 * and region, {@code unblocked} in a new account; {@code block-new-sharing} still fails, because snapshots shared
 * before it stay public.
 *
 * <p>The fix sets {@code block-all-sharing}: snapshots shared publicly before are treated as private from then on,
 * although their {@code createVolumePermission} still names the group {@code all} (what {@code ebs-snapshots-not-public}
 * reports and removes). It is reversible ({@code DisableSnapshotBlockPublicAccess}). An AWS Organizations declarative
 * policy may manage the setting ({@code ManagedBy: declarative-policy}): EC2 then refuses any change from the account,
 * so the result names the policy's attribute to change and remediate mode writes nothing ({@link DeclarativePolicies}).
 */
public final class EbsSnapshotBlockPublicAccessCheck extends Ec2AccountAttributeCheck<AccountAttribute> {

    static final String BLOCK_ALL_SHARING = "block-all-sharing";
    private static final String STATE = "State";

    public EbsSnapshotBlockPublicAccessCheck() {
        super(CheckDescriptor.builder("ebs-snapshot-block-public-access")
                .title("Amazon EBS Snapshots should not be publicly accessible")
                .controls("EC2.182")
                .severity(Severity.HIGH)
                .regional()
                .reads("ec2:GetSnapshotBlockPublicAccessState")
                .fixes("ec2:EnableSnapshotBlockPublicAccess")
                .recommendation("Turn on block public access for EBS snapshots in block-all-sharing mode in every region in use"
                        + " (EC2 console, Data protection and security); remediate mode does this. Where an AWS Organizations"
                        + " declarative policy manages it, set snapshot_block_public_access to block_all_sharing in that policy.")
                .build());
    }

    @Override
    protected AccountAttribute read(CheckContext context, Region region) {
        return context.client(Ec2QueryClient.builder(), region).getSnapshotBlockPublicAccessState();
    }

    @Override
    protected boolean compliant(AccountAttribute attribute) {
        return BLOCK_ALL_SHARING.equals(attribute.state());
    }

    @Override
    protected boolean managedByPolicy(AccountAttribute attribute) {
        return attribute.managedByPolicy();
    }

    @Override
    protected Map<String, Object> settings(AccountAttribute attribute) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put(STATE, attribute.state());
        return settings;
    }

    @Override
    protected String problem(Map<String, Object> failing) {
        return DeclarativePolicies.problem("block public access for EBS snapshots is " + failing.get(STATE),
                "block all public sharing of snapshots in this region", failing,
                "set snapshot_block_public_access.state to block_all_sharing");
    }

    @Override
    protected void fix(CheckContext context, Region region, AccountAttribute attribute) {
        context.client(Ec2QueryClient.builder(), region).enableSnapshotBlockPublicAccess(BLOCK_ALL_SHARING);
    }
}
