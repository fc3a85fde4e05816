package com.auditremediation.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * Waits for an execution to end and shows how far it got: accounts done of total, from the execution history (a Map
 * state's MapStateStarted event carries the number of items; each finished iteration adds one
 * MapIterationSucceeded/Failed/Aborted event). The history is read newest first and only up to the last event
 * already seen, so a long history is not read again on every poll. Without permission to read the history (or if
 * the endpoint cannot), it waits without progress.
 */
final class ExecutionWatcher {

    private final SfnClient sfn;
    private final PrintWriter err;
    private final Duration pollInterval;
    private final boolean sameLine;
    private long lastEventId;
    private int total = -1;
    private int done;
    private boolean historyReadable = true;
    private boolean distributed;
    private String shown = "";

    /** {@code sameLine}: rewrite one progress line (an interactive terminal) rather than print a line per change. */
    ExecutionWatcher(SfnClient sfn, PrintWriter err, Duration pollInterval, boolean sameLine) {
        this.sfn = sfn;
        this.err = err;
        this.pollInterval = pollInterval;
        this.sameLine = sameLine;
    }

    /** The execution once it is no longer RUNNING; {@code stopped} ends the wait early (Ctrl-C). */
    DescribeExecutionResponse await(String executionArn, Duration timeout, BooleanSupplier stopped) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            DescribeExecutionResponse execution;
            try {
                execution = sfn.describeExecution(r -> r.executionArn(executionArn));
            } catch (SdkException e) {
                if (!stopped.getAsBoolean()) {
                    throw e;
                }
                execution = null;
            }
            if (execution == null || stopped.getAsBoolean()) {
                // what is stopping (Ctrl-C) may be what the execution depends on: its state says nothing any more
                endLine();
                throw new CliException(130, "stopped waiting for " + executionArn);
            }
            if (historyReadable) {
                readHistory(executionArn);
            }
            show(execution.status() == ExecutionStatus.RUNNING ? progress() : progress() + ", " + execution.status());
            if (execution.status() != ExecutionStatus.RUNNING) {
                endLine();
                return execution;
            }
            if (System.nanoTime() > deadline) {
                endLine();
                throw new CliException(ExitCodes.RUN_FAILED, "the execution is still RUNNING after " + timeout.toMinutes()
                        + " min; stopped waiting (it goes on): " + executionArn);
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                endLine();
                throw new CliException(130, "interrupted while waiting for " + executionArn, e);
            }
        }
    }

    int total() {
        return total;
    }

    int done() {
        return done;
    }

    private void readHistory(String executionArn) {
        try {
            long newest = lastEventId;
            String token = null;
            do {
                String page = token;
                GetExecutionHistoryResponse history = sfn.getExecutionHistory(r -> r.executionArn(executionArn)
                        .reverseOrder(true).includeExecutionData(false).maxResults(1000).nextToken(page));
                boolean reachedSeen = false;
                for (HistoryEvent event : history.events()) {
                    if (event.id() <= lastEventId) {
                        reachedSeen = true;
                        continue;
                    }
                    newest = Math.max(newest, event.id());
                    count(event);
                }
                token = reachedSeen ? null : history.nextToken();
            } while (token != null);
            lastEventId = newest;
        } catch (SdkException e) {
            historyReadable = false;
            endLine();
            err.println("(no progress shown: cannot read the execution history: " + Commands.oneLine(e.getMessage()) + ")");
        }
    }

    private void count(HistoryEvent event) {
        switch (event.type()) {
            case MAP_STATE_STARTED -> {
                if (event.mapStateStartedEventDetails() != null && event.mapStateStartedEventDetails().length() != null) {
                    total = Math.max(total, 0) + event.mapStateStartedEventDetails().length();
                }
            }
            case MAP_ITERATION_SUCCEEDED, MAP_ITERATION_FAILED, MAP_ITERATION_ABORTED -> done++;
            // The distributed Map reads its items from S3 (its MapStateStarted says 0) and runs them in child executions,
            // whose events are not in this history.
            case MAP_RUN_STARTED -> distributed = true;
            default -> {
            }
        }
    }

    private String progress() {
        if (!historyReadable) {
            return "running";
        }
        if (distributed) {
            return "checking accounts in the distributed Map's child executions (its Map Run shows their progress)";
        }
        return total < 0 ? "listing accounts" : "accounts done: " + done + " of " + total;
    }

    private void show(String text) {
        if (text.equals(shown)) {
            return;
        }
        if (sameLine) {
            err.print("\r  " + text + " ".repeat(Math.max(0, shown.length() - text.length())));
        } else {
            err.println("  " + text);
        }
        err.flush();
        shown = text;
    }

    private void endLine() {
        if (sameLine && !shown.isEmpty()) {
            err.println();
            err.flush();
            shown = "";
        }
    }
}
