package com.auditremediation.local;

import com.auditremediation.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

import static org.assertj.core.api.Assertions.assertThat;

/** The moto that local-aws starts: moto_server's own Python, with ResultWriter writing its result files as AWS does. */
class MotoPatchesTest {

    private static final String BUCKET = "moto-patches-test";

    /**
     * A distributed Map of five items whose children are a Pass state or, for item 3, a Fail state: ResultWriter writes
     * SUCCEEDED_0.json with the four children and FAILED_0.json with the failed one, each child with its Input and
     * Output as JSON text, and a manifest naming both files with their sizes.
     */
    @Test
    void resultWriterWritesTheChildrenByStatusAsAwsDocumentsThem() throws Exception {
        int tasksPort = MotoServer.freePort();
        try (MotoServer moto = MotoServer.start(tasksPort, false); HttpServerHandle forwarder = forwarder(tasksPort, moto.endpoint());
             SfnClient sfn = LocalClients.build(SfnClient.builder(), moto.endpoint(), Region.US_EAST_1)) {
            moto.enableStateMachineExecution();
            MotoServer.createBucket(moto.endpoint(), BUCKET);
            String definition = """
                    {"StartAt": "Each item", "States": {"Each item": {"Type": "Map", "ItemsPath": "$.items",
                      "ItemSelector": {"n.$": "$$.Map.Item.Value", "run": "patch-test"},
                      "ToleratedFailurePercentage": 100.0,
                      "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "Three fails",
                        "States": {"Three fails": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 3, "Next": "Fail"}],
                                                   "Default": "Echo"},
                                   "Fail": {"Type": "Fail", "Error": "Item.Failed", "Cause": "item 3 fails"},
                                   "Echo": {"Type": "Pass", "Parameters": {"doubled.$": "States.MathAdd($.n, $.n)"}, "End": true}}},
                      "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "%s", "Prefix": "results"}},
                      "End": true}}}""".formatted(BUCKET);
            String stateMachineArn = sfn.createStateMachine(r -> r.name("patched").definition(definition)
                    .roleArn("arn:aws:iam::123456789012:role/patched").type("STANDARD")).stateMachineArn();
            String executionArn = sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).name("patched-1")
                    .input("{\"items\": [1, 2, 3, 4, 5]}")).executionArn();

            DescribeExecutionResponse execution = await(sfn, executionArn);

