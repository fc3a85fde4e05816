package com.auditremediation.checkaccount.session;

import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The temporary credentials of the execution role in one member account. Deliberately not a record and without
 * getters for the keys: {@code toString} and any accidental JSON serialisation show only the role, session and expiry.
 */
public final class AssumedSession {

    private final String roleArn;
    private final String sessionName;
    private final Instant expiration;
    private final AwsCredentialsProvider credentials;

    public AssumedSession(String roleArn, String sessionName, Credentials credentials) {
        this.roleArn = roleArn;
        this.sessionName = sessionName;
        this.expiration = credentials.expiration();
        this.credentials = StaticCredentialsProvider.create(AwsSessionCredentials.builder()
                .accessKeyId(credentials.accessKeyId())
                .secretAccessKey(credentials.secretAccessKey())
                .sessionToken(credentials.sessionToken())
                .expirationTime(credentials.expiration())
                .build());
    }

    public String roleArn() {
        return roleArn;
    }

    public String sessionName() {
        return sessionName;
    }

    public Instant expiration() {
        return expiration;
    }

    /** For the member-account SDK clients only. */
    public AwsCredentialsProvider credentialsProvider() {
        return credentials;
    }

    @Override
    public String toString() {
        return "AssumedSession[roleArn=" + roleArn + ", sessionName=" + sessionName + ", expiration=" + expiration + "]";
    }
}
