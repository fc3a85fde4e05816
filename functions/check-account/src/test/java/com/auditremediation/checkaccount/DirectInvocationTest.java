package com.auditremediation.checkaccount;

import com.auditremediation.checkaccount.checks.CheckRegistry;
import com.auditremediation.checkaccount.findings.FindingsExporter;
import com.auditremediation.checkaccount.run.AccountChecker;
import com.auditremediation.checkaccount.testing.CapturedOut;
import com.auditremediation.checkaccount.testing.RecordingAccountClients;
import com.auditremediation.core.Env;
import com.auditremediation.core.Json;
import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.runtime.InvocationContext;
import com.auditremediation.local.LocalClients;
import com.auditremediation.local.MotoExtension;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.sts.StsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The check function invoked directly with the original walkthrough's event, through the handler, against moto. */
class DirectInvocationTest {

    @RegisterExtension
    static final MotoExtension MOTO = new MotoExtension();

    private static final String ROLE = "aws-controltower-ReadOnlyExecutionRole";

    private static StsClient sts;
    private static CheckAccountHandler handler;

    @BeforeAll
    static void setUp() {
        sts = LocalClients.build(StsClient.builder(), MOTO.proxyEndpoint(), Region.EU_WEST_1);
        handler = new CheckAccountHandler(
                AccountChecker.builder(sts, new RecordingAccountClients(MOTO.proxyEndpoint()), Region.EU_WEST_1).build(),
                DirectInvocation.fromEnv(Env.of(Map.of("EXECUTION_ROLE_NAME", ROLE)), Region.EU_WEST_1));
    }

    @AfterAll
    static void tearDown() {
        sts.close();
    }

