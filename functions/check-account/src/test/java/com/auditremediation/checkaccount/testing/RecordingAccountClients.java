package com.auditremediation.checkaccount.testing;

import com.auditremediation.checkaccount.checks.Ec2QueryClient;
import com.auditremediation.checkaccount.session.AccountClients;
import com.auditremediation.core.AwsClients;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;

/**
 * Member-account clients for tests: like {@link AccountClients#create()}, plus the endpoint override that production
 * gets from AWS_ENDPOINT_URL. It also records the credentials it is handed, which are exactly the ones STS (moto)
 * issued for the assumed role, so that tests can look for them where they must never appear; and every call the
 * clients send, as the IAM action it needs ({@link #actions()}), so that tests can hold each check to the actions its
 * descriptor declares; and how many calls were in flight at once at most ({@link #mostInFlight()}), for the tests of
 * checks that run side by side.
 */
public final class RecordingAccountClients implements AccountClients {

    /** The region and signing name in a SigV4 Authorization header's credential scope: .../date/REGION/SERVICE/aws4_request. */
    private static final Pattern SIGNING_NAME = Pattern.compile("Credential=[^/]+/[^/]+/([^/]+)/([^/]+)/aws4_request");
    /**
     * Where an IAM action's name is not the API operation's (the Service Authorization Reference): S3 Control's
     * account-level Block Public Access operations.
     */
    private static final Map<String, String> ACTION_OF_OPERATION = Map.of(
            "s3:GetPublicAccessBlock", "s3:GetAccountPublicAccessBlock",
            "s3:PutPublicAccessBlock", "s3:PutAccountPublicAccessBlock",
            "s3:DeletePublicAccessBlock", "s3:PutAccountPublicAccessBlock");

    private final URI endpoint;
    private final List<AwsCredentials> credentials = new CopyOnWriteArrayList<>();
    private final List<Region> regions = new CopyOnWriteArrayList<>();
    private final List<String> actions = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final List<String> placedActions = new CopyOnWriteArrayList<>();
    private final SdkHttpClient http = new ActionRecordingHttpClient(AwsClients.httpClient());

    public RecordingAccountClients(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** Over the shared url-connection client as given, or over another one (the PATCH-capable one), recorded alike. */
    @Override
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
            B builder, SdkHttpClient httpClient, AwsCredentialsProvider provider, Region region) {
        credentials.add(provider.resolveCredentials());
        regions.add(region);
        if (!(builder instanceof Ec2QueryClient.Builder)) {
            builder.overrideConfiguration(c -> c.addExecutionInterceptor(new OperationRecorder()));
        }
        SdkHttpClient recorded = httpClient == AwsClients.httpClient() ? http : new ActionRecordingHttpClient(httpClient);
        return builder.httpClient(recorded).endpointOverride(endpoint).region(region).credentialsProvider(provider).build();
    }

    public List<AwsCredentials> credentials() {
        return credentials;
    }

    public List<Region> regions() {
        return regions;
    }

    /** Every call made through these clients, in order, as {@code service:Action} (the IAM action it needs). */
    public List<String> actions() {
        return actions;
    }

    /** The most calls these clients had in flight at once (retries are calls too) since they were made. */
    public int mostInFlight() {
        return mostInFlight.get();
    }

    /** The same calls with the region each was signed for: {@code ec2:EnableEbsEncryptionByDefault@eu-west-1}. */
    public List<String> placedActions() {
        return placedActions;
    }

    private void record(SdkHttpRequest request, String operation) {
        Optional<Matcher> scope = request.firstMatchingHeader("Authorization").map(SIGNING_NAME::matcher).filter(Matcher::find);
        String action = scope.map(m -> m.group(2)).orElse("unsigned") + ":" + operation;
        String named = ACTION_OF_OPERATION.getOrDefault(action, action);
        actions.add(named);
        placedActions.add(named + "@" + scope.map(m -> m.group(1)).orElse("?"));
    }

    /** SDK clients: the operation's name from the SDK, the service from the signed request. */
    private final class OperationRecorder implements ExecutionInterceptor {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            record(context.httpRequest(), attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        }
    }

    /**
     * Ec2QueryClient signs and sends its own requests (no SDK interceptors): a query-protocol request names its action
     * in the form body, which this reads on the way out.
     */
    private final class ActionRecordingHttpClient implements SdkHttpClient {
        private final SdkHttpClient delegate;

        ActionRecordingHttpClient(SdkHttpClient delegate) {
            this.delegate = delegate;
        }

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            boolean sdkCall = request.httpRequest().firstMatchingHeader("amz-sdk-invocation-id").isPresent();
            if (!sdkCall && request.contentStreamProvider().isPresent()) {
                try (InputStream in = request.contentStreamProvider().get().newStream()) {
                    String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    for (String pair : body.split("&")) {
                        if (pair.startsWith("Action=")) {
                            record(request.httpRequest(), URLDecoder.decode(pair.substring("Action=".length()), StandardCharsets.UTF_8));
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            ExecutableHttpRequest prepared = delegate.prepareRequest(request);
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() throws IOException {
                    mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    try {
                        return prepared.call();
                    } finally {
                        inFlight.decrementAndGet();
                    }
                }

                @Override
                public void abort() {
                    prepared.abort();
                }
            };
        }

        @Override
        public void close() {
            // The shared client outlives these clients.
        }
    }
}
