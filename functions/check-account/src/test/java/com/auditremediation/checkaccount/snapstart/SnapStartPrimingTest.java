package com.auditremediation.checkaccount.snapstart;

import com.amazonaws.services.lambda.runtime.api.client.runtimeapi.JniHelper;
import com.auditremediation.checkaccount.CheckAccountHandler;
import com.auditremediation.checkaccount.DirectInvocation;
import com.auditremediation.checkaccount.run.AccountChecker;
import com.auditremediation.checkaccount.testing.CapturedOut;
import com.auditremediation.checkaccount.testing.RecordingAccountClients;
import com.auditremediation.core.AwsClients;
import com.auditremediation.core.Env;
import com.auditremediation.core.Json;
import com.auditremediation.local.MotoExtension;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SnapStart hooks called as Lambda's Java runtime calls them: registered through org.crac, whose calls reach the
 * runtime interface client's CRaC context (the surefire configuration sets {@code org.crac.Core.Compat}); then, as
 * the runtime does once init is done ({@code AWSLambda.onInitComplete}), that context's {@code beforeCheckpoint},
 * and {@code afterRestore} where a restored environment resumes. The first invocation after them runs against moto.
 */
class SnapStartPrimingTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String KEY_BEFORE_SNAPSHOT = "AKIDBEFORESNAPSHOT01";
    private static final String KEY_AFTER_RESTORE = "AKIDAFTERRESTORE0001";
    private static final String ACCOUNT_ID = "210987654321";

    @BeforeAll
    static void loadTheRuntimeClientsNativeLibrary() {
        // As the runtime does when it starts: its CRaC context clears the JVM's DNS cache through this library.
        JniHelper.load();
    }

    @Test
    void theFirstInvocationAfterRestoreUsesRenewedCredentialsOnNewConnections() throws Exception {
        try (ConnectionRecordingProxy proxy = ConnectionRecordingProxy.start(MOTO.endpoint());
             CapturedOut out = CapturedOut.start()) {
            AtomicInteger providersMade = new AtomicInteger();
            RestorableCredentialsProvider credentials = new RestorableCredentialsProvider(() -> StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(providersMade.incrementAndGet() == 1 ? KEY_BEFORE_SNAPSHOT : KEY_AFTER_RESTORE, "secret")));
            StsClient sts = StsClient.builder().httpClient(AwsClients.httpClient()).endpointOverride(proxy.endpoint())
                    .region(Region.US_EAST_1).credentialsProvider(credentials).build();
            DirectInvocation direct = DirectInvocation.fromEnv(Env.of(Map.of()), Region.US_EAST_1);
            CheckAccountHandler handler = new CheckAccountHandler(
                    AccountChecker.builder(sts, new RecordingAccountClients(proxy.endpoint()), Region.US_EAST_1).build(), direct);
            SnapStartPriming.register(new SnapStartPriming(direct, Region.US_EAST_1, credentials,
                    http -> StsClient.builder().httpClient(http).endpointOverride(proxy.endpoint()).region(Region.US_EAST_1)
                            .credentialsProvider(credentials).build()));

            com.amazonaws.services.lambda.crac.Core.getGlobalContext().beforeCheckpoint(null);
            List<ConnectionRecordingProxy.Seen> beforeSnapshot = proxy.seen();
            com.amazonaws.services.lambda.crac.Core.getGlobalContext().afterRestore(null);
            JsonNode result = invoke(handler, "{\"TargetAccountId\": \"" + ACCOUNT_ID + "\", \"Checks\": [\"caller-identity\"]}");
            List<ConnectionRecordingProxy.Seen> afterRestore = proxy.seen().subList(beforeSnapshot.size(), proxy.seen().size());

            // Priming: the check path ran in memory (no AssumeRole left the host), the function's own call went out once.
            assertThat(out.lines()).anySatisfy(line -> assertThat(line)
                    .contains("\"event\":\"snapstart.primed\"").contains("\"checkPath\":\"COMPLIANT\"").contains("\"functionCall\":\"ok\""));
            assertThat(beforeSnapshot).extracting(ConnectionRecordingProxy.Seen::action).containsExactly("GetCallerIdentity");
            assertThat(beforeSnapshot).extracting(ConnectionRecordingProxy.Seen::accessKeyId).containsExactly(KEY_BEFORE_SNAPSHOT);
            // After the restore: the account is checked against moto with the renewed credentials, on new connections.
            assertThat(result.get("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(result.get("checks").get(0).get("status").asText()).isEqualTo("COMPLIANT");
            assertThat(afterRestore).extracting(ConnectionRecordingProxy.Seen::action).containsExactly("AssumeRole", "GetCallerIdentity");
            assertThat(afterRestore.get(0).accessKeyId()).isEqualTo(KEY_AFTER_RESTORE);
            Set<Integer> portsBeforeSnapshot = beforeSnapshot.stream().map(ConnectionRecordingProxy.Seen::clientPort).collect(Collectors.toSet());
            assertThat(afterRestore).extracting(ConnectionRecordingProxy.Seen::clientPort).doesNotContainAnyElementsOf(portsBeforeSnapshot);
            sts.close();
        }
    }

    @Test
    void withoutNetworkPrimingStillPrimesTheCheckPathAndFailsTheFunctionCallHarmlessly() {
        URI closedPort = URI.create("http://127.0.0.1:9");
        RestorableCredentialsProvider credentials = new RestorableCredentialsProvider(
                () -> StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_BEFORE_SNAPSHOT, "secret")));
        SnapStartPriming priming = new SnapStartPriming(DirectInvocation.fromEnv(Env.of(Map.of()), Region.US_EAST_1), Region.US_EAST_1, credentials,
                http -> StsClient.builder().httpClient(http).endpointOverride(closedPort).region(Region.US_EAST_1)
                        .credentialsProvider(credentials).build());

        String checkPath = priming.primeCheckPath();
        long start = System.nanoTime();
        String functionCall = priming.primeFunctionCall();
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(checkPath).isEqualTo("COMPLIANT");
        assertThat(functionCall).startsWith("failed (");
        // Not a timing claim: only that the call gives up (its 2 s cap) rather than waiting out the SDK's retries.
        assertThat(millis).isLessThan(SnapStartPriming.FUNCTION_CALL_TIMEOUT.toMillis() + 10_000);
    }

    @Test
    void renewingForgetsTheProviderAndWhatItCached() {
        AtomicInteger providersMade = new AtomicInteger();
        RestorableCredentialsProvider credentials = new RestorableCredentialsProvider(() -> StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDPROVIDER" + String.format("%08d", providersMade.incrementAndGet()), "secret")));
        String before = credentials.resolveCredentials().accessKeyId();

        credentials.renew();

        assertThat(before).isEqualTo("AKIDPROVIDER00000001");
        assertThat(credentials.resolveCredentials().accessKeyId()).isEqualTo("AKIDPROVIDER00000002");
    }

    private static JsonNode invoke(CheckAccountHandler handler, String event) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), output, null);
        return Json.mapper().readTree(output.toByteArray());
    }
}
