package com.auditremediation.local.standin;

import com.auditremediation.local.FaultRule;
import com.auditremediation.local.MotoExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.InvalidAccessException;
import software.amazon.awssdk.services.securityhub.model.InvalidInputException;
import software.amazon.awssdk.services.securityhub.model.LimitExceededException;
import software.amazon.awssdk.services.securityhub.model.StandardsStatus;
import software.amazon.awssdk.services.securityhub.model.StandardsSubscription;

import static com.auditremediation.local.standin.StandInClients.MEMBER_A;
import static com.auditremediation.local.standin.StandInClients.MEMBER_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecurityHubStandardsTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String FSBP = "arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0";
    private static final String CIS_1_2 = "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0";
    private static final String CIS_3_0 = "arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/3.0.0";

    private SecurityHubClient hub(String accountId, Region region) {
        return StandInClients.client(SecurityHubClient.builder(), MOTO.proxyEndpoint(), region, StandInClients.assumedRole(MOTO, accountId));
    }

    private static List<StandardsSubscription> enabled(SecurityHubClient hub) {
        return hub.getEnabledStandards(r -> { }).standardsSubscriptions();
    }

    @Test
    void enablingSecurityHubEnablesAwsDefaultStandardsAndDisablingItDropsThem() {
        try (SecurityHubClient hub = hub(MEMBER_A, Region.EU_WEST_1)) {
            assertThatThrownBy(() -> enabled(hub)).isInstanceOf(InvalidAccessException.class);

            hub.enableSecurityHub(r -> { });
            List<StandardsSubscription> defaults = enabled(hub);
            hub.disableSecurityHub(r -> { });

            assertThat(defaults).extracting(StandardsSubscription::standardsArn).containsExactly(FSBP, CIS_1_2);
            assertThat(defaults).extracting(StandardsSubscription::standardsSubscriptionArn).containsExactly(
                    "arn:aws:securityhub:eu-west-1:" + MEMBER_A + ":subscription/aws-foundational-security-best-practices/v/1.0.0",
                    "arn:aws:securityhub:eu-west-1:" + MEMBER_A + ":subscription/cis-aws-foundations-benchmark/v/1.2.0");
            assertThat(defaults).extracting(StandardsSubscription::standardsStatus).containsOnly(StandardsStatus.READY);
            assertThatThrownBy(() -> enabled(hub)).isInstanceOf(InvalidAccessException.class);
            hub.enableSecurityHub(r -> r.enableDefaultStandards(false));
            assertThat(enabled(hub)).isEmpty();
        }
    }

    @Test
    void aStandardEnabledIsPendingThenReadyAndDisabledIsGone() {
        try (SecurityHubClient hub = hub(MEMBER_A, Region.EU_WEST_1)) {
            hub.enableSecurityHub(r -> r.enableDefaultStandards(false));

            StandardsSubscription pending = hub.batchEnableStandards(r -> r.standardsSubscriptionRequests(s -> s.standardsArn(CIS_3_0)))
                    .standardsSubscriptions().get(0);
            List<StandardsSubscription> ready = enabled(hub);
            StandardsSubscription deleting = hub.batchDisableStandards(r -> r.standardsSubscriptionArns(pending.standardsSubscriptionArn()))
                    .standardsSubscriptions().get(0);

            assertThat(pending.standardsArn()).isEqualTo(CIS_3_0);
            assertThat(pending.standardsStatus()).isEqualTo(StandardsStatus.PENDING);
            assertThat(ready).extracting(StandardsSubscription::standardsStatus).containsExactly(StandardsStatus.READY);
            assertThat(deleting.standardsStatus()).isEqualTo(StandardsStatus.DELETING);
            assertThat(enabled(hub)).isEmpty();
        }
    }

    @Test
    void standardsOfAnotherRegionAndSubscriptionsNotEnabledAreRefused() {
        try (SecurityHubClient hub = hub(MEMBER_A, Region.EU_WEST_1)) {
            hub.enableSecurityHub(r -> r.enableDefaultStandards(false));

            assertThatThrownBy(() -> hub.batchEnableStandards(r -> r.standardsSubscriptionRequests(s -> s.standardsArn(
                    "arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1")))).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> hub.batchDisableStandards(r -> r.standardsSubscriptionArns(
                    "arn:aws:securityhub:eu-west-1:" + MEMBER_A + ":subscription/pci-dss/v/3.2.1"))).isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void eachAccountAndRegionHasItsOwnHubAndStandards() {
        try (SecurityHubClient memberA = hub(MEMBER_A, Region.EU_WEST_1);
             SecurityHubClient memberAElsewhere = hub(MEMBER_A, Region.US_EAST_1);
             SecurityHubClient memberB = hub(MEMBER_B, Region.EU_WEST_1)) {

            memberA.enableSecurityHub(r -> { });
            memberB.enableSecurityHub(r -> r.enableDefaultStandards(false));

            assertThat(enabled(memberA)).hasSize(2);
            assertThat(enabled(memberB)).isEmpty();
            assertThatThrownBy(() -> enabled(memberAElsewhere)).isInstanceOf(InvalidAccessException.class);
        }
    }

    @Test
    void faultRulesApplyBeforeTheStandIn() {
        MOTO.inject(FaultRule.restJsonError("POST /standards/get", 429, "LimitExceededException", "Rate exceeded", 1));
        try (SecurityHubClient hub = hub(MEMBER_A, Region.EU_WEST_1)) {
            hub.enableSecurityHub(r -> { });

            assertThatThrownBy(() -> enabled(hub)).isInstanceOf(LimitExceededException.class);
            assertThat(enabled(hub)).hasSize(2);
        }
    }
}
