package com.auditremediation.checkaccount;

import com.auditremediation.checkaccount.checks.CheckRegistry;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckAccountHandlerTest {

    @RegisterExtension
    static final MotoExtension MOTO = new MotoExtension();

    private static StsClient sts;
    private static CheckAccountHandler handler;

    @BeforeAll
    static void setUp() {
        sts = LocalClients.build(StsClient.builder(), MOTO.proxyEndpoint(), Region.US_EAST_1);
        handler = new CheckAccountHandler(AccountChecker.builder(sts, new RecordingAccountClients(MOTO.proxyEndpoint()), Region.US_EAST_1).build());
    }

    @AfterAll
    static void tearDown() {
        sts.close();
    }

    @Test
    void theMapItemBecomesTheAccountsResult() throws IOException {
        String input = """
                {"account": {"id": "111122223333", "name": "dev", "ouId": "ou-ab12-cdef3456"},
                 "context": {"roleName": "aws-controltower-AdministratorExecutionRole", "mode": "audit", "checks": [], "regions": []},
                 "executionName": "nightly-1"}""";

        JsonNode output = invoke(input);

        assertThat(output.get("accountId").asText()).isEqualTo("111122223333");
        assertThat(output.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(output.has("errorCode")).isFalse();
        assertThat(output.has("errorType")).isFalse();
        assertThat(output.get("durationMs").isIntegralNumber()).isTrue();
        // No "checks" means every check, each once here: no regions means the function's region alone.
        assertThat(output.get("checks")).extracting(check -> check.get("checkId").asText())
                .containsExactlyElementsOf(CheckRegistry.create().ids());
        assertThat(check(output, "caller-identity").get("status").asText()).isEqualTo("COMPLIANT");
        assertThat(check(output, "caller-identity").has("detail")).isFalse();
        assertThat(check(output, "ebs-default-encryption").get("region").asText()).isEqualTo("us-east-1");
    }

    @Test
    void aRefusedRoleIsAnOutputRow() throws IOException {
        // moto does not check roles, so the refusal is injected at the HTTP boundary.
        MOTO.inject(FaultRule.stsAccessDenied("111122223333"));

        JsonNode output = invoke("""
                {"account": {"id": "111122223333"}, "context": {"roleName": "missing-role"}, "executionName": "nightly-1"}""");

        assertThat(output.get("status").asText()).isEqualTo("FAILED");
        assertThat(output.get("errorCode").asText()).isEqualTo("ROLE_NOT_ASSUMABLE");
        assertThat(output.get("errorMessage").asText()).startsWith("Could not assume arn:aws:iam::111122223333:role/missing-role in 111122223333");
    }

    @Test
    void transientFailuresAreThrownWithTheClassNameThatRetryMatches() {
        MOTO.inject(FaultRule.stsThrottling("111122223333", FaultRule.UNLIMITED));

        assertThatThrownBy(() -> invoke("""
                {"account": {"id": "111122223333"}, "context": {"roleName": "r"}, "executionName": "nightly-1"}"""))
                .isExactlyInstanceOf(ThrottledException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed account id  | {"account": {"id": "12345"}, "context": {"roleName": "r"}}                          | account.id
            account id as array   | {"account": {"id": ["111122223333"]}, "context": {"roleName": "r"}}                | account.id
            short id as number    | {"account": {"id": 12345678901}, "context": {"roleName": "r"}}                     | account.id
            context as array      | {"account": {"id": "111122223333"}, "context": ["r"]}                              | context
            account as string     | {"account": "111122223333", "context": {"roleName": "r"}}                          | account
            missing account       | {"context": {"roleName": "r"}}                                                     | account
            missing context       | {"account": {"id": "111122223333"}}                                                | context
            role name as ARN      | {"account": {"id": "111122223333"}, "context": {"roleName": "arn:aws:iam::111122223333:role/r"}} | context.roleName
            missing role name     | {"account": {"id": "111122223333"}, "context": {}}                                 | context.roleName
            unknown check         | {"account": {"id": "111122223333"}, "context": {"roleName": "r", "checks": ["nope"]}} | context.checks[0]
            checks as string      | {"account": {"id": "111122223333"}, "context": {"roleName": "r", "checks": "caller-identity"}} | context.checks
            bad region            | {"account": {"id": "111122223333"}, "context": {"roleName": "r", "regions": ["Ireland"]}} | context.regions[0]
            unknown field         | {"account": {"id": "111122223333"}, "context": {"roleName": "r"}, "TargetAccountId": "1"} | TargetAccountId
            """)
    void badInputIsRejectedNamingTheField(String problem, String input, String field) {
        assertThatThrownBy(() -> invoke(input))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageStartingWith("INVALID_INPUT: field '" + field + "'");
    }

    @Test
    void anUnknownCheckIsRejectedListingTheValidOnes() {
        assertThatThrownBy(() -> invoke("""
                {"account": {"id": "111122223333"}, "context": {"roleName": "r", "checks": ["caller-identiy"]}}"""))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'caller-identiy' is not a check; valid checks: caller-identity");
    }

    private static JsonNode invoke(String input) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), output, null);
        return Json.mapper().readTree(output.toByteArray());
    }

    /** The result of {@code checkId} in a check-account output, found by id. */
    static JsonNode check(JsonNode output, String checkId) {
        for (JsonNode check : output.get("checks")) {
            if (check.get("checkId").asText().equals(checkId)) {
                return check;
            }
        }
        throw new AssertionError("no result for " + checkId + " in " + output);
    }
}
