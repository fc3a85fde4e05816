package com.auditremediation.core.report;

import com.auditremediation.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One page in headless Chromium, driven through the DevTools protocol (a WebSocket, the JDK's client): open a file at
 * a given viewport, evaluate script in it to measure what the browser laid out, take screenshots of any part. The
 * browser runs with {@link Chromium}'s flags (no network of its own, a throwaway profile) and ends on {@link #close}.
 */
final class ChromiumPage implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> events = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

    private ChromiumPage(Process process, Path profile, URI pageSocket) {
        this.process = process;
        this.profile = profile;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(pageSocket, new Listener()).join();
    }

    /** A browser with one blank page of {@code width} by {@code height} CSS pixels; profile and logs under {@code temp}. */
    static ChromiumPage open(Path temp, int width, int height) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(temp, "devtools-");
        List<String> command = List.of(Chromium.BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--host-resolver-rules=MAP * ~NOTFOUND", "--hide-scrollbars", "--user-data-dir=" + profile,
                "--remote-debugging-port=0", "--window-size=" + width + "," + height, "about:blank");
        Process process = new ProcessBuilder(command).redirectOutput(temp.resolve(profile.getFileName() + ".out").toFile())
                .redirectError(temp.resolve(profile.getFileName() + ".err").toFile()).start();
        Path portFile = profile.resolve("DevToolsActivePort");
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (!Files.isRegularFile(portFile) || Files.readAllLines(portFile).isEmpty()) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                process.destroyForcibly();
                throw new AssertionError("chromium did not open its DevTools port: " + Files.readString(temp.resolve(profile.getFileName() + ".err")));
            }
            Thread.sleep(50);
        }
        int port = Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
        HttpResponse<String> targets = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        String pageSocket = null;
        for (JsonNode target : Json.mapper().readTree(targets.body())) {
            if ("page".equals(target.path("type").asText())) {
                pageSocket = target.path("webSocketDebuggerUrl").asText();
            }
        }
        if (pageSocket == null) {
            process.destroyForcibly();
            throw new AssertionError("chromium has no page to drive: " + targets.body());
        }
        ChromiumPage page = new ChromiumPage(process, profile, URI.create(pageSocket));
        page.send("Page.enable", Map.of());
        page.send("Runtime.enable", Map.of());
        page.send("Log.enable", Map.of());
        page.send("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
        return page;
    }

    /** Opens {@code url} and waits for its load event (its script has run by then). */
    void navigate(URI url) {
        loaded = new CompletableFuture<>();
        send("Page.navigate", Map.of("url", url.toString()));
        loaded.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** The value of {@code expression} (JSON-serialisable) evaluated in the page. */
    JsonNode evaluate(String expression) {
        JsonNode result = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new AssertionError("script failed in the page: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** A PNG of the viewport as it is now. */
    void screenshot(Path png) throws IOException {
        JsonNode shot = send("Page.captureScreenshot", Map.of("format", "png"));
        Files.write(png, Base64.getDecoder().decode(shot.path("data").asText()));
    }

    /** What the page wrote to its console and the browser logged about it (script errors, CSP refusals), in order. */
    List<String> console() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    private JsonNode send(String method, Map<String, Object> params) {
        int id = ids.incrementAndGet();
        ObjectNode message = Json.mapper().createObjectNode().put("id", id).put("method", method);
        message.set("params", Json.mapper().valueToTree(params));
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(message.toString(), true).join();
        JsonNode reply = answer.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        if (reply.has("error")) {
            throw new AssertionError(method + " failed: " + reply.get("error"));
        }
        return reply.path("result");
    }

    @Override
    public void close() throws InterruptedException, IOException {
        socket.abort();
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        // Chromium's lock links point outside the profile, into /tmp; JUnit would warn about each when it cleans up.
        try (var links = Files.list(profile)) {
            for (Path link : links.filter(path -> path.getFileName().toString().startsWith("Singleton")).toList()) {
                Files.deleteIfExists(link);
            }
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                handle(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        private void handle(String message) {
            try {
                JsonNode node = Json.mapper().readTree(message);
                if (node.has("id")) {
                    CompletableFuture<JsonNode> answer = pending.remove(node.get("id").asInt());
                    if (answer != null) {
                        answer.complete(node);
                    }
                    return;
                }
                String method = node.path("method").asText();
                if (method.equals("Page.loadEventFired")) {
                    loaded.complete(null);
                } else if (method.equals("Runtime.consoleAPICalled") || method.equals("Runtime.exceptionThrown") || method.equals("Log.entryAdded")) {
                    synchronized (events) {
                        events.add(node.path("params").toString());
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("DevTools sent what is not JSON: " + message, e);
            }
        }
    }
}
