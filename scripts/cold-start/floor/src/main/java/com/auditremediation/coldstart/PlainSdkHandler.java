package com.auditremediation.coldstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * The benchmark's Python function (check_assume_role.py) written with the plain SDK: the floor of any Java function
 * that does this work on the runtime-client path. The SDK, HTTP client, credentials and region are set up as
 * check-account sets them up (AWS's cold-start advice; connections opened as check-account opens them), the STS client
 * built once per process; no Jackson (the event's one field is found with a pattern, the answer written as text) and
 * no code of ours. Never deployed.
 */
public final class PlainSdkHandler implements RequestStreamHandler {

    private static final Pattern TARGET = Pattern.compile("\"TargetAccountId\"\\s*:\\s*\"(\\d{12})\"");
    private static final String ROLE_NAME = System.getenv().getOrDefault("EXECUTION_ROLE_NAME", "aws-controltower-AdministratorExecutionRole");
    private static final Region REGION = Region.of(System.getenv("AWS_REGION"));
    private static final String PARTITION = PartitionMetadata.of(REGION).id();
    /** Connections opened as check-account opens them, so that no TLS context is set up before an HTTPS request. */
    private static final SdkHttpClient HTTP = UrlConnectionHttpClient.create(PlainSdkHandler::open);
    private static final StsClient STS = StsClient.builder().httpClient(HTTP).region(REGION)
            .credentialsProvider(EnvironmentVariableCredentialsProvider.create()).build();

    private static HttpURLConnection open(URI uri) {
        try {
            return (HttpURLConnection) uri.toURL().openConnection();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Matcher target = TARGET.matcher(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        if (!target.find()) {
            throw new IllegalArgumentException("TargetAccountId: not an AWS account id; use the 12 digits, as a string");
        }
        String roleArn = "arn:" + PARTITION + ":iam::" + target.group(1) + ":role/" + ROLE_NAME;
        Credentials credentials = STS.assumeRole(r -> r.roleArn(roleArn).roleSessionName("CROSS_ACCOUNT_ACCESS_FROM_CTAUDIT")
                .durationSeconds(900)).credentials();
        try (StsClient member = StsClient.builder().httpClient(HTTP).region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken())))
                .build()) {
            GetCallerIdentityResponse identity = member.getCallerIdentity();
            System.out.println("{\"event\":\"assumed\",\"account\":\"" + identity.account() + "\",\"arn\":\"" + identity.arn() + "\"}");
            output.write(("{\"status\":\"success\",\"accountId\":\"" + identity.account() + "\",\"arn\":\"" + identity.arn() + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
        }
    }
}
