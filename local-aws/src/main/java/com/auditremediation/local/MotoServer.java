package com.auditremediation.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A moto server process on a free loopback port, started from {@code MOTO_SERVER} or {@code moto_server} on the PATH.
 * {@code lambdaPort} becomes its {@code MOTO_PORT}: where its Step Functions interpreter sends Lambda tasks.
 */
public final class MotoServer implements AutoCloseable {

    public static final String INSTALL_HINT =
            "moto_server was not found: install it with pip install \"moto[server]\" (or set MOTO_SERVER to its path)";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private MotoServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts moto and waits until it answers; {@code lambdaPort} 0 leaves MOTO_PORT unset. */
    public static MotoServer start(int lambdaPort) {
        return start(lambdaPort, true);
    }

    /**
     * {@code iamManagedPolicies}: whether moto loads AWS managed policies (AWSSupportAccess, which the iam-support-role
     * check attaches) into each account. It costs about 1 s and 2 MB for each account that touches IAM, which an
     * organisation of thousands of accounts cannot afford: moto creates IAM for every account Organizations creates.
     */
    public static MotoServer start(int lambdaPort, boolean iamManagedPolicies) {
        String executable = executable();
        int port = freePort();
        try {
            Path log = Files.createTempFile("moto-" + port + "-", ".log");
            List<String> command = new ArrayList<>(List.of(executable, "-H", "127.0.0.1", "-p", String.valueOf(port)));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            if (lambdaPort > 0) {
                builder.environment().put("MOTO_PORT", String.valueOf(lambdaPort));
            }
            // AWS managed policies (AWSSupportAccess, which the iam-support-role check attaches) exist in moto only
            // with this. It costs nothing at start: moto loads them into each account the first time that account
            // calls IAM (about 1 s, once per account and per reset).
            builder.environment().put("MOTO_IAM_LOAD_MANAGED_POLICIES", String.valueOf(iamManagedPolicies));
            Process process = builder.start();
            MotoServer server = new MotoServer(process, port, log);
            server.awaitReady(Duration.ofSeconds(30));
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(INSTALL_HINT + " (" + e.getMessage() + ")", e);
        }
    }

    /** The moto executable: MOTO_SERVER if set, else moto_server from the PATH; fails with the install hint. */
    public static String executable() {
        String configured = System.getenv("MOTO_SERVER");
        if (configured != null && !configured.isBlank()) {
            if (!new File(configured).canExecute()) {
                throw new IllegalStateException("MOTO_SERVER is set to " + configured + ", which is not an executable file; "
                        + "point it at moto_server or unset it to use the PATH");
            }
            return configured;
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            File candidate = new File(dir, "moto_server");
            if (candidate.canExecute()) {
                return candidate.getAbsolutePath();
            }
        }
        throw new IllegalStateException(INSTALL_HINT);
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public Path log() {
        return log;
    }

    /** Forgets every resource moto holds. */
    public void reset() {
        post("/moto-api/reset", "");
    }

    /** Makes moto's Step Functions really run state machines (off by default). */
    public void enableStateMachineExecution() {
        post("/moto-api/config", "{\"stepfunctions\":{\"execute_state_machine\":true}}");
    }

    /**
     * Creates an S3 bucket in the moto at {@code endpoint} (path style, us-east-1, as S3's own CreateBucket without a
     * location) unless it exists: the report bucket that the template would create, for the distributed Map path.
     */
    public static void createBucket(URI endpoint, String bucket) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(endpoint.resolve("/" + bucket))
                    .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300 && !response.body().contains("BucketAlreadyOwnedByYou")) {
                throw new IllegalStateException("moto answered " + response.statusCode() + " to creating bucket " + bucket + ": " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void post(String path, String body) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(endpoint().resolve(path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("moto answered " + response.statusCode() + " to " + path + ": " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with code " + process.exitValue() + " before it answered; see " + log);
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(endpoint().resolve("/moto-api/"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() < 500) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while waiting for moto", e);
            }
            sleep(100);
        }
        close();
        throw new IllegalStateException("moto_server did not answer on port " + port + " within " + timeout.toSeconds() + " s; see " + log);
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
