package com.auditremediation.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Our functions behind the Lambda Invoke API on a loopback port, the way {@code sam local start-lambda} serves them:
 * names, handlers, artifacts (CodeUri) and environment come from template.yaml (parameter defaults, or overrides);
 * a variable the template sets is overridden by the caller's environment, and {@link Config#environment()} overrides
 * both. Each function runs in its own JVM ({@link LambdaWorker}) with its own environment. A function is found by
 * its name or its ARN, so moto's Step Functions interpreter, the AWS CLI and the SDK can all invoke it.
 */
public final class LambdaHost implements AutoCloseable {

    private static final Pattern INVOKE_PATH = Pattern.compile("^/20\\d\\d-\\d\\d-\\d\\d/functions/([^/]+)/invocations/?$");

    private final Config config;
    private final SamTemplate.Context context;
    private final Map<String, Worker> workersByName = new LinkedHashMap<>();
    private final List<String> logLines = Collections.synchronizedList(new ArrayList<>());
    private final List<FunctionFault> faults = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private HttpServer server;
    private ExecutorService executor;

    /**
     * @param template     template.yaml
     * @param port         the port to serve on; 0 picks a free one
     * @param parameters   template parameter overrides
     * @param environment  variables set in every function, over the template's and the caller's
     * @param region       the functions' AWS_REGION unless the environment sets it; also the region of their ARNs
     * @param accountId    the account of the function ARNs
     * @param logDirectory where each function's output goes ({@code <function name>.log})
     * @param forwardTo    where every request that is not an invocation goes (moto), or null to refuse them
     */
    public record Config(Path template, int port, Map<String, String> parameters, Map<String, String> environment,
                         String region, String accountId, Path logDirectory, URI forwardTo) {

        /** A host that serves only the Invoke API. */
        public Config(Path template, int port, Map<String, String> parameters, Map<String, String> environment,
                      String region, String accountId, Path logDirectory) {
            this(template, port, parameters, environment, region, accountId, logDirectory, null);
        }
    }

    private LambdaHost(Config config, SamTemplate.Context context) {
        this.config = config;
        this.context = context;
    }

