package com.auditremediation.cli;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Everything a command started, stopped in reverse order exactly once: when the command ends (try-with-resources),
 * whether it succeeded or failed, and on Ctrl-C (a shutdown hook), so that no moto or function JVM outlives it.
 */
final class Cleanup implements AutoCloseable {

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final Thread hook;
    private volatile boolean interrupted;
    private boolean closed;

    /** {@code onInterrupt} runs first when the JVM is asked to stop (Ctrl-C), before the resources are closed. */
    Cleanup(Runnable onInterrupt) {
        this.hook = new Thread(() -> {
            interrupted = true;
            onInterrupt.run();
            closeAll();
        }, "cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Takes {@code resource} in charge; if the command is already being stopped, closes it at once. */
    <T extends AutoCloseable> T add(T resource) {
        synchronized (this) {
            if (!closed) {
                resources.push(resource);
                return resource;
            }
        }
        closeQuietly(resource);
        throw new CliException(130, "interrupted");
    }

    boolean interrupted() {
        return interrupted;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running or about to
        }
        closeAll();
    }

    private void closeAll() {
        Deque<AutoCloseable> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayDeque<>(resources);
            resources.clear();
        }
        toClose.forEach(Cleanup::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            // keep stopping the others
        }
    }
}
