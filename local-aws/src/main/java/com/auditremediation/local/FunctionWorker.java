package com.auditremediation.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One function's JVM ({@link LambdaWorker}), kept running for {@link LambdaHost}: started before the host listens,
 * and started again as soon as it dies (killed, out of memory, {@code System.exit} in a handler). An invocation that
 * arrives while it restarts waits for the new JVM; one that was in flight when the JVM died fails with an
 * {@link IOException}, which the host answers as a Lambda service error that the state machine retries. The
 * function's output goes to {@code <function name>.log} (appended across restarts) and to the host's log lines.
 */
final class FunctionWorker implements AutoCloseable {

    /** How long a JVM may take from start to serving: the init phase builds the handler and its SDK clients. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    /** Starts JVMs off the common pool, which has a single thread on two cores and must not wait on a start. */
    private static final ExecutorService STARTER = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "function-worker-start");
        thread.setDaemon(true);
        return thread;
    });

    private final SamTemplate.Function function;
    private final Map<String, String> environment;
    private final Path log;
    private final List<String> logLines;
    private final HttpClient client;
    private final AtomicInteger restarts = new AtomicInteger();
    private final Object lock = new Object();
    private Running running;
    private CompletableFuture<Running> restarting;
    private boolean closed;

    private record Running(Process process, URI endpoint) {
    }

    private FunctionWorker(SamTemplate.Function function, Map<String, String> environment, Path logDirectory,
                           List<String> logLines, HttpClient client) {
        this.function = function;
        this.environment = Map.copyOf(environment);
        this.log = logDirectory.resolve(function.functionName() + ".log");
        this.logLines = logLines;
        this.client = client;
    }

    /** Starts the function's JVM and returns once it serves; an init failure is thrown, naming the log. */
    static FunctionWorker start(SamTemplate.Function function, Map<String, String> environment, Path logDirectory,
                                List<String> logLines, HttpClient client) {
        FunctionWorker worker = new FunctionWorker(function, environment, logDirectory, logLines, client);
        // A fresh log per host, appended to across restarts.
        try {
            Files.deleteIfExists(worker.log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Running first = worker.launch();
        synchronized (worker.lock) {
            worker.running = first;
        }
        return worker;
    }

    SamTemplate.Function function() {
        return function;
    }

    /** How many times the JVM was started again after it died. */
    int restarts() {
        return restarts.get();
    }

    /** The running JVM, for tests that kill it. */
    ProcessHandle process() {
        synchronized (lock) {
            return running == null ? null : running.process().toHandle();
        }
    }

    /**
     * Sends one invocation to the function's JVM, waiting for a restart first if it is down. Throws
     * {@link java.net.http.HttpTimeoutException} after the function's timeout, and {@link IOException} when the JVM
     * could not be reached or dropped the connection (it died, or could not be started again).
     */
    HttpResponse<byte[]> invoke(byte[] payload) throws IOException, InterruptedException {
        Running target = current();
        return client.send(HttpRequest.newBuilder(target.endpoint())
                        .timeout(Duration.ofSeconds(function.timeoutSeconds()))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private Running current() throws IOException, InterruptedException {
        CompletableFuture<Running> next;
        synchronized (lock) {
            if (closed) {
                throw new IOException("the Lambda host is stopping");
            }
            if (running != null && running.process().isAlive()) {
                return running;
            }
            next = restartLocked();
        }
        try {
            return next.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IOException(function.functionName() + " could not be started again: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new IOException(function.functionName() + " did not start again within " + START_TIMEOUT.toSeconds() + " s", e);
        }
    }

    /** One restart at a time: every caller waits for the same new JVM. */
    private CompletableFuture<Running> restartLocked() {
        if (restarting != null) {
            return restarting;
        }
        CompletableFuture<Running> next = CompletableFuture.supplyAsync(this::launch, STARTER);
        restarting = next;
        next.whenComplete((started, failure) -> {
            boolean stale;
            synchronized (lock) {
                restarting = null;
                stale = started != null && closed;
                if (started != null && !closed) {
                    running = started;
                    restarts.incrementAndGet();
                }
            }
            if (stale) {
                stop(started.process());
            } else if (started != null) {
                System.err.println("lambda-host: " + function.functionName() + " was restarted after its JVM exited");
            }
        });
        return next;
    }

    /** Called when a JVM exits: the one currently serving is replaced at once, not at the next invocation. */
    private void exited(Process process) {
        synchronized (lock) {
            if (!closed && running != null && running.process() == process) {
                restartLocked();
            }
        }
    }

    private Running launch() {
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
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(process, ready), "log-" + function.functionName());
        pump.setDaemon(true);
        pump.start();
        try {
            int port = ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            process.onExit().thenAccept(this::exited);
            return new Running(process, URI.create("http://127.0.0.1:" + port + "/invoke"));
        } catch (Exception e) {
            process.destroyForcibly();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException(function.functionName() + " did not start (see " + log + "): "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
    }

    private void pump(Process process, CompletableFuture<Integer> ready) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer writer = Files.newBufferedWriter(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
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

    @Override
    public void close() {
        Running last;
        synchronized (lock) {
            closed = true;
            last = running;
            running = null;
        }
        if (last != null) {
            stop(last.process());
        }
    }

    private static void stop(Process process) {
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
