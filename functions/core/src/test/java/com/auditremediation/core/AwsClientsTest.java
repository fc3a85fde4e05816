package com.auditremediation.core;

import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

import static org.assertj.core.api.Assertions.assertThat;

class AwsClientsTest {

    @Test
    void partitionFollowsTheRegion() {
        assertThat(AwsClients.partition(Region.EU_WEST_1)).isEqualTo("aws");
        assertThat(AwsClients.partition(Region.CN_NORTH_1)).isEqualTo("aws-cn");
        assertThat(AwsClients.partition(Region.US_GOV_WEST_1)).isEqualTo("aws-us-gov");
    }

    @Test
    void aClientInALambdaEnvironmentReadsItsCredentialsFromTheEnvironmentAlone() {
        Env lambda = Env.of(Map.of("AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AWS_SESSION_TOKEN", "token"));

        try (StsClient sts = AwsClients.build(StsClient.builder(), lambda)) {

            assertThat(sts.serviceClientConfiguration().credentialsProvider())
                    .isInstanceOf(EnvironmentVariableCredentialsProvider.class);
            assertThat(sts.serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
        }
    }

    @Test
    void withoutBothKeysInTheEnvironmentAClientUsesTheDefaultChain() {
        Env snapStart = Env.of(Map.of("AWS_REGION", "eu-west-1", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9001/2021-04-23/credentials"));
        Env onlyTheKeyId = Env.of(Map.of("AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE"));

        try (StsClient withoutKeys = AwsClients.build(StsClient.builder(), snapStart);
             StsClient withOneKey = AwsClients.build(StsClient.builder(), onlyTheKeyId)) {

            assertThat(withoutKeys.serviceClientConfiguration().credentialsProvider()).isInstanceOf(DefaultCredentialsProvider.class);
            assertThat(withOneKey.serviceClientConfiguration().credentialsProvider()).isInstanceOf(DefaultCredentialsProvider.class);
        }
    }

    @Test
    void connectionsCarryOurTimeoutsAndHttpsUsesTheJdkDefaultTlsContext() {
        HttpURLConnection https = AwsClients.openConnection(URI.create("https://sts.eu-west-1.amazonaws.com/"));
        HttpURLConnection http = AwsClients.openConnection(URI.create("http://127.0.0.1:5000/"));

        assertThat(https).isInstanceOf(HttpsURLConnection.class);
        assertThat(((HttpsURLConnection) https).getSSLSocketFactory()).isSameAs(HttpsURLConnection.getDefaultSSLSocketFactory());
        assertThat(https.getConnectTimeout()).isEqualTo(5_000);
        assertThat(https.getReadTimeout()).isEqualTo(30_000);
        assertThat(http).isNotInstanceOf(HttpsURLConnection.class);
        assertThat(http.getConnectTimeout()).isEqualTo(5_000);
        assertThat(http.getReadTimeout()).isEqualTo(30_000);
    }
}
