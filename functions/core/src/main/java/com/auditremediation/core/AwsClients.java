package com.auditremediation.core;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;

/**
 * Builds SDK clients the same way everywhere: the url-connection HTTP client (small and quick to start), the region
 * of the Lambda ({@code AWS_REGION}) and the Lambda's own credentials (see {@link #credentialsProvider(Env)}).
 * Endpoints follow the SDK's own settings ({@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_<SERVICE>}), so an
 * emulator needs no code of ours.
 */
public final class AwsClients {

    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Connections are opened by {@link #openConnection}, the SDK's documented hook for that: the client's builder
     * would instead set up its own TLS context (the JDK's trust store, about 0.1 s of a cold start) when it is built,
     * whether or not any request goes over HTTPS. This way HTTPS uses the JDK's default TLS context, set up by the
     * first HTTPS connection (as botocore loads its CA bundle at its first HTTPS connection): the same trust store and
     * host name checks, paid once, when needed.
     */
    private static final SdkHttpClient HTTP_CLIENT = UrlConnectionHttpClient.create(AwsClients::openConnection);

    private AwsClients() {
    }

    public static SdkHttpClient httpClient() {
        return HTTP_CLIENT;
    }

    /** Made at the first PATCH, not at start: the common path never loads java.net.http. */
    private static final class PatchCapable {
        static final SdkHttpClient HTTP_CLIENT = JdkHttpClient.create();
    }

    /**
     * An HTTP client that can send PATCH, which the shared one cannot (see {@link JdkHttpClient}): only for the calls
     * that need it, Security Hub's BatchUpdateFindings. Built on first use, then shared.
     */
    public static SdkHttpClient patchHttpClient() {
        return PatchCapable.HTTP_CLIENT;
    }

    /**
     * What the shared HTTP client opens for each request: a connection through the JVM's proxy settings (the
     * {@code http(s).proxyHost} system properties; not the {@code HTTPS_PROXY} environment variable, which the SDK's
     * builder would also read, and which Lambda does not set), with our connect and read timeouts, not yet connected.
     */
    static HttpURLConnection openConnection(URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout((int) CONNECTION_TIMEOUT.toMillis());
            connection.setReadTimeout((int) SOCKET_TIMEOUT.toMillis());
            return connection;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a connection to " + uri, e);
        }
    }

    public static Region region() {
        return region(Env.system());
    }

    static Region region(Env env) {
        String region = env.get("AWS_REGION", null);
        return region != null ? Region.of(region) : new DefaultAwsRegionProviderChain().getRegion();
    }

    /**
     * The function's own credentials. Lambda puts them in {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}
     * and {@code AWS_SESSION_TOKEN}; where both keys are set, they are read from there alone (AWS's advice for the
     * SDK v2 on Lambda), which spares the default chain's set-up (system properties, web identity, profile files,
     * container, instance metadata) at every cold start. Anywhere else, and on Lambda with SnapStart (whose restored
     * environments get their credentials from the container endpoint instead), the SDK's default chain.
     */
    public static AwsCredentialsProvider credentialsProvider(Env env) {
        if (!env.get("AWS_ACCESS_KEY_ID", "").isEmpty() && !env.get("AWS_SECRET_ACCESS_KEY", "").isEmpty()) {
            return EnvironmentVariableCredentialsProvider.create();
        }
        return DefaultCredentialsProvider.builder().build();
    }

    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder) {
        return build(builder, Env.system());
    }

    /** A client as the function builds it in the environment {@code env} (AWS_REGION and the credentials above). */
    static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, Env env) {
        return builder.httpClient(HTTP_CLIENT).region(region(env)).credentialsProvider(credentialsProvider(env)).build();
    }

    /**
     * A client of the function's region with the given credentials, for a function that must be able to replace
     * its credentials provider (SnapStart's restored environments must not use credentials cached in the snapshot).
     */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
            B builder, AwsCredentialsProvider credentials) {
        return builder.httpClient(HTTP_CLIENT).region(region()).credentialsProvider(credentials).build();
    }

    /** {@code aws}, {@code aws-cn} or {@code aws-us-gov}: every ARN we build starts from this. */
    public static String partition(Region region) {
        return PartitionMetadata.of(region).id();
    }
}
