package com.auditremediation.cli;

import com.auditremediation.core.Json;
import com.auditremediation.local.MotoExtension;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code invoke}: one function, once, in a fresh JVM on exactly its artifact, against moto. */
class InvokeCommandTest {

    @RegisterExtension
    static final MotoExtension MOTO = new MotoExtension();

    private static final Path CHECK_ACCOUNT_JAR = CliRunner.HOME.resolve("functions/check-account/target/check-account.jar");

    @Test
    void theWalkthroughsEventPrintsThatAccountsRowAndExitsZero() throws Exception {
        CliRunner.Result result = invoke("check-account", "--event", "{\"TargetAccountId\": \"123456789012\"}");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
        JsonNode row = Json.mapper().readTree(result.out());
        assertThat(row.get("accountId").asText()).isEqualTo("123456789012");
        assertThat(row.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(row.get("checks").get(0).get("status").asText()).isEqualTo("COMPLIANT");
        // The function's log goes to stderr, with the template's role for a direct invocation.
        assertThat(result.err()).contains("\"event\":\"account.start\"")
                .contains("role/aws-controltower-AdministratorExecutionRole")
                .contains("\"sessionName\":\"audit-remediation-direct-")
                .contains("REPORT audit-remediation-check-account: ");
    }

    @Test
    void theFunctionsJvmHasExactlyItsArtifactOnTheClasspathAndTheTemplatesEnvironment() {
        CliRunner.Result result = invoke("CheckAccountFunction", "--event", "events/single-account.json",
                "--parameter-overrides", "ExecutionRoleName=aws-controltower-ReadOnlyExecutionRole",
                "--jvm-option", "-XshowSettings:properties");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
        assertThat(result.err()).contains("java.class.path = " + CHECK_ACCOUNT_JAR + System.lineSeparator())
                .doesNotContain("audit-remediation-cli").doesNotContain("local-aws")
                .contains("role/aws-controltower-ReadOnlyExecutionRole");
    }

    @Test
    void anEventFileAndTheFunctionsFullNameWork(@TempDir Path folder) throws Exception {
        Path event = Files.writeString(folder.resolve("event.json"), "{\"TargetAccountId\": \"111122223333\", \"Checks\": [\"caller-identity\"]}");

        CliRunner.Result result = invoke("audit-remediation-check-account", "--event", event.toString());

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
        assertThat(Json.mapper().readTree(result.out()).get("checks")).hasSize(1);
    }

    @Test
    void anEventTheFunctionRefusesPrintsItsErrorAndExitsTwo() throws Exception {
        CliRunner.Result result = invoke("check-account", "--event", "{\"TargetAccountId\": \"12345\"}");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        JsonNode error = Json.mapper().readTree(result.out());
        assertThat(error.get("errorType").asText()).isEqualTo("com.auditremediation.core.error.InvalidInputException");
        assertThat(result.errLines()).last().asString()
                .startsWith("audit-remediation: audit-remediation-check-account refused the event: com.auditremediation.core.error.InvalidInputException: INVALID_INPUT: field 'TargetAccountId'");
    }

    @Test
    void anEventThatIsNotJsonIsOneLineBeforeAnyJvmStarts() {
        CliRunner.Result result = invoke("check-account", "--event", "{\"TargetAccountId\": ");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).singleElement().asString().startsWith("audit-remediation: --event is not valid JSON (");
    }

    @Test
    void aMissingEventFileIsOneLine() {
        CliRunner.Result result = invoke("check-account", "--event", "no/such/event.json");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.errLines()).singleElement().asString().startsWith("audit-remediation: cannot read --event no/such/event.json");
    }

    @Test
    void aJavaThatIsNotAnExecutableIsOneLine() {
        CliRunner.Result result = invoke("check-account", "--java", "/no/such/java");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.errLines()).singleElement().asString().startsWith("audit-remediation: --java /no/such/java is not an executable java");
    }

    @Test
    void anUnknownFunctionListsTheFunctions() {
        CliRunner.Result result = invoke("check-acount");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.errLines()).singleElement().asString()
                .startsWith("audit-remediation: no function 'check-acount' in template.yaml; functions: list-accounts (ListAccountsFunction, audit-remediation-list-accounts), check-account");
    }

    private static CliRunner.Result invoke(String function, String... options) {
        List<String> args = new ArrayList<>(List.of("invoke", function));
        args.addAll(List.of(options));
        args.addAll(List.of("--region", "us-east-1", "--env", "AWS_ENDPOINT_URL=" + MOTO.endpoint(),
                "AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing", "AWS_EC2_METADATA_DISABLED=true"));
        return CliRunner.run(args.toArray(String[]::new));
    }
}
