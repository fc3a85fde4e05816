package com.auditremediation.local.standin;

import com.auditremediation.local.FaultRule;
import com.auditremediation.local.MotoExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.CloudTrailException;
import software.amazon.awssdk.services.cloudtrail.model.EventSelector;
import software.amazon.awssdk.services.cloudtrail.model.GetEventSelectorsResponse;
import software.amazon.awssdk.services.cloudtrail.model.ReadWriteType;
import software.amazon.awssdk.services.cloudtrail.model.TrailNotFoundException;
import software.amazon.awssdk.services.s3.S3Client;

import static com.auditremediation.local.standin.StandInClients.MEMBER_A;
import static com.auditremediation.local.standin.StandInClients.MEMBER_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudTrailEventSelectorsTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private CloudTrailClient cloudTrail(String accountId) {
        return StandInClients.client(CloudTrailClient.builder(), MOTO.proxyEndpoint(), Region.US_EAST_1, StandInClients.assumedRole(MOTO, accountId));
    }

    private String trail(String accountId, String name) {
        try (S3Client s3 = StandInClients.client(S3Client.builder().forcePathStyle(true), MOTO.proxyEndpoint(), Region.US_EAST_1,
                StandInClients.assumedRole(MOTO, accountId)); CloudTrailClient cloudTrail = cloudTrail(accountId)) {
            s3.createBucket(r -> r.bucket("logs-" + name + "-" + accountId));
            return cloudTrail.createTrail(r -> r.name(name).s3BucketName("logs-" + name + "-" + accountId).isMultiRegionTrail(true)).trailARN();
        }
    }

    @Test
    void aNewTrailLogsAllManagementEventsAsOnAwsAndSetSelectorsAreReadBack() {
        String untouched = trail(MEMBER_A, "untouched");
        String writes = trail(MEMBER_B, "writes");
        try (CloudTrailClient memberA = cloudTrail(MEMBER_A); CloudTrailClient memberB = cloudTrail(MEMBER_B)) {
            memberB.putEventSelectors(r -> r.trailName("writes").eventSelectors(EventSelector.builder()
                    .readWriteType(ReadWriteType.WRITE_ONLY).includeManagementEvents(true).build()));

            GetEventSelectorsResponse byDefault = memberA.getEventSelectors(r -> r.trailName(untouched));
            GetEventSelectorsResponse set = memberB.getEventSelectors(r -> r.trailName(writes));

            assertThat(byDefault.eventSelectors()).singleElement().satisfies(selector -> {
                assertThat(selector.readWriteType()).isEqualTo(ReadWriteType.ALL);
                assertThat(selector.includeManagementEvents()).isTrue();
                assertThat(selector.excludeManagementEventSources()).isEmpty();
            });
            assertThat(byDefault.advancedEventSelectors()).isEmpty();
            assertThat(set.eventSelectors()).singleElement().extracting(EventSelector::readWriteType).isEqualTo(ReadWriteType.WRITE_ONLY);
        }
    }

    @Test
    void anUnknownTrailAndAFaultRuleAreAnsweredAsMotoAndTheRuleSay() {
        trail(MEMBER_A, "known");
        try (CloudTrailClient cloudTrail = cloudTrail(MEMBER_A)) {
            assertThatThrownBy(() -> cloudTrail.getEventSelectors(r -> r.trailName("unknown"))).isInstanceOf(TrailNotFoundException.class);

            MOTO.inject(FaultRule.jsonError("com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.GetEventSelectors", 400,
                    "AccessDeniedException", "not authorized", 1));

            assertThatThrownBy(() -> cloudTrail.getEventSelectors(r -> r.trailName("known")))
                    .isInstanceOfSatisfying(CloudTrailException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));
        }
    }
}
