package com.auditremediation.checkaccount.snapstart;

import com.auditremediation.checkaccount.CheckAccountHandler;
import com.auditremediation.checkaccount.DirectInvocation;
import com.auditremediation.checkaccount.run.AccountChecker;
import com.auditremediation.checkaccount.session.AccountClients;
import com.auditremediation.core.AwsClients;
import com.auditremediation.core.JsonLog;
import com.auditremediation.core.runtime.InvocationContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * SnapStart's runtime hooks for check-account. Lambda calls them only for a published version with SnapStart on
 * (template parameter {@code SnapStart}): {@link #beforeCheckpoint} once, when it initialises the version and takes
 * its snapshot; {@link #afterRestore} in every execution environment resumed from that snapshot, before its first
 * request. The handler registers them only for that initialisation ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}).
 * <p>Before the snapshot, the first request's one-time work is done, so that restored environments start with it
 * done (Powertools for AWS Lambda's "priming"):
 * <ul>
 *   <li>the whole check path of one account, through the handler: a direct event and a Map item read by the strict
 *       mapper, AssumeRole, a member-account STS client, GetCallerIdentity, the result written. Its STS calls are
 *       answered in memory (see {@link InMemorySts}), so no role is assumed anywhere and nothing leaves the host;
 *       the SDK still marshals, signs, retries, unmarshals the XML and builds the clients as for real;</li>
 *   <li>the function's own credentials and network path: one {@code sts:GetCallerIdentity} as the function (read
 *       only, it changes nothing), which resolves the credentials provider, DNS and, on AWS, TLS. Without network or
 *       credentials it fails within {@link #FUNCTION_CALL_TIMEOUT} and priming goes on without it. Its HTTP
 *       connection is closed by the server after the answer (see {@link #primeFunctionCall()}), so the snapshot
 *       keeps no connection.</li>
 * </ul>
 * After a restore, nothing that must stay unique to an environment is reused: the function's credentials provider
 * is replaced ({@link RestorableCredentialsProvider#renew()}: the credentials fetched before the snapshot are
 * forgotten), no connection is left to reuse (see above; the runtime clears the JVM's DNS cache before the snapshot),
 * and no random state of ours exists before a request (session names come from the request id).
 * <p>A failure while priming is logged and does not fail the snapshot: the function then works unprimed.
 */
public final class SnapStartPriming implements Resource {

    /** How long the real GetCallerIdentity may take, retries included. */
    static final Duration FUNCTION_CALL_TIMEOUT = Duration.ofSeconds(2);

    /** The account of the in-memory check: any valid id; no request for it leaves the host. */
    static final String PRIMING_ACCOUNT_ID = "123456789012";

    static final String EXECUTION_NAME = "snapstart-priming";

    /**
     * Lambda's CRaC context keeps registered resources in a weak map (as the CRaC reference implementation does):
     * this list keeps every registered instance reachable for the life of the JVM.
     */
    private static final List<SnapStartPriming> REGISTERED = new CopyOnWriteArrayList<>();

    private final DirectInvocation direct;
    private final Region region;
    private final RestorableCredentialsProvider credentials;
    private final Function<SdkHttpClient, StsClient> functionSts;

    /**
     * @param functionSts builds an STS client acting as the function itself (with {@code credentials}) over the
     *                    HTTP client it is given: production leaves the endpoint to the SDK, tests point it at moto
     */
    public SnapStartPriming(DirectInvocation direct, Region region, RestorableCredentialsProvider credentials,
                     Function<SdkHttpClient, StsClient> functionSts) {
        this.direct = direct;
        this.region = region;
        this.credentials = credentials;
        this.functionSts = functionSts;
    }

    /** Registers {@code priming} with the global CRaC context, as Lambda's runtime expects; returns it. */
    public static SnapStartPriming register(SnapStartPriming priming) {
        REGISTERED.add(priming);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        long start = System.nanoTime();
        String check = primeCheckPath();
        String functionCall = primeFunctionCall();
        JsonLog.info("snapstart.primed", "checkPath", check, "functionCall", functionCall,
                "durationMs", (System.nanoTime() - start) / 1_000_000);
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        credentials.renew();
        JsonLog.info("snapstart.restored", "credentials", "renewed");
    }

    /** One account's check through the handler, STS answered in memory: "COMPLIANT" when the path ran through. */
    String primeCheckPath() {
        InMemorySts memory = new InMemorySts(AwsClients.partition(region));
        StaticCredentialsProvider none = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAPRIMINGONLY00000", "priming"));
        try (StsClient sts = StsClient.builder().httpClient(memory).region(region).credentialsProvider(none).build()) {
            AccountClients inMemory = new AccountClients() {
                @Override
                public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
                        B builder, SdkHttpClient http, AwsCredentialsProvider session, Region clientRegion) {
                    return builder.httpClient(memory).region(clientRegion).credentialsProvider(session).build();
                }
            };
            CheckAccountHandler handler = new CheckAccountHandler(AccountChecker.builder(sts, inMemory, region).build(), direct);
            // The walkthrough's direct event, then a Map item as the state machine sends it: both readers are primed.
            invoke(handler, "{\"TargetAccountId\": \"" + PRIMING_ACCOUNT_ID + "\", \"Checks\": [\"caller-identity\"]}");
            String result = invoke(handler, "{\"account\": {\"id\": \"" + PRIMING_ACCOUNT_ID + "\"}, \"context\": {\"roleName\": "
                    + "\"snapstart-priming\", \"mode\": \"audit\", \"checks\": [\"caller-identity\"], \"regions\": []}, "
                    + "\"executionName\": \"" + EXECUTION_NAME + "\"}");
            return result.contains("\"COMPLIANT\"") ? "COMPLIANT" : "unexpected result: " + result;
        } catch (RuntimeException | IOException e) {
            return "failed: " + e;
        }
    }

    /** One invocation whose request id says what it is: the log lines of priming read "snapstart-priming". */
    private static String invoke(CheckAccountHandler handler, String event) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), output,
                new InvocationContext(EXECUTION_NAME, EXECUTION_NAME, 60, 1024, System.currentTimeMillis()));
        return output.toString(StandardCharsets.UTF_8);
    }

    /**
     * sts:GetCallerIdentity as the function, on a connection that is not kept: "ok" or why it failed. The request
     * says {@code Connection: close} (the one value of that header the JDK lets a caller set), so the server closes
     * the connection after answering and the JVM's keep-alive cache, which every url-connection client shares, never
     * holds it. ({@code HttpURLConnection.disconnect()} after the response was read did not remove it from that cache:
     * SnapStartPrimingTest saw the first request after the restore reuse it.)
     */
    String primeFunctionCall() {
        int timeoutMillis = (int) FUNCTION_CALL_TIMEOUT.toMillis();
        SdkHttpClient http = UrlConnectionHttpClient.create(uri -> {
            try {
                HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
                connection.setConnectTimeout(timeoutMillis);
                connection.setReadTimeout(timeoutMillis);
                connection.setRequestProperty("Connection", "close");
                return connection;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try (StsClient sts = functionSts.apply(http)) {
            sts.getCallerIdentity(r -> r.overrideConfiguration(o -> o.apiCallTimeout(FUNCTION_CALL_TIMEOUT)));
            return "ok";
        } catch (SdkException | UncheckedIOException e) {
            return "failed (" + e.getClass().getSimpleName() + "): " + e.getMessage();
        } finally {
            http.close();
        }
    }
}
