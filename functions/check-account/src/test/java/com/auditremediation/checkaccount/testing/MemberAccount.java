package com.auditremediation.checkaccount.testing;

import com.auditremediation.checkaccount.checks.S3ControlEndpoints;
import com.auditremediation.core.AwsClients;
import com.auditremediation.local.LocalClients;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PasswordPolicy;
import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.s3control.model.NoSuchPublicAccessBlockConfigurationException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * One member account in moto, for arranging and reading back its settings in tests. moto keeps IAM, S3 Control and
 * EC2 state per account and picks the account from the credentials, so these clients act with credentials from an
 * AssumeRole into the account, as the checker does. They talk to moto directly, not through the fault proxy, so that
 * what the proxy records is the checker's traffic alone.
 */
public final class MemberAccount implements AutoCloseable {

    private final String accountId;
    private final URI endpoint;
    private final StaticCredentialsProvider credentials;
    private final Region home;
    private final Map<Region, Ec2Client> ec2 = new LinkedHashMap<>();
    private final IamClient iam;
    private final S3ControlClient s3control;
    private final Map<String, SdkAutoCloseable> others = new LinkedHashMap<>();

    private MemberAccount(String accountId, URI endpoint, Region home) {
        this.accountId = accountId;
        this.endpoint = endpoint;
        this.home = home;
        Credentials issued;
        try (StsClient sts = LocalClients.build(StsClient.builder(), endpoint, home)) {
            issued = sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + accountId + ":role/test-arrange").roleSessionName("arrange"))
                    .credentials();
        }
        this.credentials = StaticCredentialsProvider.create(AwsSessionCredentials.create(
                issued.accessKeyId(), issued.secretAccessKey(), issued.sessionToken()));
        this.iam = IamClient.builder().httpClient(AwsClients.httpClient()).endpointOverride(endpoint).region(home)
                .credentialsProvider(credentials).build();
        this.s3control = S3ControlClient.builder().httpClient(AwsClients.httpClient()).endpointOverride(endpoint).region(home)
                .endpointProvider(S3ControlEndpoints.create()).credentialsProvider(credentials).build();
    }

    public static MemberAccount of(String accountId, URI motoEndpoint, Region home) {
        return new MemberAccount(accountId, motoEndpoint, home);
    }

    public String accountId() {
        return accountId;
    }

    public IamClient iam() {
        return iam;
    }

    public S3ControlClient s3control() {
        return s3control;
    }

    /**
     * A client of any service acting in this account, straight to moto, for example
     * {@code account.client(GuardDutyClient.builder(), region)}; built once per service and region.
     */
    @SuppressWarnings("unchecked")
    public synchronized <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkAutoCloseable> C client(B builder, Region region) {
        return (C) others.computeIfAbsent(builder.getClass().getName() + "@" + region.id(), key -> builder
                .httpClient(AwsClients.httpClient()).endpointOverride(endpoint).region(region).credentialsProvider(credentials).build());
    }

    /**
     * Security Hub as the account's own people use it: over the JDK's HTTP client, which can send BatchUpdateFindings
     * (a PATCH; see core's JdkHttpClient), straight to moto's stand-in.
     */
    public synchronized SecurityHubClient securityHubAsCustomer(Region region) {
        return (SecurityHubClient) others.computeIfAbsent("customer-securityhub@" + region.id(), key -> SecurityHubClient.builder()
                .httpClient(AwsClients.patchHttpClient()).endpointOverride(endpoint).region(region).credentialsProvider(credentials).build());
    }

    /** {@link #client(AwsClientBuilder, Region)} in the home region. */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkAutoCloseable> C client(B builder) {
        return client(builder, home);
    }

    public Region home() {
        return home;
    }

    public synchronized Ec2Client ec2(Region region) {
        return ec2.computeIfAbsent(region, r -> Ec2Client.builder().httpClient(AwsClients.httpClient()).endpointOverride(endpoint)
                .region(r).credentialsProvider(credentials).build());
    }

    public void putPublicAccessBlock(boolean blockPublicAcls, boolean ignorePublicAcls, boolean blockPublicPolicy, boolean restrictPublicBuckets) {
        s3control.putPublicAccessBlock(r -> r.accountId(accountId).publicAccessBlockConfiguration(c -> c
                .blockPublicAcls(blockPublicAcls).ignorePublicAcls(ignorePublicAcls)
                .blockPublicPolicy(blockPublicPolicy).restrictPublicBuckets(restrictPublicBuckets)));
    }

    /** The password policy, or null when the account has none. */
    public PasswordPolicy passwordPolicy() {
        try {
            return iam.getAccountPasswordPolicy().passwordPolicy();
        } catch (NoSuchEntityException e) {
            return null;
        }
    }

    public boolean ebsEncryptionByDefault(Region region) {
        return ec2(region).getEbsEncryptionByDefault(r -> { }).ebsEncryptionByDefault();
    }

    @Override
    public void close() {
        iam.close();
        s3control.close();
        ec2.values().forEach(Ec2Client::close);
        others.values().forEach(SdkAutoCloseable::close);
    }
}
