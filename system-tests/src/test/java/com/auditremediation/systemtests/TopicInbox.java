package com.auditremediation.systemtests;

import com.auditremediation.core.Json;
import com.auditremediation.local.LocalClients;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** An SNS topic in moto with an SQS queue subscribed to it, from which a test reads what SNS delivered. */
record TopicInbox(URI endpoint, String topicArn, String queueUrl) {

    static TopicInbox create(URI endpoint, String topicName) {
        try (SnsClient sns = LocalClients.build(SnsClient.builder(), endpoint, Region.US_EAST_1);
             SqsClient sqs = LocalClients.build(SqsClient.builder(), endpoint, Region.US_EAST_1)) {
            String topicArn = sns.createTopic(r -> r.name(topicName)).topicArn();
            String queueUrl = sqs.createQueue(r -> r.queueName(topicName + "-inbox")).queueUrl();
            String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
            return new TopicInbox(endpoint, topicArn, queueUrl);
        }
    }

    /** Every SNS envelope waiting in the queue ({@code Subject}, {@code Message}, ...), consumed. */
    List<JsonNode> drain() throws Exception {
        List<JsonNode> envelopes = new ArrayList<>();
        try (SqsClient sqs = LocalClients.build(SqsClient.builder(), endpoint, Region.US_EAST_1)) {
            List<Message> batch;
            do {
                batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)).messages();
                for (Message message : batch) {
                    envelopes.add(Json.mapper().readTree(message.body()));
                    sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                }
            } while (!batch.isEmpty());
        }
        return envelopes;
    }
}
