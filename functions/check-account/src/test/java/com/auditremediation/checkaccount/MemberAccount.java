package com.auditremediation.checkaccount;

import com.auditremediation.core.AwsClients;
import com.auditremediation.local.LocalClients;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PasswordPolicy;
import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.s3control.model.NoSuchPublicAccessBlockConfigurationException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * One member account in moto, for arranging and reading back its settings in tests. moto keeps IAM, S3 Control and
 * EC2 state per account and picks the account from the credentials, so these clients act with credentials from an
 * AssumeRole into the account, as the checker does. They talk to moto directly, not through the fault proxy, so that
 * what the proxy records is the checker's traffic alone.
 */
final class MemberAccount implements AutoCloseable {

    private final String accountId;
    private final URI endpoint;
    private final StaticCredentialsProvider credentials;
    private final Region home;
    private final Map<Region, Ec2Client> ec2 = new LinkedHashMap<>();
    private final IamClient iam;
    private final S3ControlClient s3control;

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

    static MemberAccount of(String accountId, URI motoEndpoint, Region home) {
        return new MemberAccount(accountId, motoEndpoint, home);
    }

    String accountId() {
        return accountId;
    }

    IamClient iam() {
        return iam;
    }

    S3ControlClient s3control() {
        return s3control;
    }

    synchronized Ec2Client ec2(Region region) {
        return ec2.computeIfAbsent(region, r -> Ec2Client.builder().httpClient(AwsClients.httpClient()).endpointOverride(endpoint)
                .region(r).credentialsProvider(credentials).build());
    }

    /** Every check compliant: a baseline password policy, all four S3 settings, EBS encryption in {@code regions}. */
    void makeCompliant(List<Region> regions) {
        iam.updateAccountPasswordPolicy(r -> r.minimumPasswordLength(14).passwordReusePrevention(24).requireSymbols(true)
                .requireNumbers(true).requireUppercaseCharacters(true).requireLowercaseCharacters(true).allowUsersToChangePassword(true));
        putPublicAccessBlock(true, true, true, true);
        regions.forEach(region -> ec2(region).enableEbsEncryptionByDefault(r -> { }));
    }

    void putPublicAccessBlock(boolean blockPublicAcls, boolean ignorePublicAcls, boolean blockPublicPolicy, boolean restrictPublicBuckets) {
        s3control.putPublicAccessBlock(r -> r.accountId(accountId).publicAccessBlockConfiguration(c -> c
                .blockPublicAcls(blockPublicAcls).ignorePublicAcls(ignorePublicAcls)
                .blockPublicPolicy(blockPublicPolicy).restrictPublicBuckets(restrictPublicBuckets)));
    }

    /** The password policy, or null when the account has none. */
    PasswordPolicy passwordPolicy() {
        try {
            return iam.getAccountPasswordPolicy().passwordPolicy();
        } catch (NoSuchEntityException e) {
            return null;
        }
    }

    boolean ebsEncryptionByDefault(Region region) {
        return ec2(region).getEbsEncryptionByDefault(r -> { }).ebsEncryptionByDefault();
    }

    /** Everything the checks read, as moto holds it now, for before/after comparisons. */
    Map<String, Object> snapshot(List<Region> regions) {
        Map<String, Object> state = new TreeMap<>();
        PasswordPolicy policy = passwordPolicy();
        state.put("passwordPolicy", policy == null ? "none" : policy.toString());
        try {
            state.put("publicAccessBlock", s3control.getPublicAccessBlock(r -> r.accountId(accountId)).publicAccessBlockConfiguration().toString());
        } catch (NoSuchPublicAccessBlockConfigurationException e) {
            state.put("publicAccessBlock", "none");
        }
        state.put("accountSummary", new TreeMap<>(iam.getAccountSummary().summaryMapAsStrings()));
        for (Region region : regions) {
            state.put("ebsEncryptionByDefault@" + region.id(), ebsEncryptionByDefault(region));
        }
        return state;
    }

    @Override
    public void close() {
        iam.close();
        s3control.close();
        ec2.values().forEach(Ec2Client::close);
    }
}
