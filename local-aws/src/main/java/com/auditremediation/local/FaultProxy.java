package com.auditremediation.local;

import com.auditremediation.local.standin.StandIn;
import com.auditremediation.local.standin.StandInRequest;
import com.auditremediation.local.standin.StandInResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP proxy in front of moto that answers some requests with the error AWS would send (see {@link FaultRule}),
 * then lets the {@link StandIn} answer the operations moto lacks, and forwards the rest. moto never refuses AssumeRole
 * and never throttles, so tests and the local demo put their faults here, outside the production code: the handlers
 * see exactly the HTTP responses that AWS sends. Fault rules come first, so they apply to the stand-in's operations too.
 */
public final class FaultProxy implements AutoCloseable {

    private final URI target;
    /** Answers what moto lacks; null for a proxy in front of another proxy or front that already has one. */
    private final StandIn standIn;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final List<FaultRule> rules = new CopyOnWriteArrayList<>();

    private FaultProxy(URI target, StandIn standIn) {
        this.target = target;
        this.standIn = standIn;
        try {
            this.server = LoopbackHttpServer.create(0, 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.executor = Executors.newFixedThreadPool(16, runnable -> {
            Thread thread = new Thread(runnable, "fault-proxy");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /**
     * A proxy that forwards to {@code target} after its rules, with no stand-in of its own: for a target that already
     * answers with one, such as {@link MotoServer#endpoint()}.
     */
    public static FaultProxy start(URI target) {
        return start(target, null);
    }

    /** A proxy in front of the moto at {@code moto}, with {@code standIn} answering what moto lacks. */
    public static FaultProxy start(URI moto, StandIn standIn) {
        FaultProxy proxy = new FaultProxy(moto, standIn);
        proxy.server.start();
        return proxy;
    }

    /** A proxy straight in front of {@code moto}'s process, sharing its stand-in and the stand-in's state. */
    public static FaultProxy inFrontOf(MotoServer moto) {
        return start(moto.motoEndpoint(), moto.standIn());
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public FaultRule add(FaultRule rule) {
        rules.add(rule);
        return rule;
    }

    public void clearRules() {
        rules.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            ProxiedRequest request = new ProxiedRequest(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("X-Amz-Target"), new String(body, StandardCharsets.UTF_8));
            for (FaultRule rule : rules) {
                if (rule.take(request)) {
                    if (rule.delay() != null) {
                        pause(rule.delay());
                        continue;
                    }
                    respond(exchange, rule.status(), rule.contentType(), rule.body().getBytes(StandardCharsets.UTF_8));
                    return;
                }
            }
            if (standIn == null) {
                HttpForwarding.forward(client, target, exchange, body);
                return;
            }
            StandInRequest standInRequest = StandIn.request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()),
                    exchange.getRequestHeaders(), body);
            Optional<StandInResponse> answer = standIn.answer(standInRequest);
            if (answer.isPresent()) {
                StandInResponse response = answer.get();
                response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
                respond(exchange, response.status(), response.contentType(), response.body());
                return;
            }
            // Observed before the caller has the answer: a write the stand-in follows (EnableMacie) is in place for its next call.
            HttpForwarding.forward(client, target, exchange, body, status -> standIn.observe(standInRequest, status));
        }
    }

    private static void pause(Duration delay) throws IOException {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during a latency rule's delay", e);
        }
    }

        private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (!exchange.getResponseHeaders().containsKey("x-amzn-RequestId")) {
            exchange.getResponseHeaders().set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
