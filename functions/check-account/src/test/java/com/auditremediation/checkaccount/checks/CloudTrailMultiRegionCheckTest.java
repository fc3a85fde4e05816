package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.testing.CheckArrangement;
import com.auditremediation.checkaccount.testing.CheckFixtures;
import com.auditremediation.checkaccount.testing.CheckInputs;
import com.auditremediation.checkaccount.testing.CheckerHarness;
import com.auditremediation.checkaccount.testing.MemberAccount;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Mode;
import com.auditremediation.local.MotoExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedEventSelector;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedFieldSelector;
import software.amazon.awssdk.services.cloudtrail.model.EventSelector;
import software.amazon.awssdk.services.cloudtrail.model.ReadWriteType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CloudTrail in moto 5.2.1: trails, shadow trails in the other regions ({@code includeShadowTrails}), logging status
 * and both kinds of event selectors, read in the trail's home region; a trail whose selectors were never set reads
 * AWS's default (all management events) through the stand-in's correction at moto's endpoint.
 */
class CloudTrailMultiRegionCheckTest implements CheckArrangement {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String ACCOUNT_ID = "111122223333";
    private static final String CHECK_ID = "cloudtrail-multi-region";
    private static final List<String> CHECK = List.of(CHECK_ID);
    private static final List<String> READS = List.of("cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors");

    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID);

    /** A multi-Region trail, home in the first region, logging all management events. */
    @Override
    public void arrangeCompliant(CheckFixtures.Fixture fixture) {
        trail(fixture.account(), fixture.regions().get(0), "organization-trail", true, true, ReadWriteType.ALL);
    }

    /** A single-Region trail, logging. */
    @Override
    public void arrangeNonCompliant(CheckFixtures.Fixture fixture) {
        trail(fixture.account(), fixture.regions().get(0), "local-trail", false, true, ReadWriteType.ALL);
    }

    @Override
    public Object state(CheckFixtures.Fixture fixture) {
        CloudTrailClient cloudTrail = cloudTrail(fixture.account(), fixture.regions().get(0));
        return cloudTrail.describeTrails(r -> r.includeShadowTrails(true)).trailList().stream()
                .map(trail -> trail.name() + ":" + trail.isMultiRegionTrail() + ":" + cloudTrail.getTrailStatus(r -> r.name(trail.trailARN())).isLogging())
                .toList();
    }

    @Test
    void aMultiRegionTrailOfAnotherHomeRegionCountsInEveryRegion() {
        trail(harness.account(), Region.US_EAST_1, "organization-trail", true, true, ReadWriteType.ALL);

        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, CHECK, List.of(Region.EU_WEST_1, Region.US_EAST_1)));

        assertThat(result.status()).isEqualTo(AccountStatus.SUCCEEDED);
        assertThat(result.checks()).containsExactly(CheckResult.compliant(CHECK_ID, "eu-west-1"), CheckResult.compliant(CHECK_ID, "us-east-1"));
        assertThat(harness.actions()).containsOnlyElementsOf(READS).containsAll(READS);
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachTrailThatDoesNotCountIsNamedWithWhy() {
        trail(harness.account(), Region.EU_WEST_1, "local-trail", false, true, ReadWriteType.ALL);
        trail(harness.account(), Region.EU_WEST_1, "stopped-trail", true, false, ReadWriteType.ALL);
        trail(harness.account(), Region.EU_WEST_1, "write-trail", true, true, ReadWriteType.WRITE_ONLY);
        CloudTrailClient cloudTrail = cloudTrail(harness.account(), Region.EU_WEST_1);
        trail(harness.account(), Region.EU_WEST_1, "no-kms-trail", true, true, ReadWriteType.ALL);
        cloudTrail.putEventSelectors(r -> r.trailName("no-kms-trail").advancedEventSelectors(AdvancedEventSelector.builder()
                .name("management but KMS").fieldSelectors(field("eventCategory", List.of(MANAGEMENT), null),
                        field("eventSource", null, List.of("kms.amazonaws.com"))).build()));

        CheckResult result = CheckerHarness.only(harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, CHECK, List.of())));

        assertThat(result.status()).isEqualTo(CheckStatus.NON_COMPLIANT);
        assertThat(result.before()).containsOnlyKeys("Trails");
        assertThat((List<Object>) result.before().get("Trails")).containsExactlyInAnyOrder("local-trail: single-Region",
                "stopped-trail: not logging", "write-trail: WriteOnly management events only", "no-kms-trail: excludes kms.amazonaws.com");
        assertThat(result.detail()).startsWith("no multi-Region trail logs read and write management events: no trail counts (")
                .endsWith("; in a Control Tower organisation, the management account restores the organisation trail");
    }

    @Test
    void advancedSelectorsCountWhenTheyCoverReadsAndWrites() {
        trail(harness.account(), Region.EU_WEST_1, "reads-and-writes", true, true, ReadWriteType.ALL);
        cloudTrail(harness.account(), Region.EU_WEST_1).putEventSelectors(r -> r.trailName("reads-and-writes").advancedEventSelectors(
                AdvancedEventSelector.builder().name("reads").fieldSelectors(field("eventCategory", List.of(MANAGEMENT), null),
                        field("readOnly", List.of("true"), null)).build(),
                AdvancedEventSelector.builder().name("writes").fieldSelectors(field("eventCategory", List.of(MANAGEMENT), null),
                        field("readOnly", List.of("false"), null)).build()));

        CheckResult result = CheckerHarness.only(harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, CHECK, List.of())));

        assertThat(result).isEqualTo(CheckResult.compliant(CHECK_ID, "eu-west-1"));
    }

    @Test
    void withoutATrailRemediateModeChangesNothingAndSaysWhoActs() {
        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, CHECK, List.of()));

        assertThat(result.checks()).containsExactly(CheckResult.nonCompliant(CHECK_ID, "eu-west-1", "not fixed (audit only): no multi-Region"
                + " trail logs read and write management events: no trail; in a Control Tower organisation, the management account"
                + " restores the organisation trail", Map.of("Trails", "none")));
        assertThat(cloudTrail(harness.account(), Region.EU_WEST_1).describeTrails(r -> r.includeShadowTrails(true)).trailList()).isEmpty();
        assertThat(harness.actions()).containsExactly("cloudtrail:DescribeTrails");
        assertThat(CheckRegistry.create().get(CHECK_ID).descriptor().recommendation()).contains("management account", "account's owner");
    }

    private static final String MANAGEMENT = "Management";

    private static AdvancedFieldSelector field(String name, List<String> equalsValues, List<String> notEquals) {
        AdvancedFieldSelector.Builder field = AdvancedFieldSelector.builder().field(name);
        if (equalsValues != null) {
            field.equalsValue(equalsValues);
        }
        if (notEquals != null) {
            field.notEquals(notEquals);
        }
        return field.build();
    }

    /** A trail with its own bucket, logging or not, recording management events of {@code readWrite} (ALL: AWS's default). */
    static void trail(MemberAccount account, Region region, String name, boolean multiRegion, boolean logging, ReadWriteType readWrite) {
        String bucket = "trail-logs-" + name + "-" + account.accountId();
        account.client(S3Client.builder().forcePathStyle(true), region).createBucket(r -> r.bucket(bucket).createBucketConfiguration(
                Region.US_EAST_1.equals(region) ? null : CreateBucketConfiguration.builder().locationConstraint(region.id()).build()));
        CloudTrailClient cloudTrail = cloudTrail(account, region);
        cloudTrail.createTrail(r -> r.name(name).s3BucketName(bucket).isMultiRegionTrail(multiRegion));
        if (readWrite != ReadWriteType.ALL) {
            cloudTrail.putEventSelectors(r -> r.trailName(name).eventSelectors(EventSelector.builder()
                    .includeManagementEvents(true).readWriteType(readWrite).build()));
        }
        if (logging) {
            cloudTrail.startLogging(r -> r.name(name));
        }
    }

    private static CloudTrailClient cloudTrail(MemberAccount account, Region region) {
        return account.client(CloudTrailClient.builder(), region);
    }
}
