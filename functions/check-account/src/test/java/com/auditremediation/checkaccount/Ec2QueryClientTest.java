package com.auditremediation.checkaccount;

import com.auditremediation.core.AwsClients;
import com.auditremediation.local.FaultRule;
import com.auditremediation.local.MotoExtension;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The EBS check's two EC2 calls, signed and sent without the EC2 SDK module, against moto. */
class Ec2QueryClientTest {

    @RegisterExtension
    static final MotoExtension MOTO = new MotoExtension();

    private final List<String> calls = ProxyTraffic.newLog();

    @Test
    void readsAndEnablesEbsEncryptionByDefaultInItsRegion() {
        MOTO.inject(ProxyTraffic.recordCalls(calls));
        Ec2QueryClient ec2 = client(Region.AP_NORTHEAST_1);
        Ec2QueryClient elsewhere = client(Region.SA_EAST_1);

        boolean before = ec2.getEbsEncryptionByDefault();
        boolean reported = ec2.enableEbsEncryptionByDefault();

        assertThat(before).isFalse();
        assertThat(reported).isTrue();
        assertThat(ec2.getEbsEncryptionByDefault()).isTrue();
        assertThat(elsewhere.getEbsEncryptionByDefault()).as("the setting is per region").isFalse();
        assertThat(calls).containsExactly("GetEbsEncryptionByDefault", "EnableEbsEncryptionByDefault", "GetEbsEncryptionByDefault",
                "GetEbsEncryptionByDefault");
    }

    @Test
    void throttlingIsRetriedWithTheSdksStrategy() {
        MOTO.inject(ec2Fault("GetEbsEncryptionByDefault", 2, 503, "RequestLimitExceeded", "Request limit exceeded."));

        assertThat(client(Region.EU_NORTH_1).getEbsEncryptionByDefault()).isFalse();
    }

    @Test
    void aRefusalIsTheSdksServiceExceptionWithEc2sCodeAndMessage() {
        MOTO.inject(ec2Fault("EnableEbsEncryptionByDefault", FaultRule.UNLIMITED, 403, "UnauthorizedOperation",
                "You are not authorized to perform this operation."));

        assertThatThrownBy(() -> client(Region.EU_WEST_3).enableEbsEncryptionByDefault())
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().serviceName()).isEqualTo("Ec2");
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnauthorizedOperation");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("You are not authorized to perform this operation.");
                    assertThat(e.isThrottlingException()).isFalse();
                });
    }

    @Test
    void persistentThrottlingEndsAsAThrottlingException() {
        MOTO.inject(ec2Fault("GetEbsEncryptionByDefault", FaultRule.UNLIMITED, 503, "RequestLimitExceeded", "Request limit exceeded."));

        assertThatThrownBy(() -> client(Region.EU_SOUTH_1).getEbsEncryptionByDefault())
                .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.isThrottlingException()).isTrue());
    }

    @Test
    void theEndpointIsTheSdksOrTheRegionalOne() {
        assertThat(Ec2QueryClient.defaultEndpoint(Region.EU_WEST_1, Map.of()))
                .isEqualTo(URI.create("https://ec2.eu-west-1.amazonaws.com"));
        assertThat(Ec2QueryClient.defaultEndpoint(Region.CN_NORTH_1, Map.of()))
                .isEqualTo(URI.create("https://ec2.cn-north-1.amazonaws.com.cn"));
        assertThat(Ec2QueryClient.defaultEndpoint(Region.EU_WEST_1, Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:5000")))
                .isEqualTo(URI.create("http://127.0.0.1:5000"));
        assertThat(Ec2QueryClient.defaultEndpoint(Region.EU_WEST_1, Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:5000",
                "AWS_ENDPOINT_URL_EC2", "http://127.0.0.1:6000"))).isEqualTo(URI.create("http://127.0.0.1:6000"));
    }

    private static Ec2QueryClient client(Region region) {
        return Ec2QueryClient.builder().httpClient(AwsClients.httpClient()).region(region).endpointOverride(MOTO.proxyEndpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build();
    }

    /** EC2 answers {@code action} with an error, {@code times} times, in EC2's own error format. */
    private static FaultRule ec2Fault(String action, int times, int status, String code, String message) {
        return new FaultRule("ec2:" + action + " " + code, request -> action.equals(request.form().get("Action")), times, status, "text/xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + code + "</Code><Message>" + message
                        + "</Message></Error></Errors><RequestID>" + UUID.randomUUID() + "</RequestID></Response>");
    }
}
