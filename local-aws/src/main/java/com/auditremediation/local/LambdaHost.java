package com.auditremediation.local;

import com.auditremediation.core.Json;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Our functions behind the Lambda Invoke API on a loopback port, the way {@code sam local start-lambda} serves them:
 * names, handlers, artifacts (CodeUri) and environment come from template.yaml (parameter defaults, or overrides);
 * a variable the template sets is overridden by the caller's environment, and {@link Config#environment()} overrides
 * both. Each function runs in its own JVM ({@link FunctionWorker}) with its own environment. A function is found by
 * its name or its ARN, so moto's Step Functions interpreter, the AWS CLI and the SDK can all invoke it.
 * <p>Every invocation gets an answer: the port is opened only once every function's JVM serves (a caller that waits
 * for the port, as users of {@code sam local start-lambda} do, never meets a host without functions); an I/O failure
 * between the host and a function's JVM, or any other failure of the host itself, is answered as Lambda's own
 * {@code ServiceException} (HTTP 500), which the state machine retries as {@code Lambda.ServiceException}; a JVM that
 * died is started again, and invocations that arrive meanwhile wait for it. Each answer closes its connection
 * ({@code Connection: close}), so no caller reuses a kept-alive connection just as the host closes it. The Lambda API's
 * reads of a served function's configuration and alias are answered from the template ({@link LambdaConfigurations}).
 */
public final class LambdaHost implements AutoCloseable {

    private static final Pattern INVOKE_PATH = Pattern.compile("^/20\\d\\d-\\d\\d-\\d\\d/functions/([^/]+)/invocations/?$");

    private final Config config;
    private final SamTemplate.Context context;
    private final LambdaConfigurations configurations;
    private final Map<String, FunctionWorker> workersByName = new LinkedHashMap<>();
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

    private LambdaHost(Config config, SamTemplate template, SamTemplate.Context context) {
        this.config = config;
        this.context = context;
        this.configurations = new LambdaConfigurations(template, context);
    }

