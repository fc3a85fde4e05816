package com.auditremediation.checkaccount.snapstart;

import com.auditremediation.local.HttpForwarding;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A forwarding proxy in front of moto that records, for each request, the client's port (one per TCP connection:
 * a request on a port seen before came on a reused connection), the access key that signed it and its STS action.
 * Unlike moto, it keeps connections alive, so a client that kept one in its pool would reuse it here.
 */
final class ConnectionRecordingProxy implements AutoCloseable {

    /** One request as the proxy received it. */
    record Seen(int clientPort, String accessKeyId, String action) {
    }

    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/]+)/");

    private final HttpServer server;
    private final HttpClient forward = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI target;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    private ConnectionRecordingProxy(URI target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    static ConnectionRecordingProxy start(URI target) throws IOException {
        return new ConnectionRecordingProxy(target);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        Matcher credential = CREDENTIAL.matcher(authorization == null ? "" : authorization);
        seen.add(new Seen(exchange.getRemoteAddress().getPort(), credential.find() ? credential.group(1) : null,
                action(new String(body, StandardCharsets.UTF_8))));

        HttpForwarding.forward(forward, target, exchange, body);
    }

    private static String action(String form) {
        for (String pair : form.split("&")) {
            if (pair.startsWith("Action=")) {
                return URLDecoder.decode(pair.substring("Action=".length()), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
