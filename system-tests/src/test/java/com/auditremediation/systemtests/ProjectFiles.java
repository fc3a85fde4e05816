package com.auditremediation.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The checkout's files and external tools, as the tests see them. */
final class ProjectFiles {

    static final Path ROOT = Path.of(System.getProperty("projectRoot", "..")).toAbsolutePath().normalize();
    static final Path TEMPLATE = ROOT.resolve("template.yaml");
    static final Path DEFINITION = ROOT.resolve("statemachine/sweep.asl.json");
    static final Path EVENTS = ROOT.resolve("events");

    private ProjectFiles() {
    }

    record Result(int exitCode, String output) {
    }

    /** What every function on the local host gets: AWS at {@code endpoint} (moto, or the fault proxy in front of it), in us-east-1. */
    static java.util.Map<String, String> functionEnvironment(java.net.URI endpoint) {
        return java.util.Map.of("AWS_ENDPOINT_URL", endpoint.toString(),
                "AWS_ACCESS_KEY_ID", "testing",
                "AWS_SECRET_ACCESS_KEY", "testing",
                "AWS_REGION", "us-east-1");
    }

    /** Runs a command in the checkout's root; a missing executable is reported with {@code installHint}. */
    static Result run(List<String> command, String installHint) {
        try {
            Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within 5 minutes");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException(command.get(0) + " could not be run: " + installHint + " (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String read(Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
