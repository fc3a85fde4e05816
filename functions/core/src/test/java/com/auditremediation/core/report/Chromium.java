package com.auditremediation.core.report;

import com.auditremediation.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's headless Chromium, one process per call, each with a fresh profile and without any of its own network
 * traffic (no sync, updates, background fetches; every host name resolves to nothing). Absent locally, the tests that
 * use it are skipped with a message; under CI (CI=true) they fail instead, since .ci/run installs it.
 */
final class Chromium {

    static final Path BINARY = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    private static final long TIMEOUT_SECONDS = 90;

    private final Path profiles;

    /** {@code profiles}: a folder for the throwaway profile directories. */
    Chromium(Path profiles) {
        this.profiles = profiles;
    }

    static void assumeInstalled() {
        if (Files.isExecutable(BINARY)) {
            return;
        }
        String message = BINARY + " is not installed: apt-get install chromium (or set CHROMIUM to its path) to run the HTML report in a browser";
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(message + "; CI must run this test, and .ci/run installs it");
        }
        Assumptions.abort(message);
    }

    /** The DOM after the page's script ran, and what the page wrote to the console (script errors, CSP refusals). */
    record Dump(String dom, List<String> console) {
    }

    /** The page loaded and dumped; every network request the browser made is logged to {@code netLog}. */
    Dump dumpDom(URI page, Path netLog) throws IOException, InterruptedException {
        Output output = run(List.of("--log-net-log=" + netLog, "--enable-logging=stderr", "--v=0", "--window-size=1280,900",
                "--dump-dom", page.toString()));
        return new Dump(output.stdout(), output.stderr().lines().filter(line -> line.contains(":CONSOLE")).toList());
    }

    /** A PNG of the page's first {@code height} pixels at {@code width}. */
    void screenshot(URI page, Path png, int width, int height) throws IOException, InterruptedException {
        Files.deleteIfExists(png);
        run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height, "--hide-scrollbars", page.toString()));
        if (!Files.isRegularFile(png)) {
            throw new AssertionError("chromium wrote no screenshot to " + png);
        }
    }

    /** The page as printed (A4 or Letter, as Chromium's default), to check the print layout. */
    void printToPdf(URI page, Path pdf) throws IOException, InterruptedException {
        Files.deleteIfExists(pdf);
        run(List.of("--print-to-pdf=" + pdf.toAbsolutePath(), "--no-pdf-header-footer", page.toString()));
        if (!Files.isRegularFile(pdf)) {
            throw new AssertionError("chromium wrote no PDF to " + pdf);
        }
    }

    /**
     * URLs the page itself requested from anywhere but the file system, from a NetLog: requests whose top frame is a
     * file: page (Chromium's own calls, which the flags cannot all stop, have another isolation key).
     */
    static List<String> pageRequests(Path netLog) throws IOException {
        JsonNode log = Json.mapper().readTree(netLog.toFile());
        int startJob = log.path("constants").path("logEventTypes").path("URL_REQUEST_START_JOB").asInt(-1);
        List<String> urls = new ArrayList<>();
        for (JsonNode event : log.path("events")) {
            JsonNode params = event.path("params");
            String url = params.path("url").asText("");
            if (event.path("type").asInt() == startJob && params.path("network_isolation_key").asText("").startsWith("file://")
                    && !url.startsWith("file:")) {
                urls.add(url);
            }
        }
        return urls;
    }

    private record Output(String stdout, String stderr) {
    }

    private Output run(List<String> pageArguments) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(profiles, "profile-");
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir=" + profile));
        command.addAll(pageArguments);
        Path stdout = profiles.resolve(profile.getFileName() + ".out");
        Path stderr = profiles.resolve(profile.getFileName() + ".err");
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("chromium did not end within " + TIMEOUT_SECONDS + " s: " + command);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("chromium exited with " + process.exitValue() + ": " + command + "\n" + Files.readString(stderr));
        }
        return new Output(Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
