package com.auditremediation.local.standin;

import com.auditremediation.core.AwsClients;
import com.auditremediation.local.LocalClients;
import com.auditremediation.local.MotoExtension;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Real SDK clients for the stand-in tests: each through the fault proxy in front of moto (so fault rules apply), with
 * the credentials of an assumed role in a member account (the account moto gives that role's keys), or moto's dummy
 * key (moto's default account), one attempt only so that a test sees exactly what the stand-in answered.
 */
final class StandInClients {

    static final String MEMBER_A = "111111111111";
    static final String MEMBER_B = "222222222222";

    private StandInClients() {
    }

    /** The credentials of a role assumed in {@code accountId}, issued by moto through the proxy. */
    static AwsCredentialsProvider assumedRole(MotoExtension moto, String accountId) {
        try (StsClient sts = LocalClients.build(StsClient.builder(), moto.proxyEndpoint(), Region.US_EAST_1)) {
            Credentials issued = sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + accountId + ":role/checker").roleSessionName("stand-in-test"))
                    .credentials();
            return StaticCredentialsProvider.create(AwsSessionCredentials.create(issued.accessKeyId(), issued.secretAccessKey(), issued.sessionToken()));
        }
    }

    static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, URI endpoint, Region region,
                                                                                     AwsCredentialsProvider credentials) {
        return client(builder, AwsClients.httpClient(), endpoint, region, credentials);
    }

    static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, SdkHttpClient http, URI endpoint,
                                                                                     Region region, AwsCredentialsProvider credentials) {
        return builder.httpClient(http)
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(credentials)
                .overrideConfiguration(o -> o.retryStrategy(retry -> retry.maxAttempts(1)))
                .build();
    }

    /** A client of moto's dummy key that names its account with moto's {@code x-moto-account-id} header. */
    static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C namingAccount(B builder, URI endpoint, Region region,
                                                                                            String accountId) {
        builder.overrideConfiguration(ClientOverrideConfiguration.builder().addExecutionInterceptor(new ExecutionInterceptor() {
            @Override
            public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
                return context.httpRequest().toBuilder().putHeader("x-moto-account-id", accountId).build();
            }
        }).retryStrategy(retry -> retry.maxAttempts(1)).build());
        return builder.httpClient(AwsClients.httpClient()).endpointOverride(endpoint).region(region)
                .credentialsProvider(LocalClients.DUMMY_CREDENTIALS).build();
    }
}
