package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.Evidence;
import com.auditremediation.checkaccount.check.SettingCheck;
import com.auditremediation.checkaccount.checks.Ec2QueryClient.AccountAttribute;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;

/**
 * Block public access for AMIs is on, and no AMI of the account is public, in each region swept. No Security Hub
 * control covers AMIs; Prowler checks both halves ({@code ec2_ami_account_block_public_access},
 * {@code ec2_ami_public}). One check, not two, because each half misses what the other catches: block public access
 * ({@code block-new-sharing}, the only state EC2 offers) stops new public sharing but leaves AMIs that were public
 * before it public, and making today's public AMIs private does not stop tomorrow's. One result per region covers
 * both, as the catalog of nine new checks counts it.
 *
 * <p>Severity CRITICAL, as Prowler rates a public AMI and as Security Hub rates the same exposure for snapshots
 * (EC2.1): a public AMI lets any AWS account launch a copy of the instance, with whatever its volumes hold (secrets,
 * code, data). Block public access is off only where the account once shared an AMI publicly or someone turned it off
 * (EC2 turns it on for new accounts), so a failure here is nearly always a real or a recent exposure.
 *
 * <p>The public AMIs come from one paged DescribeImages of the account's own images with {@code is-public true}; each
 * one's {@code launchPermission} (DescribeImageAttribute) confirms it names the group {@code all}. {@code before}
 * lists them capped ({@link Evidence#capped}). The fix turns block public access on ({@code block-new-sharing}) and
 * removes the group {@code all} from each public AMI (ModifyImageAttribute; sharing with accounts, organisations and
 * OUs stays); both can be undone. EC2 answers the enable at once but takes up to ten minutes to read it back
 * ({@code unblocked} meanwhile, as its API reference says), so the state after the fix is the one the enable answered
 * ({@link #readAfterFix}) and the result says it takes effect within ten minutes.
 *
 * <p>Where an AWS Organizations declarative policy sets block public access to {@code unblocked}, the organisation
 * has decided that AMIs may be public in that account: the member account cannot change the setting, and whether
 * its public AMIs stay public is the policy owner's call, so remediate mode changes nothing in that region and the
 * plan leaves it out ({@link DeclarativePolicies}). Under a policy that blocks new sharing, public AMIs from before are
 * still made private.
 */
public final class AmiBlockPublicAccessCheck extends SettingCheck<AmiBlockPublicAccessCheck.AmiSharing> {

    static final String BLOCK_NEW_SHARING = "block-new-sharing";
    private static final String STATE = "ImageBlockPublicAccessState";
    private static final String PUBLIC_IMAGES = "PublicImages";
    /** An AMI deregistered or disabled between the listing and the read of its launch permission. */
    private static final Set<String> GONE = Set.of("InvalidAMIID.NotFound", "InvalidAMIID.Unavailable");

    /** The region's block public access for AMIs and the account's public AMIs, every one (the evidence lists some). */
    public record AmiSharing(AccountAttribute blockPublicAccess, List<String> publicImageIds) {

        boolean blockPublicAccessFails() {
            return !BLOCK_NEW_SHARING.equals(blockPublicAccess.state());
        }
    }

    public AmiBlockPublicAccessCheck() {
        super(CheckDescriptor.builder("ami-block-public-access")
                .title("Block public access for AMIs should be enabled, and no AMI of the account should be public")
                .severity(Severity.CRITICAL)
                .regional()
                .reads("ec2:GetImageBlockPublicAccessState", "ec2:DescribeImages", "ec2:DescribeImageAttribute")
                .fixes("ec2:EnableImageBlockPublicAccess", "ec2:ModifyImageAttribute")
                .recommendation("Turn on block public access for AMIs in every region in use (EC2 console, AMIs, Block public access"
                        + " for AMIs) and make every public AMI private, sharing it with named accounts or your organisation"
                        + " where needed; remediate mode does both. Where an AWS Organizations declarative policy manages it, set"
                        + " image_block_public_access to block_new_sharing in that policy.")
                .build());
    }

