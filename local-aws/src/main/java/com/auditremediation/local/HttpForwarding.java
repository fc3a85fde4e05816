package com.auditremediation.local;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntConsumer;

/** Passes one request received by a local server on to another server as it came, and its answer back. */
public final class HttpForwarding {

    private static final Set<String> HOP_HEADERS = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection", "http2-settings");

    private HttpForwarding() {
    }

    /**
     * Sends {@code exchange}'s request (whose body was already read as {@code body}) to {@code target} and relays the
     * reply; returns the reply's status.
     */
    public static int forward(HttpClient client, URI target, HttpExchange exchange, byte[] body) throws IOException {
        return forward(client, target, exchange, body, status -> { });
    }

    /**
     * As {@link #forward(HttpClient, URI, HttpExchange, byte[])}, telling {@code beforeResponding} the status before the
     * caller receives anything: what it records is in place for the caller's next request.
     */
    public static int forward(HttpClient client, URI target, HttpExchange exchange, byte[] body, IntConsumer beforeResponding)
            throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                .timeout(Duration.ofSeconds(120))
                .method(exchange.getRequestMethod(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] responseBody = response.body();
        beforeResponding.accept(response.statusCode());
        exchange.sendResponseHeaders(response.statusCode(), responseBody.length == 0 ? -1 : responseBody.length);
        if (responseBody.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(responseBody);
            }
        }
        return response.statusCode();
    }
}
