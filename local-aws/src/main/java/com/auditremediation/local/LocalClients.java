package com.auditremediation.local;

import com.auditremediation.core.AwsClients;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;

/** SDK clients pointed at a local endpoint (moto or the fault proxy) with moto's dummy credentials. */
public final class LocalClients {

    /** moto accepts any key; these are its documented test values, not a secret. */
    public static final StaticCredentialsProvider DUMMY_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

    /** The account moto gives a request whose access key no account of it holds, as the dummy key above. */
    public static final String MOTO_DEFAULT_ACCOUNT = "123456789012";

    private LocalClients() {
    }

    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, URI endpoint, Region region) {
        return builder.httpClient(AwsClients.httpClient())
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(DUMMY_CREDENTIALS)
                .build();
    }

    /**
     * As {@link #build}, and each request tells moto which account sends it ({@code x-moto-account-id}: moto's
     * default account, the one it gives the dummy key anyway), for organisations of thousands of accounts. Without the
     * header moto looks for the request's access key in the IAM of every account it has
     * ({@code moto.iam.models.get_account_id_from}) before it finds none and answers as the default account: each
     * request then costs time proportional to the accounts created so far, and creating 10,000 accounts costs minutes
     * instead of seconds. With it moto answers exactly as without, only without that search. Only for clients with the
     * dummy credentials: an assumed role's keys are found in their own account by that search.
     */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C buildForDefaultAccount(B builder, URI endpoint,
                                                                                                          Region region) {
        ClientOverrideConfiguration configured = builder.overrideConfiguration();
        builder.overrideConfiguration(configured.toBuilder().addExecutionInterceptor(new ExecutionInterceptor() {
            @Override
            public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes executionAttributes) {
                return context.httpRequest().toBuilder().putHeader("x-moto-account-id", MOTO_DEFAULT_ACCOUNT).build();
            }
        }).build());
        return build(builder, endpoint, region);
    }
}
