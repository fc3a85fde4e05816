package com.auditremediation.local.standin;

import com.auditremediation.local.LocalClients;
import com.auditremediation.local.MotoExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnsEmailConfirmationTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    @Test
    void anEmailSubscriptionIsPendingUntilConfirmedWhileAQueueIsSubscribedAtOnce() {
        try (SnsClient sns = LocalClients.build(SnsClient.builder(), MOTO.proxyEndpoint(), Region.EU_WEST_1)) {
            String topic = sns.createTopic(r -> r.name("audit-remediation-notifications")).topicArn();

            String emailArn = sns.subscribe(r -> r.topicArn(topic).protocol("email").endpoint("secops@example.com")).subscriptionArn();
            String queueArn = sns.subscribe(r -> r.topicArn(topic).protocol("sqs").endpoint("arn:aws:sqs:eu-west-1:123456789012:q")).subscriptionArn();
            var pending = sns.listSubscriptionsByTopic(r -> r.topicArn(topic)).subscriptions();
            StandInAdmin.at(MOTO.endpoint()).confirmSubscription(topic, "secops@example.com");
            var confirmed = sns.listSubscriptionsByTopic(r -> r.topicArn(topic)).subscriptions();

            assertThat(emailArn).isEqualTo("pending confirmation");
            assertThat(queueArn).startsWith(topic + ":");
            assertThat(pending).extracting(Subscription::endpoint, Subscription::subscriptionArn)
                    .contains(org.assertj.core.groups.Tuple.tuple("secops@example.com", "PendingConfirmation"));
            assertThat(confirmed).extracting(Subscription::subscriptionArn).allMatch(arn -> arn.startsWith(topic + ":"));
            assertThat(sns.listSubscriptions().subscriptions()).extracting(Subscription::subscriptionArn).doesNotContain("PendingConfirmation");
            assertThatThrownBy(() -> StandInAdmin.at(MOTO.endpoint()).confirmSubscription(topic, "secops@example.com"))
                    .hasMessageContaining("is pending confirmation");
        }
    }
}
