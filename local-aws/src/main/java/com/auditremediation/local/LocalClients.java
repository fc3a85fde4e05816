package com.auditremediation.local;

import com.auditremediation.core.AwsClients;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.regions.Region;

/** SDK clients pointed at a local endpoint (moto or the fault proxy) with moto's dummy credentials. */
public final class LocalClients {

    /** moto accepts any key; these are its documented test values, not a secret. */
    public static final StaticCredentialsProvider DUMMY_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

    private LocalClients() {
    }

    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, URI endpoint, Region region) {
        return builder.httpClient(AwsClients.httpClient())
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(DUMMY_CREDENTIALS)
                .build();
    }
}
