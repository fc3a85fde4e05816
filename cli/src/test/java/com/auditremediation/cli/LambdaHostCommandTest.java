package com.auditremediation.cli;

import com.auditremediation.local.MotoServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code lambda-host} driven through the Lambda Invoke API, as moto's Step Functions, the AWS CLI and the SDK call it. */
class LambdaHostCommandTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final String BUILD_REPORT_INPUT = "{\"listing\":{\"context\":{\"roleName\":\"aws-controltower-AdministratorExecutionRole\","
            + "\"mode\":\"audit\"},\"maxConcurrency\":1,\"accounts\":[],\"skipped\":[],\"excludedCount\":0},\"results\":[],\"executionName\":\"invoked\"}";

    @TempDir
    static Path logs;

    private static int port;
    private static CliRunner.Background host;

    @BeforeAll
    static void startTheHost() throws Exception {
        port = MotoServer.freePort();
        host = CliRunner.start("lambda-host", "--port", String.valueOf(port), "--region", "eu-west-1", "--log-dir", logs.toString())
                .awaitOutput("Press Ctrl-C to stop.", STARTUP);
    }

    @AfterAll
    static void stopTheHost() throws Exception {
        if (host != null) {
            host.stop();
        }
    }

    @Test
    void invokesAFunctionByTheNameTheTemplateGivesIt() throws Exception {
        HttpResponse<String> response = invoke(port, "audit-remediation-build-report", BUILD_REPORT_INPUT);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Amz-Function-Error")).isEmpty();
        assertThat(response.body()).contains("\"executionName\":\"invoked\"").contains("\"summary\":{\"total\":0");
    }

    @Test
    void invokesAFunctionByItsArn() throws Exception {
        HttpResponse<String> response = invoke(port, "arn:aws:lambda:eu-west-1:123456789012:function:audit-remediation-build-report", BUILD_REPORT_INPUT);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"executionName\":\"invoked\"");
    }

    @Test
    void aFunctionErrorComesBackAsLambdaReportsIt() throws Exception {
        HttpResponse<String> response = invoke(port, "audit-remediation-build-report", "[]");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Amz-Function-Error")).hasValue("Unhandled");
        assertThat(response.body()).contains("\"errorType\":\"com.auditremediation.core.error.InvalidInputException\"");
    }

    @Test
    void anUnknownFunctionIsNotFound() throws Exception {
        HttpResponse<String> response = invoke(port, "audit-remediation-nothing", "{}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("ResourceNotFoundException");
    }

    @Test
    void printsTheEndpointAndEveryFunctionWithItsArn() {
        String out = host.out();

        assertThat(out).contains("Lambda host on http://127.0.0.1:" + port)
                .contains("audit-remediation-list-accounts  arn:aws:lambda:eu-west-1:123456789012:function:audit-remediation-list-accounts")
                .contains("audit-remediation-check-account  arn:aws:lambda:eu-west-1:123456789012:function:audit-remediation-check-account")
                .contains("audit-remediation-build-report  arn:aws:lambda:eu-west-1:123456789012:function:audit-remediation-build-report");
        assertThat(host.isRunning()).isTrue();
    }

    @Test
    void aPortInUseIsOneLineAndExitCodeThree() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {

            CliRunner.Result result = CliRunner.run("lambda-host", "--port", String.valueOf(taken.getLocalPort()), "--log-dir", logs.toString());

            assertThat(result.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(result.errLines()).singleElement().asString()
                    .isEqualTo("audit-remediation: port " + taken.getLocalPort() + " is already in use: stop what uses it or choose another with --port");
        }
    }

    @Test
    void anUnknownTemplateParameterIsOneLineAndExitCodeTwo() {
        CliRunner.Result result = CliRunner.run("lambda-host", "--port", "0", "--parameter-overrides", "Projekt=x");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.errLines()).singleElement().asString()
                .startsWith("audit-remediation: --parameter-overrides Projekt: no such template parameter; parameters: Project, ");
    }

    @Test
    void stopsWhenInterruptedAndFreesItsPort() throws Exception {
        int otherPort = MotoServer.freePort();
        CliRunner.Background other = CliRunner.start("lambda-host", "--port", String.valueOf(otherPort), "--log-dir", logs.resolve("other").toString())
                .awaitOutput("Press Ctrl-C to stop.", STARTUP);

        CliRunner.Result result = other.stop();

        assertThat(result.exitCode()).isZero();
        assertThatThrownBy(() -> invoke(otherPort, "audit-remediation-build-report", BUILD_REPORT_INPUT)).isInstanceOf(ConnectException.class);
    }

    private static HttpResponse<String> invoke(int port, String function, String payload) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/2015-03-31/functions/"
                                + URLEncoder.encode(function, StandardCharsets.UTF_8) + "/invocations"))
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString(payload)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
