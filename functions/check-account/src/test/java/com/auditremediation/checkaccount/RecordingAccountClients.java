package com.auditremediation.checkaccount;

import com.auditremediation.core.AwsClients;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.regions.Region;

/**
 * Member-account clients for tests: like {@link AccountClients#create()}, plus the endpoint override that production
 * gets from AWS_ENDPOINT_URL. It also records the credentials it is handed, which are exactly the ones STS (moto)
 * issued for the assumed role, so that tests can look for them where they must never appear.
 */
final class RecordingAccountClients implements AccountClients {

    private final URI endpoint;
    private final List<AwsCredentials> credentials = new CopyOnWriteArrayList<>();
    private final List<Region> regions = new CopyOnWriteArrayList<>();

    RecordingAccountClients(URI endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
            B builder, AwsCredentialsProvider provider, Region region) {
        credentials.add(provider.resolveCredentials());
        regions.add(region);
        return builder.httpClient(AwsClients.httpClient()).endpointOverride(endpoint).region(region)
                .credentialsProvider(provider).build();
    }

    List<AwsCredentials> credentials() {
        return credentials;
    }

    List<Region> regions() {
        return regions;
    }
}
