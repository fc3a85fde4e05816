package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.testing.CheckArrangement;
import com.auditremediation.checkaccount.testing.CheckFixtures;
import com.auditremediation.checkaccount.testing.CheckerHarness;
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
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.LaunchPermission;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * moto holds AMIs and their launch permissions as EC2 does (DescribeImages honours Owners and the is-public filter);
 * block public access for AMIs, which moto 5.2.1 lacks, is the stand-in's (docs/stand-in.md): {@code block-new-sharing}
 * in a new account, as EC2 sets it, and applied at once where AWS takes up to ten minutes (the test of the fix
 * answers one read as AWS does meanwhile).
 */
class AmiBlockPublicAccessCheckTest implements CheckArrangement {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String ACCOUNT_ID = "111122223333";
    private static final String OTHER_ACCOUNT = "444455556666";
    private static final String CHECK_ID = "ami-block-public-access";
    private static final List<Region> REGIONS = List.of(Region.EU_WEST_1, Region.US_EAST_1);

    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID);

    /** Block public access on and every AMI of the account private, in each region. */
    @Override
    public void arrangeCompliant(CheckFixtures.Fixture fixture) {
        fixture.regions().forEach(region -> {
            Ec2Client ec2 = fixture.account().ec2(region);
            ec2.enableImageBlockPublicAccess(r -> r.imageBlockPublicAccessState("block-new-sharing"));
            ownImages(ec2).stream().filter(image -> isPublic(ec2, image)).forEach(image -> ec2.modifyImageAttribute(r -> r.imageId(image)
                    .launchPermission(p -> p.remove(LaunchPermission.builder().group("all").build()))));
        });
    }

    /** In each region: block public access off and one public AMI. */
    @Override
    public void arrangeNonCompliant(CheckFixtures.Fixture fixture) {
        fixture.regions().forEach(region -> {
            Ec2Client ec2 = fixture.account().ec2(region);
            ec2.disableImageBlockPublicAccess(r -> { });
            makePublic(ec2, image(ec2));
        });
    }

    @Override
    public Object state(CheckFixtures.Fixture fixture) {
        return fixture.regions().stream().map(region -> {
            Ec2Client ec2 = fixture.account().ec2(region);
            return region.id() + "=" + blockState(ec2) + " " + ownImages(ec2).stream().map(image -> image + (isPublic(ec2, image) ? " public" : ""))
                    .sorted().toList();
        }).toList();
    }

    @Test
    void aNewAccountBlocksNewSharingAndPrivateOrSharedAmisAreCompliant() {
        Ec2Client ec2 = harness.account().ec2(Region.EU_WEST_1);
        image(ec2);
        String shared = image(ec2);
        ec2.modifyImageAttribute(r -> r.imageId(shared).launchPermission(p -> p.add(LaunchPermission.builder().userId(OTHER_ACCOUNT).build())));

        AccountResult result = run(Mode.AUDIT, REGIONS);

        assertThat(result.checks()).containsExactly(CheckResult.compliant(CHECK_ID, "eu-west-1"), CheckResult.compliant(CHECK_ID, "us-east-1"));
        assertThat(harness.actions()).containsOnly("ec2:GetImageBlockPublicAccessState", "ec2:DescribeImages");
    }

    @Test
    void blockPublicAccessOffAndPublicAmisAreOneResultPerRegion() {
        Ec2Client euWest1 = harness.account().ec2(Region.EU_WEST_1);
        euWest1.disableImageBlockPublicAccess(r -> { });
        String publicImage = makePublic(euWest1, image(euWest1));
        image(euWest1);
        Ec2Client usEast1 = harness.account().ec2(Region.US_EAST_1);
        String olderPublicImage = makePublic(usEast1, image(usEast1));

        AccountResult result = run(Mode.AUDIT, REGIONS);

        assertThat(result.checks()).containsExactly(
                CheckResult.nonCompliant(CHECK_ID, "eu-west-1", "1 AMI of this account is public (any AWS account can launch it);"
                        + " block public access for AMIs is unblocked; make the public AMIs private and block new public sharing of AMIs"
                        + " in this region", Map.of("PublicImages", List.of(publicImage), "ImageBlockPublicAccessState", "unblocked")),
                CheckResult.nonCompliant(CHECK_ID, "us-east-1", "1 AMI of this account is public (any AWS account can launch it);"
                        + " make the public AMIs private", Map.of("PublicImages", List.of(olderPublicImage))));
    }

    @Test
    void remediationBlocksNewSharingAndMakesThePublicAmisPrivateThoughEc2ReadsTheBlockBackLater() {
        arrangeNonCompliant(new CheckFixtures.Fixture(harness.account(), MOTO, List.of(Region.EU_WEST_1)));
        Ec2Client ec2 = harness.account().ec2(Region.EU_WEST_1);
        String image = ownImages(ec2).get(0);
        ec2.modifyImageAttribute(r -> r.imageId(image).launchPermission(p -> p.add(LaunchPermission.builder().userId(OTHER_ACCOUNT).build())));
        FaultRule notYet = answersUnblockedOnceAfterTheEnable();

        AccountResult fixed = run(Mode.REMEDIATE, List.of());
        AccountResult again = run(Mode.REMEDIATE, List.of());

        assertThat(CheckerHarness.only(fixed)).isEqualTo(CheckResult.remediated(CHECK_ID, "eu-west-1",
                "ec2:EnableImageBlockPublicAccess, ec2:ModifyImageAttribute (EC2 applies block public access for AMIs within ten minutes)",
                Map.of("ImageBlockPublicAccessState", "unblocked", "PublicImages", List.of(image)),
                Map.of("ImageBlockPublicAccessState", "block-new-sharing", "PublicImages", List.of())));
        assertThat(notYet.hits()).as("the read after the fix answered unblocked").isEqualTo(1);
        assertThat(blockState(ec2)).isEqualTo("block-new-sharing");
        assertThat(isPublic(ec2, image)).isFalse();
        assertThat(ec2.describeImageAttribute(r -> r.imageId(image).attribute("launchPermission")).launchPermissions())
                .extracting(LaunchPermission::userId).containsExactly(OTHER_ACCOUNT);
        assertThat(CheckerHarness.only(again).status()).isEqualTo(CheckStatus.COMPLIANT);
    }

    @Test
    void aRefusedFixIsAnErrorAndLeavesTheAmiPublic() {
        Ec2Client ec2 = harness.account().ec2(Region.EU_WEST_1);
        String image = makePublic(ec2, image(ec2));

        CheckResult result = harness.refusedEc2Fix(CHECK_ID, "ModifyImageAttribute");

        assertThat(result.detail()).startsWith("could not fix (1 AMI of this account is public");
        assertThat(result.before()).isEqualTo(Map.of("PublicImages", List.of(image)));
        assertThat(isPublic(ec2, image)).isTrue();
    }

    @Test
    void whereADeclarativePolicyUnblocksSharingTheRegionIsLeftAloneAndWhereItBlocksThePublicAmisAreMadePrivate() {
        StandInAdmin admin = StandInAdmin.at(MOTO.endpoint());
        admin.manageByDeclarativePolicy(StandInAdmin.IMAGE_BLOCK_PUBLIC_ACCESS, ACCOUNT_ID, "eu-west-1", Map.of("state", "unblocked"));
        admin.manageByDeclarativePolicy(StandInAdmin.IMAGE_BLOCK_PUBLIC_ACCESS, ACCOUNT_ID, "us-east-1", Map.of("state", "block-new-sharing"));
        String unblockedByPolicy = makePublic(harness.account().ec2(Region.EU_WEST_1), image(harness.account().ec2(Region.EU_WEST_1)));
        String fromBeforeThePolicy = makePublic(harness.account().ec2(Region.US_EAST_1), image(harness.account().ec2(Region.US_EAST_1)));

        AccountResult result = run(Mode.REMEDIATE, REGIONS);

        assertThat(result.checks()).containsExactly(
                CheckResult.nonCompliant(CHECK_ID, "eu-west-1", "1 AMI of this account is public (any AWS account can launch it);"
                        + " block public access for AMIs is unblocked, as an AWS Organizations declarative policy sets it (ManagedBy"
                        + " declarative-policy): set image_block_public_access.state to block_new_sharing in the EC2 declarative policy,"
                        + " in the organisation's management account; not fixed: the member account cannot change a setting that a"
                        + " declarative policy manages",
                        Map.of("PublicImages", List.of(unblockedByPolicy), "ImageBlockPublicAccessState", "unblocked", "ManagedBy", "declarative-policy")),
                CheckResult.remediated(CHECK_ID, "us-east-1", "ec2:EnableImageBlockPublicAccess, ec2:ModifyImageAttribute",
                        Map.of("PublicImages", List.of(fromBeforeThePolicy)), Map.of("PublicImages", List.of())));
        assertThat(isPublic(harness.account().ec2(Region.EU_WEST_1), unblockedByPolicy)).isTrue();
        assertThat(harness.actions()).doesNotContain("ec2:EnableImageBlockPublicAccess").containsOnlyOnce("ec2:ModifyImageAttribute");
    }

    private AccountResult run(Mode mode, List<Region> regions) {
        return harness.run(CHECK_ID, mode, regions, AccountStatus.SUCCEEDED);
    }

    /** As AWS answers for up to ten minutes after an enable: the first read after it still says unblocked. */
    private static FaultRule answersUnblockedOnceAfterTheEnable() {
        AtomicBoolean enabled = new AtomicBoolean();
        MOTO.inject(new FaultRule("sees the enable", request -> {
            enabled.compareAndSet(false, "EnableImageBlockPublicAccess".equals(request.form().get("Action")));
            return false;
        }, 0, 200, "text/xml", ""));
        return MOTO.inject(new FaultRule("GetImageBlockPublicAccessState still unblocked", request -> enabled.get()
                && "GetImageBlockPublicAccessState".equals(request.form().get("Action")), 1, 200, "text/xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<GetImageBlockPublicAccessStateResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                        + "<requestId>" + UUID.randomUUID() + "</requestId><imageBlockPublicAccessState>unblocked</imageBlockPublicAccessState>"
                        + "<managedBy>account</managedBy></GetImageBlockPublicAccessStateResponse>"));
    }

    private static String image(Ec2Client ec2) {
        return ec2.registerImage(r -> r.name("image-" + UUID.randomUUID())).imageId();
    }

    private static String makePublic(Ec2Client ec2, String imageId) {
        ec2.modifyImageAttribute(r -> r.imageId(imageId).launchPermission(p -> p.add(LaunchPermission.builder().group("all").build())));
        return imageId;
    }

    private static List<String> ownImages(Ec2Client ec2) {
        return ec2.describeImages(r -> r.owners("self")).images().stream().map(Image::imageId).toList();
    }

    private static boolean isPublic(Ec2Client ec2, String imageId) {
        return ec2.describeImageAttribute(r -> r.imageId(imageId).attribute("launchPermission")).launchPermissions().stream()
                .anyMatch(permission -> "all".equals(permission.groupAsString()));
    }

    private static String blockState(Ec2Client ec2) {
        return ec2.getImageBlockPublicAccessState(r -> { }).imageBlockPublicAccessState();
    }
}
