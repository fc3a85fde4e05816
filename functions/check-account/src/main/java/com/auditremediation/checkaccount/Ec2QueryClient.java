package com.auditremediation.checkaccount;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The two EC2 calls the EBS check makes, without the EC2 SDK module (24 MB of the 38 MB artifact, and a measured
 * share of every cold start): EC2 Query-protocol requests signed with the SDK's own SigV4 signer, sent over the SDK's
 * HTTP client, retried with the SDK's default retry strategy, and failing with the same {@link AwsServiceException}
 * (service name {@code Ec2}, EC2's error code and message) that the SDK client would throw. Built like an SDK client,
 * through {@link #builder()}, so that {@link CheckContext#client} and {@link AccountClients} treat it as one.
 * <p>The endpoint is the SDK's: {@code AWS_ENDPOINT_URL_EC2}, then {@code AWS_ENDPOINT_URL}, then
 * {@code https://ec2.<region>.<partition's DNS suffix>}; an explicit {@code endpointOverride} wins.
 */
public final class Ec2QueryClient implements SdkAutoCloseable {

    static final String API_VERSION = "2016-11-15";
    private static final String SERVICE_NAME = "Ec2";
    private static final XMLInputFactory XML = createXmlFactory();

    private final SdkHttpClient http;
    private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
    private final Region region;
    private final URI endpoint;
    private final RetryStrategy retryStrategy = AwsRetryStrategy.defaultRetryStrategy();

    private Ec2QueryClient(Builder builder) {
        this.http = builder.http;
        this.credentials = builder.credentials;
        this.region = builder.region;
        this.endpoint = builder.endpoint != null ? builder.endpoint : defaultEndpoint(builder.region, System.getenv());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** ec2:GetEbsEncryptionByDefault: whether new EBS volumes in this region are encrypted by default. */
    public boolean getEbsEncryptionByDefault() {
        return Boolean.parseBoolean(call("GetEbsEncryptionByDefault", "ebsEncryptionByDefault"));
    }

    /** ec2:EnableEbsEncryptionByDefault: turns it on in this region; returns the setting EC2 reports after the call. */
    public boolean enableEbsEncryptionByDefault() {
        return Boolean.parseBoolean(call("EnableEbsEncryptionByDefault", "ebsEncryptionByDefault"));
    }

    static URI defaultEndpoint(Region region, Map<String, String> environment) {
        for (String name : new String[] {"AWS_ENDPOINT_URL_EC2", "AWS_ENDPOINT_URL"}) {
            String value = environment.get(name);
            if (value != null && !value.isBlank()) {
                return URI.create(value.trim());
            }
        }
        return URI.create("https://ec2." + region.id() + "." + PartitionMetadata.of(region).dnsSuffix());
    }

    /** One action with the SDK's retries; returns the text of {@code resultElement} in the response. */
    private String call(String action, String resultElement) {
        RetryToken token = retryStrategy.acquireInitialToken(AcquireInitialTokenRequest.create(SERVICE_NAME)).token();
        while (true) {
            try {
                String result = callOnce(action, resultElement);
                retryStrategy.recordSuccess(RecordSuccessRequest.create(token));
                return result;
            } catch (SdkException failure) {
                Duration delay;
                try {
                    var refreshed = retryStrategy.refreshRetryToken(RefreshRetryTokenRequest.builder().token(token).failure(failure).build());
                    token = refreshed.token();
                    delay = refreshed.delay();
                } catch (TokenAcquisitionFailedException exhausted) {
                    throw failure;
                }
                sleep(delay);
            }
        }
    }

    private String callOnce(String action, String resultElement) {
        byte[] body = ("Action=" + action + "&Version=" + API_VERSION).getBytes(StandardCharsets.UTF_8);
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .putHeader("Content-Length", String.valueOf(body.length))
                .build();
        AwsCredentialsIdentity identity = credentials.resolveIdentity().join();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(identity)
                .request(request)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ec2")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
        HttpExecuteResponse response;
        byte[] responseBody;
        try {
            response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null))
                    .build()).call();
            try (InputStream in = response.responseBody().orElse(null)) {
                responseBody = in == null ? new byte[0] : in.readAllBytes();
            }
        } catch (IOException e) {
            throw SdkClientException.builder().message("Unable to execute ec2:" + action + ": " + e.getMessage()).cause(e).build();
        }
        Map<String, String> values = elements(responseBody);
        int status = response.httpResponse().statusCode();
        if (status >= 300 || values.containsKey("Code")) {
            String code = values.getOrDefault("Code", "HTTP " + status);
            String message = values.getOrDefault("Message", new String(responseBody, StandardCharsets.UTF_8));
            throw AwsServiceException.builder()
                    .statusCode(status)
                    .requestId(values.getOrDefault("RequestID", values.get("requestId")))
                    .message(message + " (Service: Ec2, Status Code: " + status + ")")
                    .awsErrorDetails(AwsErrorDetails.builder().serviceName(SERVICE_NAME).errorCode(code).errorMessage(message)
                            .sdkHttpResponse(response.httpResponse()).build())
                    .build();
        }
        String result = values.get(resultElement);
        if (result == null) {
            throw SdkClientException.create("ec2:" + action + " answered without " + resultElement);
        }
        return result;
    }

    /** Every leaf element's text by local name: enough for EC2's flat answers and its error document. */
    private static Map<String, String> elements(byte[] xml) {
        Map<String, String> values = new HashMap<>();
        if (xml.length == 0) {
            return values;
        }
        try {
            XMLStreamReader reader = XML.createXMLStreamReader(new java.io.ByteArrayInputStream(xml));
            String name = null;
            StringBuilder text = new StringBuilder();
            while (reader.hasNext()) {
                switch (reader.next()) {
                    case XMLStreamReader.START_ELEMENT -> {
                        name = reader.getLocalName();
                        text.setLength(0);
                    }
                    case XMLStreamReader.CHARACTERS, XMLStreamReader.CDATA -> text.append(reader.getText());
                    case XMLStreamReader.END_ELEMENT -> {
                        if (name != null && name.equals(reader.getLocalName())) {
                            values.putIfAbsent(name, text.toString().trim());
                        }
                        name = null;
                    }
                    default -> { }
                }
            }
            reader.close();
        } catch (XMLStreamException e) {
            throw SdkClientException.builder().message("EC2 answered with XML that does not parse: " + e.getMessage()).cause(e).build();
        }
        return values;
    }

    private static XMLInputFactory createXmlFactory() {
        XMLInputFactory factory = XMLInputFactory.newInstance();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return factory;
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SdkClientException.create("interrupted while waiting to retry an EC2 call", e);
        }
    }

    /** Nothing to close: the HTTP client is shared and belongs to whoever built it. */
    @Override
    public void close() {
    }

    /** An SDK-style builder, so that the code that builds SDK clients builds this one the same way. */
    public static final class Builder implements AwsClientBuilder<Builder, Ec2QueryClient>, AwsSyncClientBuilder<Builder, Ec2QueryClient> {

        private SdkHttpClient http;
        private IdentityProvider<? extends AwsCredentialsIdentity> credentials;
        private Region region;
        private URI endpoint;
        private ClientOverrideConfiguration overrideConfiguration = ClientOverrideConfiguration.builder().build();

        private Builder() {
        }

        @Override
        public Builder credentialsProvider(AwsCredentialsProvider credentialsProvider) {
            this.credentials = credentialsProvider;
            return this;
        }

        @Override
        public Builder credentialsProvider(IdentityProvider<? extends AwsCredentialsIdentity> credentialsProvider) {
            this.credentials = credentialsProvider;
            return this;
        }

        @Override
        public Builder region(Region region) {
            this.region = region;
            return this;
        }

        @Override
        public Builder dualstackEnabled(Boolean dualstackEndpointEnabled) {
            throw new UnsupportedOperationException("Ec2QueryClient uses the regional endpoint only");
        }

        @Override
        public Builder fipsEnabled(Boolean fipsEndpointEnabled) {
            throw new UnsupportedOperationException("Ec2QueryClient uses the regional endpoint only");
        }

        @Override
        public Builder overrideConfiguration(ClientOverrideConfiguration overrideConfiguration) {
            this.overrideConfiguration = overrideConfiguration;
            return this;
        }

        @Override
        public ClientOverrideConfiguration overrideConfiguration() {
            return overrideConfiguration;
        }

        @Override
        public Builder endpointOverride(URI endpointOverride) {
            this.endpoint = endpointOverride;
            return this;
        }

        @Override
        public Builder httpClient(SdkHttpClient httpClient) {
            this.http = httpClient;
            return this;
        }

        @Override
        public Builder httpClientBuilder(SdkHttpClient.Builder httpClientBuilder) {
            throw new UnsupportedOperationException("give Ec2QueryClient a built, shared SdkHttpClient with httpClient(...)");
        }

        @Override
        public Ec2QueryClient build() {
            if (http == null || credentials == null || region == null) {
                throw new IllegalStateException("Ec2QueryClient needs httpClient, credentialsProvider and region");
            }
            return new Ec2QueryClient(this);
        }
    }
}
