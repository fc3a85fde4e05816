package com.auditremediation.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP proxy in front of moto that answers some requests with the error AWS would send (see {@link FaultRule}) and
 * forwards the rest. moto never refuses AssumeRole and never throttles, so tests and the local demo put their faults
 * here, outside the production code: the handlers see exactly the HTTP responses that AWS sends.
 */
public final class FaultProxy implements AutoCloseable {

    private final URI target;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final List<FaultRule> rules = new CopyOnWriteArrayList<>();

    private FaultProxy(URI target) {
        this.target = target;
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
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

    public static FaultProxy start(URI target) {
        FaultProxy proxy = new FaultProxy(target);
        proxy.server.start();
        return proxy;
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
                    respond(exchange, rule.status(), rule.contentType(), rule.body().getBytes(StandardCharsets.UTF_8));
                    return;
                }
            }
            HttpForwarding.forward(client, target, exchange, body);
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, body.length);
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