    public static LambdaHost start(Config config) {
        SamTemplate template = SamTemplate.load(config.template());
        SamTemplate.Context context = SamTemplate.Context.of(template, config.parameters(), config.region(), config.accountId());
        LambdaHost host = new LambdaHost(config, template, context);
        try {
            host.checkPortFree();
            host.startWorkers(template.functions(context));
            host.bind();
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

    /** Fails before any JVM is started when a fixed port is taken, rather than after the functions' init. */
    private void checkPortFree() {
        if (config.port() == 0) {
            return;
        }
        try (ServerSocket ignored = new ServerSocket(config.port(), 1, InetAddress.getLoopbackAddress())) {
            // free now; bound for good once the functions serve
        } catch (IOException e) {
            throw portInUse(e);
        }
    }

    private IllegalStateException portInUse(IOException e) {
        return new IllegalStateException("port " + config.port() + " is already in use: stop what uses it or choose another with --port", e);
    }

    /** Opens the port: called only when every function serves. */
    private void bind() {
        try {
            server = LoopbackHttpServer.create(config.port(), 128);
        } catch (BindException e) {
            throw portInUse(e);
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
        ExecutorService starter = Executors.newFixedThreadPool(Math.max(1, functions.size()));
        List<CompletableFuture<FunctionWorker>> starting = new ArrayList<>();
        for (SamTemplate.Function function : functions) {
            if (!Files.isRegularFile(function.codeUri())) {
                starter.shutdown();
                throw new IllegalStateException(function.codeUri() + " (CodeUri of " + function.logicalId()
                        + ") does not exist: build the functions first with mvn -B package -DskipTests");
            }
            starting.add(CompletableFuture.supplyAsync(() -> FunctionWorker.start(function, environmentFor(function),
                    config.logDirectory(), logLines, client), starter));
        }
        RuntimeException failure = null;
        for (CompletableFuture<FunctionWorker> future : starting) {
            try {
                FunctionWorker worker = future.join();
                workersByName.put(worker.function().functionName(), worker);
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        starter.shutdown();
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

    /** Answers every request, whatever fails: a connection closed without an answer is what a caller cannot retry. */
    private void handle(HttpExchange exchange) {
        try (exchange) {
            exchange.getResponseHeaders().set("Connection", "close");
            try {
                route(exchange);
            } catch (IOException | RuntimeException e) {
                if (exchange.getResponseCode() == -1) {
                    error(exchange, 500, "ServiceException", "the local Lambda host failed: " + e);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the caller went away before its answer was written
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        Matcher matcher = INVOKE_PATH.matcher(path);
        if ("GET".equals(exchange.getRequestMethod())) {
            Optional<LambdaConfigurations.Answer> read = configurations.answer(URLDecoder.decode(path, StandardCharsets.UTF_8),
                    qualifier(exchange.getRequestURI().getRawQuery()));
            if (read.isPresent()) {
                if (read.get().errorType() != null) {
                    exchange.getResponseHeaders().set("x-amzn-ErrorType", read.get().errorType());
                }
                respond(exchange, read.get().status(), null, Json.write(read.get().body()).getBytes(StandardCharsets.UTF_8));
                return;
            }
        }
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
        FunctionWorker worker = workersByName.get(functionName(requested));
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
                functionError(exchange, fault.errorType(), fault.errorMessage());
                return;
            }
        }
        invoke(exchange, worker, payload);
    }

    private static String qualifier(String rawQuery) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith("Qualifier=")) {
                return URLDecoder.decode(pair.substring("Qualifier=".length()), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** A function name from a name, a partial ARN ({@code 123456789012:function:name}) or a full ARN, without qualifier. */
    static String functionName(String requested) {
        int marker = requested.indexOf("function:");
        String name = marker >= 0 ? requested.substring(marker + "function:".length()) : requested;
        int qualifier = name.indexOf(':');
        return qualifier >= 0 ? name.substring(0, qualifier) : name;
    }

    private void invoke(HttpExchange exchange, FunctionWorker worker, byte[] payload) throws IOException {
        HttpResponse<byte[]> response;
        try {
            response = worker.invoke(payload);
        } catch (HttpTimeoutException e) {
            functionError(exchange, "Sandbox.Timedout", "Task timed out after " + worker.function().timeoutSeconds() + ".00 seconds");
            return;
        } catch (IOException e) {
            // The function's JVM died or dropped the connection: Lambda's answer to a failure of its own, which the
            // state machine retries (Lambda.ServiceException). The worker restarts a JVM that died.
            error(exchange, 500, "ServiceException", "the function " + worker.function().functionName()
                    + " could not be reached (" + e + "); retry the invocation");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error(exchange, 500, "ServiceException", "the local Lambda host is stopping; retry the invocation");
            return;
        }
        respond(exchange, 200, response.headers().firstValue(LambdaWorker.ERROR_HEADER).orElse(null), response.body());
    }

    /** A function's unhandled error, as Lambda reports it: HTTP 200 with {@code X-Amz-Function-Error}. */
    private static void functionError(HttpExchange exchange, String errorType, String errorMessage) throws IOException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("errorMessage", errorMessage);
        body.put("errorType", errorType);
        respond(exchange, 200, "Unhandled", Json.write(body).getBytes(StandardCharsets.UTF_8));
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

    /**
     * An error of the Lambda service itself, as its API answers: {@code x-amzn-ErrorType} (the SDKs' error code; moto's
     * interpreter makes it {@code Lambda.<type>}) and a JSON body written by the shared mapper.
     */
    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", type);
        Map<String, String> body = new LinkedHashMap<>();
        body.put("Type", status >= 500 ? "Service" : "User");
        body.put("message", message);
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** How many times each function's JVM was started again after it died. */
    public Map<String, Integer> restarts() {
        Map<String, Integer> restarts = new LinkedHashMap<>();
        workersByName.forEach((name, worker) -> restarts.put(name, worker.restarts()));
        return restarts;
    }

    /** The JVM serving {@code functionName} now, for tests that kill it. */
    ProcessHandle workerProcess(String functionName) {
        return workersByName.get(functionName).process();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
        if (executor != null) {
            executor.shutdownNow();
        }
        workersByName.values().forEach(FunctionWorker::close);
    }
}
