package com.auditremediation.buildreport;

import com.auditremediation.core.Json;
import com.auditremediation.local.LocalClients;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * S3, SNS and SQS in moto, as the delivery tests use them: a bucket to write to, a topic whose messages land in an SQS
 * queue subscribed to it (the way to read back what SNS delivered), and readers for both.
 */
final class LocalDelivery implements AutoCloseable {

    static final Region REGION = Region.US_EAST_1;

    final S3Client s3;
    final SnsClient sns;
    final SqsClient sqs;

    LocalDelivery(URI endpoint) {
        s3 = LocalClients.build(S3Client.builder(), endpoint, REGION);
        sns = LocalClients.build(SnsClient.builder(), endpoint, REGION);
        sqs = LocalClients.build(SqsClient.builder(), endpoint, REGION);
    }

    String createBucket(String name) {
        s3.createBucket(r -> r.bucket(name));
        return name;
    }

    /** An object's bytes and media type, from its s3:// URI. */
    record StoredObject(byte[] content, String contentType) {
    }

    StoredObject read(String s3Uri) {
        URI uri = URI.create(s3Uri);
        ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(r -> r.bucket(uri.getHost()).key(uri.getPath().substring(1)));
        return new StoredObject(object.asByteArray(), object.response().contentType());
    }

    List<String> keys(String bucket) {
        return s3.listObjectsV2(r -> r.bucket(bucket)).contents().stream().map(o -> o.key()).sorted().toList();
    }

    /** A topic and a queue subscribed to it. */
    record Topic(String arn, String queueUrl) {
    }

    Topic createTopicWithQueue(String name) {
        String topicArn = sns.createTopic(r -> r.name(name)).topicArn();
        String queueUrl = sqs.createQueue(r -> r.queueName(name + "-inbox")).queueUrl();
        String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
        return new Topic(topicArn, queueUrl);
    }

    /** A message as SNS delivered it. */
    record Delivered(String subject, String body) {
    }

    /** Every message waiting in the topic's queue (SNS's JSON envelope unwrapped). */
    List<Delivered> messages(Topic topic) {
        List<Delivered> delivered = new ArrayList<>();
        List<Message> batch;
        do {
            batch = sqs.receiveMessage(r -> r.queueUrl(topic.queueUrl()).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
            for (Message message : batch) {
                try {
                    JsonNode envelope = Json.mapper().readTree(message.body());
                    delivered.add(new Delivered(envelope.path("Subject").asText(null), envelope.path("Message").asText()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                sqs.deleteMessage(r -> r.queueUrl(topic.queueUrl()).receiptHandle(message.receiptHandle()));
            }
        } while (!batch.isEmpty());
        return delivered;
    }

    @Override
    public void close() {
        s3.close();
        sns.close();
        sqs.close();
    }
}