            assertThat(execution.status()).as(execution.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
            JsonNode details = Json.mapper().readTree(execution.output()).get("ResultWriterDetails");
            JsonNode manifest = get(moto.endpoint(), details.get("Bucket").asText(), details.get("Key").asText());
            assertThat(manifest.get("DestinationBucket").asText()).isEqualTo(BUCKET);
            assertThat(manifest.get("ResultFiles").get("PENDING")).isEmpty();
            JsonNode succeededFile = manifest.get("ResultFiles").get("SUCCEEDED").get(0);
            JsonNode failedFile = manifest.get("ResultFiles").get("FAILED").get(0);
            assertThat(succeededFile.get("Key").asText()).startsWith("results/").endsWith("/SUCCEEDED_0.json");
            assertThat(failedFile.get("Key").asText()).endsWith("/FAILED_0.json");
            JsonNode succeeded = get(moto.endpoint(), BUCKET, succeededFile.get("Key").asText());
            JsonNode failed = get(moto.endpoint(), BUCKET, failedFile.get("Key").asText());
            assertThat(succeededFile.get("Size").asInt()).isEqualTo(object(moto.endpoint(), BUCKET, succeededFile.get("Key").asText()).length);

            assertThat(succeeded).hasSize(4);
            List<Integer> inputs = new ArrayList<>();
            for (JsonNode child : succeeded) {
                assertThat(child.get("Status").asText()).isEqualTo("SUCCEEDED");
                JsonNode input = Json.mapper().readTree(child.get("Input").asText());
                inputs.add(input.get("n").asInt());
                assertThat(input.get("run").asText()).as("the input after ItemSelector").isEqualTo("patch-test");
                assertThat(Json.mapper().readTree(child.get("Output").asText()).get("doubled").asInt()).isEqualTo(2 * input.get("n").asInt());
                assertThat(child.get("ExecutionArn").asText()).startsWith("arn:aws:states:us-east-1:123456789012:execution:patched/")
                        .endsWith(":" + child.get("Name").asText());
                assertThat(fieldNames(child)).contains("InputDetails", "OutputDetails", "StartDate", "StopDate", "StateMachineArn");
            }
            assertThat(inputs).containsExactly(1, 2, 4, 5);
            assertThat(failed).singleElement().satisfies(child -> {
                assertThat(child.get("Status").asText()).isEqualTo("FAILED");
                assertThat(child.get("Error").asText()).isEqualTo("Item.Failed");
                assertThat(child.get("Cause").asText()).isEqualTo("item 3 fails");
                assertThat(child.has("Output")).isFalse();
            });
            assertThat(Files.readString(moto.log())).contains("moto_result_files: ResultWriter writes SUCCEEDED_0.json and FAILED_0.json");
        }
    }

    @Test
    void theInterpreterIsTheOneMotoServerRunsWith(@TempDir Path dir) throws IOException {
        Path python = dir.resolve("bin/python3.11");
        Files.createDirectories(python.getParent());
        Files.writeString(python, "");
        python.toFile().setExecutable(true);
        Path pipScript = write(dir.resolve("bin/moto_server"), "#!" + python + "\nfrom moto.server import main\n");
        Path shim = write(dir.resolve("shims/moto_server"), "#!/usr/bin/env bash\nexec pyenv exec moto_server \"$@\"\n");
        Path shimPython = write(dir.resolve("shims/python3"), "#!/usr/bin/env bash\n");
        Path binary = write(dir.resolve("other/moto_server"), "\u007fELF");

        assertThat(MotoPatches.interpreter(pipScript)).contains(python.toString());
        assertThat(MotoPatches.interpreter(shim)).contains(shimPython.toString());
        assertThat(MotoPatches.interpreter(binary)).isEmpty();
        assertThat(MotoPatches.command(binary.toString())).containsExactly(binary.toString());
        assertThat(MotoPatches.command(pipScript.toString())).hasSize(2).first().isEqualTo(python.toString());
        assertThat(MotoPatches.command(pipScript.toString()).get(1)).endsWith(".py");
    }

    /** moto sends ResultWriter's S3 calls to its MOTO_PORT; with no Lambda host there, this passes them back to moto. */
    private static HttpServerHandle forwarder(int port, URI moto) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        HttpClient client = HttpClient.newHttpClient();
        server.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                HttpForwarding.forward(client, moto, exchange, in.readAllBytes());
            }
        });
        server.start();
        return () -> server.stop(0);
    }

    private interface HttpServerHandle extends AutoCloseable {
        @Override
        void close();
    }

    private static DescribeExecutionResponse await(SfnClient sfn, String executionArn) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            DescribeExecutionResponse execution = sfn.describeExecution(r -> r.executionArn(executionArn));
            if (execution.status() != ExecutionStatus.RUNNING || System.nanoTime() > deadline) {
                return execution;
            }
            Thread.sleep(200);
        }
    }

    private static JsonNode get(URI moto, String bucket, String key) throws IOException {
        return Json.mapper().readTree(object(moto, bucket, key));
    }

    private static byte[] object(URI moto, String bucket, String key) {
        try (S3Client s3 = LocalClients.build(S3Client.builder().forcePathStyle(true), moto, Region.US_EAST_1)) {
            return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        return Set.copyOf(StreamSupport.stream(((Iterable<String>) node::fieldNames).spliterator(), false).toList());
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        file.toFile().setExecutable(true);
        return file;
    }
}
