package com.auditremediation.cli;

import com.auditremediation.core.Json;
import com.auditremediation.core.model.Report;
import com.auditremediation.local.LocalClients;
import com.auditremediation.local.MotoExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code start} against moto's Step Functions. The state machines here are small Pass/Map/Fail machines (the real
 * sweep runs end to end in LocalRunIT); moto 5.2.1 runs one execution per region and server, so each test that
 * executes uses its own region.
 */
class StartCommandTest {

    @RegisterExtension
    static final MotoExtension MOTO = new MotoExtension();

    @TempDir
    Path temp;

    @BeforeAll
    static void credentialsForTheDefaultChain() {
        CliRunner.useTestCredentials();
    }

    @Test
    void withoutWaitPrintsTheExecutionArnOfAnExecutionStartedWithTheInput() throws IOException {
        String stateMachineArn = createStateMachine(Region.EU_WEST_1, "plain", "{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Succeed\"}}}");
        Path input = Files.writeString(temp.resolve("input.json"), "{\n  \"TargetAccountId\": \"123456789012\"\n}\n");

        CliRunner.Result result = CliRunner.run("start", "--state-machine-arn", stateMachineArn, "--input", input.toString(),
                "--endpoint", MOTO.endpoint().toString(), "--name", "no-wait");

        assertThat(result.exitCode()).as(result.err()).isZero();
        String executionArn = result.out().strip();
        assertThat(executionArn).isEqualTo(stateMachineArn.replace(":stateMachine:", ":execution:") + ":no-wait");
        try (SfnClient sfn = LocalClients.build(SfnClient.builder(), MOTO.endpoint(), Region.EU_WEST_1)) {
            assertThat(sfn.describeExecution(r -> r.executionArn(executionArn)).input()).isEqualTo("{\"TargetAccountId\":\"123456789012\"}");
        }
    }