    @Test
    void theWalkthroughsEventChecksThatAccountWithTheFunctionsDefaults() throws IOException {
        InvocationContext context = InvocationContext.start("audit-remediation-check-account", 240, 1024);

        JsonNode output;
        String log;
        try (CapturedOut out = CapturedOut.start()) {
            output = invoke("{\"TargetAccountId\": \"123456789012\"}", context);
            log = out.text();
        }

        assertThat(output.get("accountId").asText()).isEqualTo("123456789012");
        assertThat(output.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(output.get("checks")).extracting(check -> check.get("checkId").asText())
                .containsExactlyElementsOf(CheckRegistry.create().ids());
        // caller-identity is COMPLIANT only if STS saw exactly this role and session name.
        assertThat(CheckAccountHandlerTest.check(output, "caller-identity").get("status").asText()).isEqualTo("COMPLIANT");
        assertThat(CheckAccountHandlerTest.check(output, "ebs-default-encryption").get("region").asText()).isEqualTo("eu-west-1");
        assertThat(log).contains("\"roleArn\":\"arn:aws:iam::123456789012:role/" + ROLE + "\"")
                .contains("\"sessionName\":\"audit-remediation-direct-" + context.awsRequestId() + "\"")
                .contains("\"mode\":\"audit\"");
    }

    @Test
    void theEventMayNarrowTheChecksAndNameAnotherRole() throws IOException {
        JsonNode output = invoke("""
                {"TargetAccountId": "123456789012", "RoleName": "aws-controltower-AdministratorExecutionRole",
                 "Checks": ["caller-identity"], "Regions": ["eu-west-1"]}""", null);

        assertThat(output.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(output.get("checks")).extracting(check -> check.get("checkId").asText()).containsExactly("caller-identity");
        assertThat(output.get("checks").get(0).get("status").asText()).isEqualTo("COMPLIANT");
    }

    @Test
    void securityControlIdsSelectTheChecksThatImplementThemAddedToChecks() throws IOException {
        JsonNode output = invoke("""
                {"TargetAccountId": "123456789012", "Checks": ["caller-identity"], "SecurityControlIds": ["S3.1"]}""", null);

        assertThat(output.get("checks")).extracting(check -> check.get("checkId").asText())
                .containsExactly("caller-identity", "s3-account-public-access-block");
    }

    @Test
    void withoutALambdaContextTheSessionStillSaysDirect() throws IOException {
        String log;
        try (CapturedOut out = CapturedOut.start()) {
            invoke("{\"TargetAccountId\": \"123456789012\", \"Checks\": [\"caller-identity\"]}", null);
            log = out.text();
        }

        assertThat(log).contains("\"sessionName\":\"audit-remediation-direct\"");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            short id              | {"TargetAccountId": "12345"}                                             | TargetAccountId
            id as number          | {"TargetAccountId": 123456789012}                                        | TargetAccountId
            id with letters       | {"TargetAccountId": "12345678901a"}                                      | TargetAccountId
            missing id            | {"Checks": ["caller-identity"]}                                          | TargetAccountId
            a sweep's field       | {"TargetAccountId": "123456789012", "AccountIds": ["111122223333"]}      | AccountIds
            unknown check         | {"TargetAccountId": "123456789012", "Checks": ["caller-identiy"]}        | Checks[0]
            unknown control       | {"TargetAccountId": "123456789012", "SecurityControlIds": ["IAM.99"]}    | SecurityControlIds[0]
            role name as ARN      | {"TargetAccountId": "123456789012", "RoleName": "arn:aws:iam::1:role/r"} | RoleName
            bad region            | {"TargetAccountId": "123456789012", "Regions": ["Ireland"]}              | Regions[0]
            no such region        | {"TargetAccountId": "123456789012", "Regions": ["us-east-7"]}            | Regions[0]
            another partition     | {"TargetAccountId": "123456789012", "Regions": ["eu-west-1", "cn-north-1"]} | Regions[1]
            repeated region       | {"TargetAccountId": "123456789012", "Regions": ["eu-west-1", "eu-west-1"]} | Regions[1]
            null check            | {"TargetAccountId": "123456789012", "Checks": [null]}                    | Checks[0]
            repeated check        | {"TargetAccountId": "123456789012", "Checks": ["caller-identity", "caller-identity"]} | Checks[1]
            upper-case mode       | {"TargetAccountId": "123456789012", "Mode": "Remediate"}                 | Mode
            bad mode              | {"TargetAccountId": "123456789012", "Mode": "fix"}                       | Mode
            unknown field         | {"TargetAccountId": "123456789012", "Account": "x"}                      | Account
            """)
    void aBadEventIsRejectedNamingItsField(String problem, String input, String field) {
        assertThatThrownBy(() -> invoke(input, null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageStartingWith("INVALID_INPUT: field '" + field + "'");
    }

    @Test
    void aBadEnvironmentRoleNameIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> DirectInvocation.fromEnv(Env.of(Map.of("EXECUTION_ROLE_NAME", "arn:aws:iam::1:role/r")), Region.EU_WEST_1))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("EXECUTION_ROLE_NAME"));
    }

    @Test
    void onlyEventsWithoutAMapItemAndWithAnExecutionInputFieldAreDirect() {
        assertThat(DirectInvocation.accepts(bytes("{\"TargetAccountId\": \"123456789012\"}"))).isTrue();
        assertThat(DirectInvocation.accepts(bytes("{\"Checks\": []}"))).isTrue();
        assertThat(DirectInvocation.accepts(bytes("{\"account\": {\"id\": \"1\"}, \"TargetAccountId\": \"1\"}"))).isFalse();
        assertThat(DirectInvocation.accepts(bytes("{}"))).isFalse();
        assertThat(DirectInvocation.accepts(bytes("[\"TargetAccountId\"]"))).isFalse();
        assertThat(DirectInvocation.accepts(bytes("{\"TargetAccountId\": "))).isFalse();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void securityHubFindingsFalseImportsNoFindingWhereTheFunctionWouldImportThem() throws IOException {
        CheckAccountHandler exporting = new CheckAccountHandler(
                AccountChecker.builder(sts, new RecordingAccountClients(MOTO.proxyEndpoint()), Region.EU_WEST_1)
                        .findings(FindingsExporter.enabled(Clock.systemUTC())).build(),
                DirectInvocation.fromEnv(Env.of(Map.of("EXECUTION_ROLE_NAME", ROLE)), Region.EU_WEST_1));
        try (SecurityHubClient hub = LocalClients.build(SecurityHubClient.builder(), MOTO.endpoint(), Region.EU_WEST_1)) {
            hub.enableSecurityHub(r -> r.enableDefaultStandards(false));

            JsonNode quiet = invoke(exporting, "{\"TargetAccountId\": \"123456789012\", \"Checks\": [\"caller-identity\"],"
                    + " \"SecurityHubFindings\": false}", null);
            int afterQuiet = hub.getFindings(r -> { }).findings().size();
            JsonNode exported = invoke(exporting, "{\"TargetAccountId\": \"123456789012\", \"Checks\": [\"caller-identity\"]}", null);

            assertThat(quiet.get("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(quiet.has("findings")).as("no findings delivery: nothing was exported").isFalse();
            assertThat(afterQuiet).isZero();
            assertThat(exported.get("findings").get("exported").asInt()).as("the same invocation without the flag exports").isEqualTo(1);
            assertThat(hub.getFindings(r -> { }).findings()).hasSize(1);
        }
    }

    private static JsonNode invoke(String input, InvocationContext context) throws IOException {
        return invoke(handler, input, context);
    }

    private static JsonNode invoke(CheckAccountHandler target, String input, InvocationContext context) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        target.handleRequest(new ByteArrayInputStream(bytes(input)), output, context);
        return Json.mapper().readTree(output.toByteArray());
    }
}
