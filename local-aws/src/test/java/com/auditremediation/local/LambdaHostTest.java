package com.auditremediation.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.auditremediation.core.Json;
import com.auditremediation.core.runtime.FunctionError;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local Lambda host as its callers meet it, with a small function ({@link EchoHandler}) in real worker JVMs:
 * it listens only once its functions serve, answers every invocation even while their JVMs are killed, and writes
 * its error bodies as valid JSON.
 */
class LambdaHostTest {

    private static final String FUNCTION = "host-test-echo";
    private static final int SOAK_INVOCATIONS = Integer.getInteger("soak.invocations", 600);
    private static final int SOAK_CALLERS = 8;
    private static final int MAX_ATTEMPTS = 20;

    @TempDir
    static Path directory;
    private static Path template;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** A template with one function whose CodeUri is a jar naming, in its manifest, the classes a worker needs. */
    @BeforeAll
    static void writeFunction() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, Stream.of(EchoHandler.class, FunctionError.class,
                        RequestStreamHandler.class, ObjectMapper.class, JsonFactory.class, JsonProperty.class)
                .map(LambdaHostTest::location).distinct().collect(Collectors.joining(" ")));
        Path jar = directory.resolve("echo.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // the manifest is the whole artifact
        }
        template = directory.resolve("template.yaml");
        Files.writeString(template, """
                Resources:
                  EchoFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      FunctionName: %s
                      Handler: com.auditremediation.local.EchoHandler::handleRequest
                      CodeUri: echo.jar
                      Timeout: 30
                """.formatted(FUNCTION));
    }

    @Test
    @Timeout(120)
    void aCallerThatWaitsForThePortFindsEveryFunctionServing() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService caller = Executors.newSingleThreadExecutor();
        // As a script that waits for `sam local start-lambda`'s port: poll, then invoke at once.
        Future<HttpResponse<String>> first = caller.submit(() -> {
            while (!stop.get()) {
                try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    return invoke(URI.create("http://127.0.0.1:" + port), "{\"first\": true}");
                } catch (IOException notYet) {
                    Thread.sleep(5);
                }
            }
            return null;
        });

        try (LambdaHost host = start(port)) {
            HttpResponse<String> answer = first.get(60, TimeUnit.SECONDS);

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("X-Amz-Function-Error")).isEmpty();
            assertThat(answer.body()).isEqualTo("{\"first\": true}");
        } finally {
            stop.set(true);
            caller.shutdownNow();
        }
    }

    @Test
    @Timeout(180)
    void everyInvocationIsAnsweredWhileWorkerJvmsAreKilledAtRandom() throws Exception {
        Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
        AtomicInteger requests = new AtomicInteger();
        List<String> problems = new ArrayList<>();
        AtomicInteger kills = new AtomicInteger();
        AtomicInteger mostAttempts = new AtomicInteger();
        AtomicInteger successes = new AtomicInteger();
        Random random = new Random(14);

        try (LambdaHost host = start(0)) {
            AtomicBoolean done = new AtomicBoolean();
            Thread killer = new Thread(() -> {
                ProcessHandle killed = null;
                int killAt = 0;
                while (!done.get()) {
                    try {
                        // Each JVM serves a random 10 to 30 invocations before it is killed: progress whatever the
                        // machine's load, and kills at random points of the invocations in flight.
                        ProcessHandle worker = host.workerProcess(FUNCTION);
                        if (worker == null || !worker.isAlive() || worker.equals(killed) || successes.get() < killAt) {
                            Thread.sleep(2);
                            continue;
                        }
                        if (worker.destroyForcibly()) {
                            killed = worker;
                            kills.incrementAndGet();
                            killAt = successes.get() + 10 + random.nextInt(21);
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "soak-killer");
            ExecutorService callers = Executors.newFixedThreadPool(SOAK_CALLERS);
            List<Future<?>> invocations = new ArrayList<>();
            killer.start();
            for (int i = 0; i < SOAK_INVOCATIONS; i++) {
                String payload = "{\"invocation\": " + i + ", \"text\": \"caf\\u00e9 \\\"quoted\\\"\"}";
                invocations.add(callers.submit(() -> {
                    // As the state machine does: retry Lambda.ServiceException, and only that.
                    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                        mostAttempts.accumulateAndGet(attempt, Math::max);
                        requests.incrementAndGet();
                        HttpResponse<String> answer;
                        try {
                            answer = invoke(host.endpoint(), payload);
                        } catch (IOException e) {
                            answers.computeIfAbsent("no answer", k -> new AtomicInteger()).incrementAndGet();
                            synchronized (problems) {
                                problems.add("no answer: " + e);
                            }
                            return null;
                        }
                        String kind = answer.statusCode() + " " + answer.headers().firstValue("x-amzn-ErrorType").orElse("");
                        answers.computeIfAbsent(kind.trim(), k -> new AtomicInteger()).incrementAndGet();
                        if (answer.statusCode() == 200 && payload.equals(answer.body())) {
                            successes.incrementAndGet();
                            return null;
                        }
                        if (answer.statusCode() != 500 || !kind.endsWith("ServiceException") || !isJson(answer.body())) {
                            synchronized (problems) {
                                problems.add("unexpected answer " + kind + ": " + answer.body());
                            }
                            return null;
                        }
                        Thread.sleep(20L * attempt);
                    }
                    synchronized (problems) {
                        problems.add("still refused after " + MAX_ATTEMPTS + " attempts: " + payload);
                    }
                    return null;
                }));
            }
            for (Future<?> invocation : invocations) {
                invocation.get(150, TimeUnit.SECONDS);
            }
            done.set(true);
            killer.interrupt();
            killer.join();
            callers.shutdown();

            int restarts = host.restarts().get(FUNCTION);
            System.out.println("lambda host soak: " + SOAK_INVOCATIONS + " invocations, " + requests.get() + " requests with retries, "
                    + kills.get() + " worker JVMs killed, " + restarts + " restarted, answers " + answers
                    + ", at most " + mostAttempts.get() + " attempts for one invocation");
            assertThat(problems).isEmpty();
            assertThat(answers.get("200").get()).isEqualTo(SOAK_INVOCATIONS);
            assertThat(answers.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(requests.get());
            assertThat(kills.get()).isGreaterThanOrEqualTo(10);
            assertThat(restarts).isGreaterThanOrEqualTo(kills.get() - 1);
        }
    }

    @Test
    void errorBodiesAreJsonWhateverTheirMessageHolds() throws Exception {
        String awkward = "no\\such \"function\"\n\t";

        try (LambdaHost host = start(0)) {
            host.injectFunctionError(FUNCTION, "break me", "Custom.Error", "a \"quoted\" \\ message\nover two lines", 1);
            HttpResponse<String> notFound = client.send(HttpRequest.newBuilder(host.endpoint().resolve("/2015-03-31/functions/"
                            + URLEncoder.encode(awkward, StandardCharsets.UTF_8).replace("+", "%20") + "/invocations"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> injected = invoke(host.endpoint(), "{\"please\": \"break me\"}");

            assertThat(notFound.statusCode()).isEqualTo(404);
            assertThat(notFound.headers().firstValue("x-amzn-ErrorType")).contains("ResourceNotFoundException");
            assertThat(Json.mapper().readTree(notFound.body()).get("message").asText()).contains(awkward).contains(FUNCTION);
            assertThat(injected.headers().firstValue("X-Amz-Function-Error")).contains("Unhandled");
            JsonNode error = Json.mapper().readTree(injected.body());
            assertThat(error.get("errorType").asText()).isEqualTo("Custom.Error");
            assertThat(error.get("errorMessage").asText()).isEqualTo("a \"quoted\" \\ message\nover two lines");
        }
    }

    private LambdaHost start(int port) {
        return LambdaHost.start(new LambdaHost.Config(template, port, Map.of(), Map.of(), "eu-west-1", "123456789012",
                directory.resolve("logs")));
    }

    private HttpResponse<String> invoke(URI endpoint, String payload) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(endpoint.resolve("/2015-03-31/functions/" + FUNCTION + "/invocations"))
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString(payload)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static boolean isJson(String body) {
        try {
            return Json.mapper().readTree(body).isObject();
        } catch (IOException e) {
            return false;
        }
    }

    private static String location(Class<?> type) {
        try {
            return type.getProtectionDomain().getCodeSource().getLocation().toURI().toString();
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
