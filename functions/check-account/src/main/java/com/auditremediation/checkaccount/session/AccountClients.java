package com.auditremediation.checkaccount.session;

import com.auditremediation.core.AwsClients;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Builds SDK clients that act in a member account with the assumed role's credentials. Production leaves endpoints
 * to the SDK (which reads {@code AWS_ENDPOINT_URL} like it does for the base STS client); tests supply a factory that
 * points them at moto, as they do for the base client.
 */
public interface AccountClients {

    /** A client over {@code http}: the shared url-connection client, or, for a call that it cannot send (PATCH), another. */
    <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, SdkHttpClient http,
                                                                               AwsCredentialsProvider credentials, Region region);

    /** A client over the shared url-connection client ({@link AwsClients#httpClient()}). */
    default <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, AwsCredentialsProvider credentials,
                                                                                       Region region) {
        return build(builder, AwsClients.httpClient(), credentials, region);
    }

    static AccountClients create() {
        return new AccountClients() {
            @Override
            public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
                    B builder, SdkHttpClient http, AwsCredentialsProvider credentials, Region region) {
                return builder.httpClient(http).region(region).credentialsProvider(credentials).build();
            }
        };
    }
}