    @Test
    void waitShowsAccountsDoneThenPrintsAndSavesTheReport() throws IOException {
        MOTO.server().enableStateMachineExecution();
        String stateMachineArn = createStateMachine(Region.US_WEST_2, "report", reportingDefinition());

        CliRunner.Result result = CliRunner.run("start", "--state-machine-arn", stateMachineArn, "--wait", "--name", "waited",
                "--endpoint", MOTO.endpoint().toString(), "--out", temp.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("accounts done: 3 of 3");
        assertThat(result.out()).contains("Execution waited SUCCEEDED")
                .contains("Accounts   4 total: 2 succeeded, 1 failed, 1 skipped")
                .containsPattern("444444444444\\s+legacy-unenrolled\\s+r-ab12\\s+FAILED\\s+ROLE_NOT_ASSUMABLE")
                .contains("Report: " + temp.resolve("report.json"))
                .contains("HTML report: " + temp.resolve("report.html"));
        assertThat(temp.resolve("report.csv")).exists();
        assertThat(Files.readString(temp.resolve("report.html"))).contains("legacy-unenrolled", "444444444444");
        Report saved = Json.mapper().readValue(temp.resolve("report.json").toFile(), Report.class);
        Report expected = Json.mapper().readValue(CliRunner.resource("report.json").toFile(), Report.class);
        assertThat(saved).isEqualTo(expected);
    }

    @Test
    void failOnAccountFailureTurnsAFailedAccountIntoExitCodeOne() throws IOException {
        MOTO.server().enableStateMachineExecution();
        String stateMachineArn = createStateMachine(Region.US_EAST_2, "report", reportingDefinition());

        CliRunner.Result result = CliRunner.run("start", "--state-machine-arn", stateMachineArn, "--wait", "--fail-on-account-failure",
                "--endpoint", MOTO.endpoint().toString(), "--out", temp.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.RUN_FAILED);
        assertThat(result.errLines()).contains("audit-remediation: 1 account(s) FAILED (--fail-on-account-failure)");
        assertThat(temp.resolve("report.json")).exists();
    }

    @Test
    void aFailedExecutionIsOneLineWithItsErrorAndCauseAndExitCodeOne() {
        MOTO.server().enableStateMachineExecution();
        String stateMachineArn = createStateMachine(Region.EU_CENTRAL_1, "failing",
                "{\"StartAt\":\"Broken\",\"States\":{\"Broken\":{\"Type\":\"Fail\",\"Error\":\"Sweep.Broken\",\"Cause\":\"the listing failed\"}}}");

        CliRunner.Result result = CliRunner.run("start", "--state-machine-arn", stateMachineArn, "--wait", "--name", "failing",
                "--endpoint", MOTO.endpoint().toString(), "--out", temp.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.RUN_FAILED);
        assertThat(result.errLines()).last().asString()
                .startsWith("audit-remediation: execution failing FAILED")
                .contains(": Sweep.Broken: the listing failed (" + stateMachineArn.replace(":stateMachine:", ":execution:") + ":failing)");
        assertThat(temp.resolve("report.json")).doesNotExist();
        assertThat(temp.resolve("report.html")).doesNotExist();
    }

    @Test
    void anArnOfTheWrongShapeIsRefusedBeforeAnyCall() {
        for (String arn : new String[] {"audit-remediation-sweep", "arn:aws:states:us-east-1:1234:stateMachine:sweep",
                "arn:aws:lambda:us-east-1:123456789012:function:audit-remediation-list-accounts"}) {

            CliRunner.Result result = CliRunner.run("start", "--state-machine-arn", arn, "--endpoint", "http://127.0.0.1:9");

            assertThat(result.exitCode()).as(arn).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(result.errLines()).singleElement().asString().isEqualTo("audit-remediation: --state-machine-arn '" + arn
                    + "' is not a state machine ARN: expected arn:<partition>:states:<region>:<12-digit account id>:stateMachine:<name>,"
                    + " for example the StateMachineArn output of the stack");
        }
    }

    @Test
    void anInputFileThatIsMissingNotJsonOrNotAnObjectIsOneLineAndExitCodeTwo() throws IOException {
        String arn = "arn:aws:states:us-east-1:123456789012:stateMachine:audit-remediation-sweep";
        Path missing = temp.resolve("missing.json");
        Path notJson = Files.writeString(temp.resolve("not-json.json"), "{\"Mode\": audit}");
        Path array = Files.writeString(temp.resolve("array.json"), "[\"123456789012\"]");

        CliRunner.Result missingResult = CliRunner.run("start", "--state-machine-arn", arn, "--input", missing.toString(), "--endpoint", "http://127.0.0.1:9");
        CliRunner.Result notJsonResult = CliRunner.run("start", "--state-machine-arn", arn, "--input", notJson.toString(), "--endpoint", "http://127.0.0.1:9");
        CliRunner.Result arrayResult = CliRunner.run("start", "--state-machine-arn", arn, "--input", array.toString(), "--endpoint", "http://127.0.0.1:9");

        assertThat(missingResult.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(missingResult.errLines()).singleElement().asString().startsWith("audit-remediation: cannot read --input " + missing);
        assertThat(notJsonResult.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(notJsonResult.errLines()).singleElement().asString().startsWith("audit-remediation: --input " + notJson + " is not valid JSON (");
        assertThat(arrayResult.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(arrayResult.errLines()).singleElement().asString()
                .isEqualTo("audit-remediation: --input " + array + " must hold one JSON object, for example {}; it holds array");
    }

    /** The distributed Map's children are executions of their own: their progress is not in this history, and the line says so. */
    @Test
    void waitOnTheDistributedMapSaysWhereItsProgressIs() throws IOException {
        MOTO.server().enableStateMachineExecution();
        String stateMachineArn = createStateMachine(Region.AP_SOUTHEAST_2, "report", reportingDefinition()
                .replace("\"Mode\":\"INLINE\"", "\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\"STANDARD\""));

        CliRunner.Result result = CliRunner.run("start", "--state-machine-arn", stateMachineArn, "--wait", "--name", "distributed",
                "--endpoint", MOTO.endpoint().toString(), "--out", temp.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("checking accounts in the distributed Map's child executions (its Map Run shows their progress)");
        assertThat(result.out()).contains("Execution distributed SUCCEEDED");
    }

    /** A Map over three items (the progress), then a Pass whose result is a saved report (the execution's output). */
    private static String reportingDefinition() throws IOException {
        String report = Files.readString(CliRunner.resource("report.json"));
        return "{\"StartAt\":\"List\",\"States\":{"
                + "\"List\":{\"Type\":\"Pass\",\"Result\":{\"accounts\":[\"a\",\"b\",\"c\"]},\"ResultPath\":\"$.listing\",\"Next\":\"Check each\"},"
                + "\"Check each\":{\"Type\":\"Map\",\"ItemsPath\":\"$.listing.accounts\",\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"INLINE\"},"
                + "\"StartAt\":\"Check\",\"States\":{\"Check\":{\"Type\":\"Pass\",\"End\":true}}},\"ResultPath\":\"$.results\",\"Next\":\"Report\"},"
                + "\"Report\":{\"Type\":\"Pass\",\"Result\":" + report + ",\"End\":true}}}";
    }

    private static String createStateMachine(Region region, String name, String definition) {
        try (SfnClient sfn = LocalClients.build(SfnClient.builder(), MOTO.endpoint(), region)) {
            return sfn.createStateMachine(r -> r.name(name).definition(definition)
                    .roleArn("arn:aws:iam::123456789012:role/" + name + "-role")).stateMachineArn();
        }
    }
}