    @Override
    protected AmiSharing read(CheckContext context, Region region) {
        Ec2QueryClient ec2 = context.client(Ec2QueryClient.builder(), region);
        AccountAttribute blockPublicAccess = ec2.getImageBlockPublicAccessState();
        List<String> publicIds = new ArrayList<>();
        for (String imageId : ec2.describeOwnPublicImageIds()) {
            try {
                if (ec2.describeImageLaunchPermissionGroups(imageId).contains("all")) {
                    publicIds.add(imageId);
                }
            } catch (AwsServiceException e) {
                if (!GONE.contains(e.awsErrorDetails().errorCode())) {
                    throw e;
                }
            }
        }
        return new AmiSharing(blockPublicAccess, publicIds);
    }

    @Override
    protected Map<String, Object> failing(AmiSharing sharing) {
        Map<String, Object> failing = new LinkedHashMap<>();
        if (sharing.blockPublicAccessFails()) {
            failing.put(STATE, sharing.blockPublicAccess().state());
            DeclarativePolicies.managedBy(failing, sharing.blockPublicAccess().managedByPolicy());
        }
        if (!sharing.publicImageIds().isEmpty()) {
            failing.put(PUBLIC_IMAGES, Evidence.capped(sharing.publicImageIds()));
        }
        return failing;
    }

    @Override
    protected Map<String, Object> settings(AmiSharing sharing) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put(STATE, sharing.blockPublicAccess().state());
        settings.put(PUBLIC_IMAGES, Evidence.capped(sharing.publicImageIds()));
        return settings;
    }

    @Override
    protected String problem(Map<String, Object> failing) {
        List<String> found = new ArrayList<>();
        List<String> accountFix = new ArrayList<>();
        if (failing.containsKey(PUBLIC_IMAGES)) {
            int count = Evidence.countOf((List<?>) failing.get(PUBLIC_IMAGES));
            found.add(count == 1 ? "1 AMI of this account is public (any AWS account can launch it)"
                    : count + " AMIs of this account are public (any AWS account can launch them)");
            accountFix.add("make the public AMIs private");
        }
        // Last, so that what a declarative policy sets ends the sentence that says so.
        if (failing.containsKey(STATE)) {
            found.add("block public access for AMIs is " + failing.get(STATE));
            accountFix.add("block new public sharing of AMIs in this region");
        }
        return DeclarativePolicies.problem(String.join("; ", found), String.join(" and ", accountFix), failing,
                "set image_block_public_access.state to block_new_sharing");
    }

    @Override
    protected String cannotFix(CheckContext context, AmiSharing sharing) {
        return sharing.blockPublicAccessFails() && sharing.blockPublicAccess().managedByPolicy() ? DeclarativePolicies.CANNOT_FIX : null;
    }

    @Override
    protected void fix(CheckContext context, Region region, AmiSharing sharing) {
        Ec2QueryClient ec2 = context.client(Ec2QueryClient.builder(), region);
        if (sharing.blockPublicAccessFails()) {
            String answered = ec2.enableImageBlockPublicAccess();
            if (!BLOCK_NEW_SHARING.equals(answered)) {
                throw SdkClientException.create("ec2:EnableImageBlockPublicAccess answered " + answered + ", not " + BLOCK_NEW_SHARING);
            }
        }
        sharing.publicImageIds().forEach(ec2::removeImagePublicLaunchPermission);
    }

    /** The AMIs as read now, and block public access as the enable answered it when the fix turned it on. */
    @Override
    protected AmiSharing readAfterFix(CheckContext context, Region region, AmiSharing before) {
        AmiSharing now = read(context, region);
        if (before.blockPublicAccessFails() && now.blockPublicAccessFails()) {
            return new AmiSharing(new AccountAttribute(BLOCK_NEW_SHARING, now.blockPublicAccess().managedBy()), now.publicImageIds());
        }
        return now;
    }

    @Override
    protected String fixNote(AmiSharing before) {
        return before.blockPublicAccessFails() ? "EC2 applies block public access for AMIs within ten minutes" : null;
    }
}
