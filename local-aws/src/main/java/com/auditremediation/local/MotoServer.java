package com.auditremediation.local;

import com.auditremediation.local.standin.StandIn;
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
 * A moto server process on a free loopback port, started from {@code MOTO_SERVER} or {@code moto_server} on the PATH,
 * reached through a front ({@link FaultProxy} without rules) where the {@link StandIn} answers the operations moto
 * lacks: {@link #endpoint()} is the front, so every client, test fixture and function that talks to "moto" reaches
 * the stand-in too; {@link #motoEndpoint()} is moto's process itself, started through {@link MotoPatches} (the
 * interpreter of that moto_server runs moto's server with our patch of its ResultWriter). {@code lambdaPort} becomes
 * moto's {@code MOTO_PORT}: where its Step Functions interpreter sends Lambda tasks.
 */
public final class MotoServer implements AutoCloseable {

    public static final String INSTALL_HINT =
            "moto_server was not found: install it with pip install \"moto[server]\" (or set MOTO_SERVER to its path)";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final int port;
    private final StandIn standIn;
    private final FaultProxy front;
    private final int lambdaPort;
    private final boolean iamManagedPolicies;
    private final Path log;
    /** The configuration posted to moto so far, posted again to the moto that {@link #restart} starts. */
    private final List<String> config = new ArrayList<>();
    private Process process;

    private MotoServer(int port, int lambdaPort, boolean iamManagedPolicies, Path log) {
        this.port = port;
        this.standIn = StandIn.create(motoEndpoint());
        this.front = FaultProxy.start(motoEndpoint(), standIn);
        this.lambdaPort = lambdaPort;
        this.iamManagedPolicies = iamManagedPolicies;
        this.log = log;
    }

    /** Starts moto and waits until it answers; {@code lambdaPort} 0 leaves MOTO_PORT unset. */
    public static MotoServer start(int lambdaPort) {
        return start(lambdaPort, true);
    }

    /**
     * {@code iamManagedPolicies}: whether moto loads AWS managed policies (AWSSupportAccess, which the iam-support-role
     * check attaches) into each account. It costs about 1.5 s for each account (see {@link #launch}) and memory, which
     * an organisation of thousands of accounts cannot afford: moto creates IAM for every account Organizations creates.
     */
    public static MotoServer start(int lambdaPort, boolean iamManagedPolicies) {
        String executable = executable();
        int port = freePort();
        try {
            MotoServer server = new MotoServer(port, lambdaPort, iamManagedPolicies, Files.createTempFile("moto-" + port + "-", ".log"));
            try {
                server.launch(executable);
            } catch (IOException | RuntimeException e) {
                server.front.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(INSTALL_HINT + " (" + e.getMessage() + ")", e);
        }
    }

    private void launch(String executable) throws IOException {
        List<String> command = new ArrayList<>(MotoPatches.command(executable));
        command.addAll(List.of("-H", "127.0.0.1", "-p", String.valueOf(port)));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (lambdaPort > 0) {
            builder.environment().put("MOTO_PORT", String.valueOf(lambdaPort));
        }
        // AWS managed policies (AWSSupportAccess, which the iam-support-role check attaches) exist in moto only
        // with this. It costs nothing at start, but moto finds a request's account by looking for its access key in
        // the IAM of all six partitions of every account it knows, creating each IAM it has not yet, and loads the
        // policies into each: about 1.5 s an account, and as much again for every account at each reset.
        builder.environment().put("MOTO_IAM_LOAD_MANAGED_POLICIES", String.valueOf(iamManagedPolicies));
        process = builder.start();
        awaitReady(Duration.ofSeconds(30));
    }

    /**
     * Stops this moto and starts a new one on the same port, with the same settings and the configuration posted so
     * far: like {@link #reset}, every resource is forgotten. With AWS managed policies it is the cheaper of the two
     * once a test has used a few accounts: moto's reset builds every account's IAM again, policies and all, before it
     * forgets them (about 1.5 s an account), while a new moto takes about as long as one account (and its first calls
     * import the services again), so that for a test of one account or none the reset is the cheaper.
     */
    public void restart() {
        stopProcess();
        standIn.reset();
        try {
            launch(executable());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.forEach(body -> post("/moto-api/config", body));
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
        return MotoPatches.onPath("moto_server").orElseThrow(() -> new IllegalStateException(INSTALL_HINT));
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port of {@link #endpoint()}. */
    public int port() {
        return front.endpoint().getPort();
    }

    /** Where clients reach moto, with the stand-in answering what moto lacks. */
    public URI endpoint() {
        return front.endpoint();
    }

    /** moto's own process, without the stand-in: for the stand-in itself and proxies that share it ({@link FaultProxy#inFrontOf}). */
    public URI motoEndpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public StandIn standIn() {
        return standIn;
    }

    public Path log() {
        return log;
    }

    /** Forgets every resource moto holds, and every setting the stand-in holds. */
    public void reset() {
        post("/moto-api/reset", "");
        standIn.reset();
    }

    /** Makes moto's Step Functions really run state machines (off by default). */
    public void enableStateMachineExecution() {
        String body = "{\"stepfunctions\":{\"execute_state_machine\":true}}";
        post("/moto-api/config", body);
        config.add(body);
    }

    /**
     * Creates an S3 bucket in the moto at {@code endpoint} (path style, us-east-1, as S3's own CreateBucket without a
     * location) unless it exists: the report bucket that the template would create, for the distributed Map path.
     */
    /** Puts {@code content} at {@code key} of {@code bucket} (which must exist), as S3's PUT Object does without signing. */
    public static void putObject(URI endpoint, String bucket, String key, byte[] content) {
        send(HttpRequest.newBuilder(endpoint.resolve("/" + bucket + "/" + key)).PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(),
                "putting s3://" + bucket + "/" + key, body -> false);
    }

    /**
     * Seeds moto's random ids (accounts, OUs, the organisation): the same organisation seeded after the same seed gets the
     * same account and OU ids, so that two local runs can be compared account by account.
     */
    public static void seedRandom(URI endpoint, long seed) {
        send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/seed?a=" + seed)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                "seeding its random ids", body -> false);
    }

    /** Sends {@code request}; an answer of 300 or more is an error unless {@code alsoFine} accepts its body. */
    private static void send(HttpRequest request, String what, java.util.function.Predicate<String> alsoFine) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300 && !alsoFine.test(response.body())) {
                throw new IllegalStateException("moto answered " + response.statusCode() + " to " + what + ": " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static void createBucket(URI endpoint, String bucket) {
        send(HttpRequest.newBuilder(endpoint.resolve("/" + bucket)).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                "creating bucket " + bucket, body -> body.contains("BucketAlreadyOwnedByYou"));
    }

    private void post(String path, String body) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(motoEndpoint().resolve(path))
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
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(motoEndpoint().resolve("/moto-api/"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() < 500) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopProcess();
                throw new IllegalStateException("interrupted while waiting for moto", e);
            }
            sleep(100);
        }
        stopProcess();
        throw new IllegalStateException("moto_server did not answer on port " + port + " within " + timeout.toSeconds() + " s; see " + log);
    }

    @Override
    public void close() {
        stopProcess();
        front.close();
    }

    private void stopProcess() {
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
