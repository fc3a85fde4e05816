package com.auditremediation.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs the CLI in this JVM, as main does, with its output captured. */
final class CliRunner {

    static final Path HOME = Commands.home();

    private CliRunner() {
    }

    record Result(int exitCode, String out, String err) {

        /** stderr without blank lines: error paths must say what went wrong in one line. */
        java.util.List<String> errLines() {
            return err.lines().filter(line -> !line.isBlank()).toList();
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new AuditRemediationCommand());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int exitCode = command.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    /** A command that runs until interrupted (lambda-host), in its own thread, with its output readable meanwhile. */
    static final class Background {

        private final StringWriter out = new StringWriter();
        private final StringWriter err = new StringWriter();
        private final java.util.concurrent.CompletableFuture<Result> result = new java.util.concurrent.CompletableFuture<>();
        private final Thread thread;

        private Background(String... args) {
            thread = new Thread(() -> {
                CommandLine command = new CommandLine(new AuditRemediationCommand());
                command.setOut(new PrintWriter(out, true));
                command.setErr(new PrintWriter(err, true));
                result.complete(new Result(command.execute(args), out.toString(), err.toString()));
            }, "cli-" + args[0]);
            thread.setDaemon(true);
            thread.start();
        }

        String out() {
            return out.toString();
        }

        /** Waits until the output contains {@code text}; fails if the command ends first or takes too long. */
        Background awaitOutput(String text, java.time.Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!out().contains(text)) {
                if (result.isDone()) {
                    throw new AssertionError("the command ended before printing '" + text + "': " + result.join());
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no '" + text + "' within " + timeout + "; output so far: " + out() + err);
                }
                Thread.sleep(100);
            }
            return this;
        }

        boolean isRunning() {
            return !result.isDone();
        }

        /** Interrupts the command, as Ctrl-C would stop it, and returns how it ended. */
        Result stop() throws Exception {
            thread.interrupt();
            return result.get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    static Background start(String... args) {
        return new Background(args);
    }

    static Path resource(String name) {
        try {
            return Path.of(CliRunner.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For the commands that take credentials from the SDK's default chain (start, exceptions push): system properties are part of it. */
    static void useTestCredentials() {
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
    }
}
