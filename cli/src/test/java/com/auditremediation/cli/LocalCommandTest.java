package com.auditremediation.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code local}'s checks that come before anything is started; the run itself is tested end to end in LocalRunIT. */
class LocalCommandTest {

    @TempDir
    Path temp;

    @Test
    void anInputThatIsNotJsonIsOneLineAndExitCodeTwo() throws IOException {
        Path input = Files.writeString(temp.resolve("input.json"), "Mode=audit");

        CliRunner.Result result = CliRunner.run("local", "--input", input.toString(), "--out", temp.resolve("out").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.errLines()).singleElement().asString().startsWith("audit-remediation: --input " + input + " is not valid JSON (");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void anInputThatIsNotAnObjectIsOneLineAndExitCodeTwo() throws IOException {
        Path input = Files.writeString(temp.resolve("input.json"), "\"audit\"");

        CliRunner.Result result = CliRunner.run("local", "--input", input.toString(), "--out", temp.resolve("out").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.errLines()).singleElement().asString()
                .isEqualTo("audit-remediation: --input " + input + " must hold one JSON object, for example {}; it holds string");
    }

    @Test
    void tooSmallAnOrganisationIsOneLineAndExitCodeTwo() {
        CliRunner.Result result = CliRunner.run("local", "--accounts", "2", "--out", temp.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.errLines()).singleElement().asString()
                .isEqualTo("audit-remediation: --accounts must be at least 3 (one suspended, one without its role, one healthy)");
    }

    @Test
    void anOrganisationFileWithAMistakeNamesTheFieldInOneLine() throws IOException {
        Path organization = Files.writeString(temp.resolve("org.json"), "{\"accounts\": [{\"name\": \"a\", \"suspendd\": true}]}");

        CliRunner.Result result = CliRunner.run("local", "--org", organization.toString(), "--out", temp.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.errLines()).singleElement().asString()
                .startsWith("audit-remediation: --org " + organization + ": INVALID_INPUT: field 'accounts[0].suspendd'");
    }

    @Test
    void aResourceTheDemoCannotCreateIsNamedWithTheOnesItCan() throws IOException {
        Path organization = Files.writeString(temp.resolve("org.json"), "{\"accounts\": [{\"name\": \"a\", \"resources\": [\"kms-key\"]}]}");

        CliRunner.Result result = CliRunner.run("local", "--org", organization.toString(), "--out", temp.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.errLines()).singleElement().asString().startsWith("audit-remediation: --org " + organization + ": INVALID_INPUT:")
                .contains("\"resources\" has 'kms-key'; the demo can create public-ssm-document, kms-key-without-rotation,"
                        + " ecr-repository-without-scan-on-push, multi-region-trail, guardduty-all-plans, inspector-all-scans, macie,"
                        + " vpc-flow-logs");
    }

    @Test
    void anEndpointWithoutTheLambdaPortSaysWhichPortIsMeant() {
        CliRunner.Result result = CliRunner.run("local", "--endpoint", "http://127.0.0.1:5000", "--out", temp.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.errLines()).singleElement().asString().startsWith("audit-remediation: --endpoint needs --lambda-port: the MOTO_PORT");
    }

    @Test
    void anEndpointWhereNothingAnswersIsOneLineAndExitCodeThree() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        CliRunner.Result result = CliRunner.run("local", "--endpoint", "http://127.0.0.1:" + closedPort, "--lambda-port", "3001",
                "--out", temp.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(result.errLines()).singleElement().asString()
                .startsWith("audit-remediation: nothing answers at --endpoint http://127.0.0.1:" + closedPort + " (")
                .endsWith("): start moto_server there, or leave out --endpoint to let the local run start one");
    }
}
