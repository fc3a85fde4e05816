package com.auditremediation.checkaccount;

import com.auditremediation.checkaccount.checks.CheckRegistry;
import com.auditremediation.checkaccount.run.AccountBatchChecker;
import com.auditremediation.checkaccount.run.AccountChecker;
import com.auditremediation.checkaccount.testing.RecordingAccountClients;
import com.auditremediation.core.Json;
import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.error.ThrottledException;
import com.auditremediation.local.FaultRule;
import com.auditremediation.local.LocalClients;
import com.auditremediation.local.MotoExtension;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckAccountBatchHandlerTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.restartedBeforeEachTest();

    private static StsClient sts;
    private static CheckAccountBatchHandler handler;

    @BeforeAll
    static void setUp() {
        sts = LocalClients.build(StsClient.builder(), MOTO.proxyEndpoint(), Region.US_EAST_1);
        AccountChecker checker = AccountChecker.builder(sts, new RecordingAccountClients(MOTO.proxyEndpoint()), Region.US_EAST_1).build();
        handler = new CheckAccountBatchHandler(new AccountBatchChecker(checker, 4, Duration.ofMillis(10)));
    }

    @AfterAll
    static void tearDown() {
        sts.close();
    }

    @Test
    void everyAccountOfTheBatchGetsOneResultInOrderAndFailuresStayRows() throws IOException {
        List<String> ids = IntStream.range(0, 10).mapToObj(i -> String.format("1111222200%02d", i)).toList();
        // moto does not check roles or throttle, so the refusal and the throttling are injected at the HTTP boundary.
        MOTO.inject(FaultRule.stsAccessDenied(ids.get(3)));
        MOTO.inject(FaultRule.stsThrottling(ids.get(7), FaultRule.UNLIMITED));

        JsonNode output = invoke(batch(ids, "\"checks\": [\"caller-identity\"]"));

        JsonNode results = output.get("results");
        assertThat(results).extracting(r -> r.get("accountId").asText()).containsExactlyElementsOf(ids);
        assertThat(results.get(3).get("status").asText()).isEqualTo("FAILED");
        assertThat(results.get(3).get("errorCode").asText()).isEqualTo("ROLE_NOT_ASSUMABLE");
        assertThat(results.get(7).get("status").asText()).isEqualTo("FAILED");
        assertThat(results.get(7).get("error").get("Error").asText()).isEqualTo(ThrottledException.class.getName());
        assertThat(results.get(7).get("error").get("Cause").asText()).contains(ids.get(7));
        for (int i : new int[] {0, 1, 2, 4, 5, 6, 8, 9}) {
            assertThat(results.get(i).get("status").asText()).as(ids.get(i)).isEqualTo("SUCCEEDED");
            assertThat(results.get(i).get("checks").get(0).get("checkId").asText()).isEqualTo("caller-identity");
        }
    }

    /**
     * A batch of 25 accounts with every check gives the same results, account by account and check by check, whether
     * its accounts run one at a time or four at once. No timing is asserted: with every account's checks already side
     * by side, moto on a shared machine decides which is faster. Per-account latency comes from
     * scripts/account-latency.sh (docs/checks.md), a benchmark anyone can rerun.
     */
    @Test
    void aBatchOf25WithEveryCheckGivesTheSameResultsOneOrFourAccountsAtATime() throws IOException {
        AccountChecker checker = AccountChecker.builder(sts, new RecordingAccountClients(MOTO.proxyEndpoint()), Region.US_EAST_1).build();
        List<String> ids = IntStream.range(0, 25).mapToObj(i -> String.format("3333444400%02d", i)).toList();
        String input = batch(ids, "\"checks\": [], \"regions\": [\"us-east-1\"]");

        List<String> serial = statuses(new AccountBatchChecker(checker, 1, Duration.ofMillis(10)), input);
        List<String> parallel = statuses(new AccountBatchChecker(checker, 4, Duration.ofMillis(10)), input);

        assertThat(parallel).isEqualTo(serial);
    }

    /** Every account's id, status and each check's id, region and status, in order. */
    private static List<String> statuses(AccountBatchChecker checker, String input) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        new CheckAccountBatchHandler(checker).handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), output, null);
        JsonNode results = Json.mapper().readTree(output.toByteArray()).get("results");
        // One result per check: the batch's one region makes each regional check one result too.
        int checks = CheckRegistry.create().ids().size();
        assertThat(results).hasSize(25).allSatisfy(r -> assertThat(r.get("checks")).hasSize(checks));
        List<String> statuses = new ArrayList<>();
        for (JsonNode row : results) {
            statuses.add(row.get("accountId").asText() + " " + row.get("status").asText());
            for (JsonNode check : row.get("checks")) {
                statuses.add("  " + check.get("checkId").asText() + "@" + check.path("region").asText("-") + " " + check.get("status").asText());
            }
        }
        return statuses;
    }

    @Test
    void aBadAccountIdIsThatAccountsFailedRowNotTheBatchsFailure() throws IOException {
        JsonNode output = invoke(batch(List.of("111122223333", "12345"), "\"checks\": [\"caller-identity\"]"));

        assertThat(output.get("results").get(0).get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(output.get("results").get(1).get("status").asText()).isEqualTo("FAILED");
        assertThat(output.get("results").get(1).get("error").get("Error").asText()).isEqualTo(InvalidInputException.class.getName());
    }

    @Test
    void aBatchWithoutItsBatchInputIsRejectedNamingTheField() {
        assertThatThrownBy(() -> invoke("{\"Items\": [{\"id\": \"111122223333\"}]}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("INVALID_INPUT: field 'BatchInput'");
    }

    private static String batch(List<String> ids, String contextFields) {
        String items = String.join(", ", ids.stream().map(id -> "{\"id\": \"" + id + "\", \"name\": \"n-" + id + "\"}").toList());
        return """
                {"Items": [%s],
                 "BatchInput": {"context": {"roleName": "aws-controltower-AdministratorExecutionRole", "mode": "audit", %s},
                                "executionName": "nightly-1"}}""".formatted(items, contextFields);
    }

    private static JsonNode invoke(String input) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), output, null);
        return Json.mapper().readTree(output.toByteArray());
    }
}
