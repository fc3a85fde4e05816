package com.auditremediation.core;

import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

import java.time.Duration;

/**
 * Builds SDK clients the same way everywhere: the url-connection HTTP client (small and quick to start), the region
 * of the Lambda ({@code AWS_REGION}) and the default credentials chain. Endpoints follow the SDK's own settings
 * ({@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_<SERVICE>}), so an emulator needs no code of ours.
 */
public final class AwsClients {

    private static final SdkHttpClient HTTP_CLIENT = UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(Duration.ofSeconds(30))
            .build();

    private AwsClients() {
    }

    public static SdkHttpClient httpClient() {
        return HTTP_CLIENT;
    }

    public static Region region() {
        String region = System.getenv("AWS_REGION");
        return region != null && !region.isBlank() ? Region.of(region) : new DefaultAwsRegionProviderChain().getRegion();
    }

    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder) {
        return builder.httpClient(HTTP_CLIENT).region(region()).build();
    }

    /** {@code aws}, {@code aws-cn} or {@code aws-us-gov}: every ARN we build starts from this. */
    public static String partition(Region region) {
        return PartitionMetadata.of(region).id();
    }
}