    public static LambdaHost start(Config config) {
        SamTemplate template = SamTemplate.load(config.template());
        SamTemplate.Context context = SamTemplate.Context.of(template, config.parameters(), config.region(), config.accountId());
        LambdaHost host = new LambdaHost(config, context);
        try {
            host.bind();
            host.startWorkers(template.functions(context));
            return host;
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public SamTemplate.Context context() {
        return context;
    }

    public List<String> functionNames() {
        return List.copyOf(workersByName.keySet());
    }

    /** Every line the functions printed so far (their structured logs), for tests that inspect them. */
    public List<String> logLines() {
        synchronized (logLines) {
            return List.copyOf(logLines);
        }
    }

    /**
     * Makes invocations of {@code functionName} whose payload contains {@code payloadContains} fail {@code times}
     * times with a function error of {@code errorType}, as Lambda reports an unhandled exception; for tests of the
     * state machine's Retry and Catch. The function's code is not run for those invocations.
     */
    public FunctionFault injectFunctionError(String functionName, String payloadContains, String errorType, String errorMessage, int times) {
        FunctionFault fault = new FunctionFault(functionName, payloadContains, errorType, errorMessage, new java.util.concurrent.atomic.AtomicInteger(times));
        faults.add(fault);
        return fault;
    }

    public record FunctionFault(String functionName, String payloadContains, String errorType, String errorMessage,
                                java.util.concurrent.atomic.AtomicInteger remaining) {

        boolean take(String name, String payload) {
            return functionName.equals(name) && payload.contains(payloadContains) && remaining.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        }
    }

    private void bind() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), 128);
        } catch (BindException e) {
            throw new IllegalStateException("port " + config.port() + " is already in use: stop what uses it or choose another with --port", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        executor = Executors.newFixedThreadPool(64, runnable -> {
            Thread thread = new Thread(runnable, "lambda-host");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    private void startWorkers(List<SamTemplate.Function> functions) {
        try {
            Files.createDirectories(config.logDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<CompletableFuture<Worker>> starting = new ArrayList<>();
        for (SamTemplate.Function function : functions) {
            if (!Files.isRegularFile(function.codeUri())) {
                throw new IllegalStateException(function.codeUri() + " (CodeUri of " + function.logicalId()
                        + ") does not exist: build the functions first with mvn -B package -DskipTests");
            }
            starting.add(CompletableFuture.supplyAsync(() -> Worker.start(function, environmentFor(function), config.logDirectory(), logLines)));
        }
        RuntimeException failure = null;
        for (CompletableFuture<Worker> future : starting) {
            try {
                Worker worker = future.join();
                workersByName.put(worker.function().functionName(), worker);
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure.getCause() instanceof RuntimeException cause ? cause : failure;
        }
    }

    private Map<String, String> environmentFor(SamTemplate.Function function) {
        return environment(function, System.getenv(), config.region(), config.environment());
    }

    /**
     * A function's environment as Lambda would set it: the template's variables, each overridden by the caller's
     * ({@code caller}, usually the process environment) where it sets the same name; AWS_REGION from the caller or
     * {@code region}; then {@code overrides}; then the function's name and timeout as the Lambda runtime sets them.
     */
    public static Map<String, String> environment(SamTemplate.Function function, Map<String, String> caller, String region,
                                                  Map<String, String> overrides) {
        Map<String, String> environment = new LinkedHashMap<>();
        function.environment().forEach((name, value) -> environment.put(name, caller.getOrDefault(name, value)));
        environment.putIfAbsent("AWS_REGION", caller.getOrDefault("AWS_REGION", region));
        environment.putAll(overrides);
        environment.put("AWS_LAMBDA_FUNCTION_NAME", function.functionName());
        environment.put("AWS_LAMBDA_FUNCTION_TIMEOUT", String.valueOf(function.timeoutSeconds()));
        return environment;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            Matcher matcher = INVOKE_PATH.matcher(path);
            if (!"POST".equals(exchange.getRequestMethod()) || !matcher.matches()) {
                if (config.forwardTo() != null) {
                    // moto's Step Functions interpreter sends every service integration to MOTO_PORT, this host:
                    // the distributed Map's ItemReader and ResultWriter S3 calls go on to moto.
                    HttpForwarding.forward(client, config.forwardTo(), exchange, exchange.getRequestBody().readAllBytes());
                    return;
                }
                error(exchange, 404, "UnknownOperationException", "only the Invoke API is served: POST /2015-03-31/functions/<name or ARN>/invocations");
                return;
            }
            String requested = URLDecoder.decode(matcher.group(1), StandardCharsets.UTF_8);
            Worker worker = workersByName.get(functionName(requested));
            if (worker == null) {
                error(exchange, 404, "ResourceNotFoundException", "Function not found: " + requested + " (served: " + functionNames() + ")");
                return;
            }
            byte[] payload = exchange.getRequestBody().readAllBytes();
            if ("DryRun".equals(exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type"))) {
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            String payloadText = new String(payload, StandardCharsets.UTF_8);
            for (FunctionFault fault : faults) {
                if (fault.take(worker.function().functionName(), payloadText)) {
                    respond(exchange, 200, "Unhandled", ("{\"errorMessage\":\"" + fault.errorMessage().replace("\"", "'")
                            + "\",\"errorType\":\"" + fault.errorType() + "\"}").getBytes(StandardCharsets.UTF_8));
                    return;
                }
            }
            forward(exchange, worker, payload);
        }
    }

    /** A function name from a name, a partial ARN ({@code 123456789012:function:name}) or a full ARN, without qualifier. */
    static String functionName(String requested) {
        int marker = requested.indexOf("function:");
        String name = marker >= 0 ? requested.substring(marker + "function:".length()) : requested;
        int qualifier = name.indexOf(':');
        return qualifier >= 0 ? name.substring(0, qualifier) : name;
    }

    private void forward(HttpExchange exchange, Worker worker, byte[] payload) throws IOException {
        HttpResponse<byte[]> response;
        try {
            response = client.send(HttpRequest.newBuilder(worker.endpoint())
                            .timeout(Duration.ofSeconds(worker.function().timeoutSeconds()))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            respond(exchange, 200, "Unhandled", ("{\"errorMessage\":\"Task timed out after " + worker.function().timeoutSeconds()
                    + ".00 seconds\",\"errorType\":\"Sandbox.Timedout\"}").getBytes(StandardCharsets.UTF_8));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        respond(exchange, 200, response.headers().firstValue(LambdaWorker.ERROR_HEADER).orElse(null), response.body());
    }

    private static void respond(HttpExchange exchange, int status, String functionError, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("X-Amzn-RequestId", UUID.randomUUID().toString());
        exchange.getResponseHeaders().set("X-Amz-Executed-Version", "$LATEST");
        if (functionError != null) {
            exchange.getResponseHeaders().set("X-Amz-Function-Error", functionError);
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", type);
        byte[] body = ("{\"Type\":\"User\",\"message\":\"" + message.replace("\"", "'") + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
        if (executor != null) {
            executor.shutdownNow();
        }
        workersByName.values().forEach(Worker::close);
    }

    private record Worker(SamTemplate.Function function, Process process, URI endpoint) {

        static Worker start(SamTemplate.Function function, Map<String, String> environment, Path logDirectory, List<String> logLines) {
            Path javaExecutable = Path.of(System.getProperty("java.home"), "bin", "java");
            String classpath = function.codeUri() + java.io.File.pathSeparator + ownLocation();
            ProcessBuilder builder = new ProcessBuilder(javaExecutable.toString(), "-Xmx512m", "-XX:+UseSerialGC",
                    "-cp", classpath, LambdaWorker.class.getName(),
                    function.handler(), function.functionName(), String.valueOf(function.timeoutSeconds()))
                    .redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start java for " + function.functionName() + ": " + e.getMessage(), e);
            }
            Path log = logDirectory.resolve(function.functionName() + ".log");
            CompletableFuture<Integer> ready = new CompletableFuture<>();
            Thread pump = new Thread(() -> pump(process, log, logLines, ready), "log-" + function.functionName());
            pump.setDaemon(true);
            pump.start();
            try {
                int port = ready.get(90, TimeUnit.SECONDS);
                return new Worker(function, process, URI.create("http://127.0.0.1:" + port + "/invoke"));
            } catch (Exception e) {
                process.destroyForcibly();
                throw new IllegalStateException(function.functionName() + " did not start (see " + log + "): "
                        + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
            }
        }

        private static void pump(Process process, Path log, List<String> logLines, CompletableFuture<Integer> ready) {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 Writer writer = Files.newBufferedWriter(log)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (!ready.isDone() && line.startsWith(LambdaWorker.READY_PREFIX)) {
                        ready.complete(Integer.parseInt(line.substring(LambdaWorker.READY_PREFIX.length()).trim()));
                        continue;
                    }
                    writer.write(line);
                    writer.write('\n');
                    writer.flush();
                    logLines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            } finally {
                ready.completeExceptionally(new IllegalStateException("the function's JVM exited during init (exit code "
                        + (process.isAlive() ? "?" : process.exitValue()) + ")"));
            }
        }

        private static String ownLocation() {
            try {
                return Path.of(LambdaWorker.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }

        void close() {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
