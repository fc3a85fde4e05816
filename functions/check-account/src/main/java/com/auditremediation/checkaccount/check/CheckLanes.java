package com.auditremediation.checkaccount.check;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The lanes in which one account's work runs side by side: its checks ({@link #eachUntilFailure}) and, within a
 * regional check, its regions ({@link #each}, through {@link CheckContext#inEachRegion}). At most {@link #lanes()}
 * tasks of the account run at any moment, checks and regions together; each task makes its calls one after another,
 * so that is also the most calls the account has in flight at once, which is what IAM's and EC2's per-account request
 * rates see.
 *
 * <p>The thread that creates the lanes holds the first one; a thread that asks for a list of tasks to run runs them
 * itself, and the other lanes are lent to it by helper threads from one pool that the whole JVM shares (built on first
 * use, so an invocation that never runs two tasks at once never builds it, and kept across invocations, so a warm
 * Lambda environment starts no thread per request). A thread whose own tasks are all taken, and which only waits for
 * them, gives its lane back while it waits and takes one again, before any new task starts, to go on. So nested lists
 * (a check's regions within the account's checks) cannot deadlock, even with one lane: the asking thread can always
 * run every one of its tasks itself.
 */
public final class CheckLanes {

    /**
     * The shared pool's limit: it bounds the threads of one JVM whatever runs in it (a batch checks 4 accounts at once).
     * When it is reached, a task waits for a lane of its account's threads instead of getting a thread of its own.
     */
    static final int MAX_THREADS = 64;

    private final int lanes;
    private final Executor executor;
    /** Guarded by this: the tasks running now (with the threads about to look for one), at most {@link #lanes}. */
    private int running = 1;
    /** Guarded by this: threads whose tasks are done, waiting for a lane to go on; they come before any new task. */
    private int resuming;
    /** Guarded by this: the lists with tasks not started yet, the newest (innermost) first. */
    private final Deque<Batch<?, ?>> open = new ArrayDeque<>();

    private CheckLanes(int lanes, Executor executor) {
        if (lanes < 1) {
            throw new IllegalArgumentException("lanes must be 1 or more: " + lanes);
        }
        this.lanes = lanes;
        this.executor = executor;
    }

    /** {@code lanes} lanes for one account, the calling thread holding the first; helpers come from the shared pool. */
    public static CheckLanes of(int lanes) {
        return new CheckLanes(lanes, command -> SharedPool.THREADS.execute(command));
    }

    /** As {@link #of(int)}, with helpers from {@code executor} (tests: a pool that refuses, or counts). */
    static CheckLanes of(int lanes, Executor executor) {
        return new CheckLanes(lanes, executor);
    }

    public int lanes() {
        return lanes;
    }

    /**
     * {@code task} for each of {@code items}, side by side within the lanes, with the results in the order of
     * {@code items}. If a task throws, the others still run; then the first exception, in the order of the items, is
     * thrown.
     */
    public <T, R> List<R> each(List<T> items, Function<T, R> task) {
        return run(items, task, false);
    }

    /**
     * As {@link #each}, except that once a task has thrown, tasks not yet started never start; the ones running
     * finish (nothing is interrupted); then the first exception, in the order of the items, is thrown.
     */
    public <T, R> List<R> eachUntilFailure(List<T> items, Function<T, R> task) {
        return run(items, task, true);
    }

    private <T, R> List<R> run(List<T> items, Function<T, R> task, boolean stopOnFailure) {
        if (items.size() <= 1) {
            return items.isEmpty() ? List.of() : List.of(task.apply(items.get(0)));
        }
        Batch<T, R> batch = new Batch<>(items, task, stopOnFailure);
        synchronized (this) {
            open.addFirst(batch);
            startHelpers();
        }
        for (int index = claim(batch); index >= 0; index = claim(batch)) {
            batch.run(index);
        }
        awaitTaken(batch);
        return batch.results();
    }

    /** The next task of {@code batch} for the calling thread, which holds a lane; -1 when none is left to start. */
    private synchronized int claim(Batch<?, ?> batch) {
        int index = batch.claim();
        if (!batch.hasUnclaimed()) {
            open.remove(batch);
        }
        return index;
    }

    /** Waits, without a lane, for the tasks of {@code batch} that helpers took; then takes a lane again. */
    private synchronized void awaitTaken(Batch<?, ?> batch) {
        if (batch.allDone()) {
            return;
        }
        boolean interrupted = false;
        running--;
        startHelpers();
        notifyAll();
        while (!batch.allDone()) {
            interrupted |= waitUninterruptibly();
        }
        resuming++;
        while (running >= lanes) {
            interrupted |= waitUninterruptibly();
        }
        resuming--;
        running++;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Interrupts are kept for later: the tasks running belong to this account's invocation, and it may not return
     * (and close its clients) while any of them still runs.
     */
    private boolean waitUninterruptibly() {
        try {
            wait();
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }

    /** Lends the free lanes to helper threads, one for each task waiting to start. Called holding this. */
    private void startHelpers() {
        int waiting = 0;
        for (Batch<?, ?> batch : open) {
            waiting += batch.unclaimed();
        }
        int helpers = Math.min(waiting, lanes - running - resuming);
        for (int i = 0; i < helpers; i++) {
            running++;
            try {
                executor.execute(this::help);
            } catch (RejectedExecutionException full) {
                // The pool is at its limit: the threads of this account run the tasks in the lanes they hold.
                running--;
                return;
            }
        }
    }

    /** A helper: runs tasks, innermost list first, until none waits to start or a waiting thread needs its lane. */
    private void help() {
        while (true) {
            Batch<?, ?> batch;
            int index;
            synchronized (this) {
                batch = open.peekFirst();
                // A thread going on after its wait needs this lane when the free ones are too few for all such.
                if (batch == null || resuming > lanes - running) {
                    running--;
                    notifyAll();
                    return;
                }
                index = batch.claim();
                if (!batch.hasUnclaimed()) {
                    open.removeFirst();
                }
            }
            batch.run(index);
        }
    }

    /** One list of tasks: which have started, which have finished, and their results or exceptions. */
    private final class Batch<T, R> {
        private final List<T> items;
        private final Function<T, R> task;
        private final boolean stopOnFailure;
        private final Object[] results;
        private final Throwable[] failures;
        /** Guarded by the lanes, as the rest below. */
        private int next;
        private int finished;
        private boolean stopped;

        Batch(List<T> items, Function<T, R> task, boolean stopOnFailure) {
            this.items = List.copyOf(items);
            this.task = task;
            this.stopOnFailure = stopOnFailure;
            this.results = new Object[items.size()];
            this.failures = new Throwable[items.size()];
        }

        int claim() {
            return hasUnclaimed() ? next++ : -1;
        }

        boolean hasUnclaimed() {
            return !stopped && next < items.size();
        }

        int unclaimed() {
            return hasUnclaimed() ? items.size() - next : 0;
        }

        boolean allDone() {
            return finished == next && !hasUnclaimed();
        }

        /** Runs task {@code index}; whatever it throws is kept for {@link #results()}, so a helper never dies of it. */
        void run(int index) {
            Object result = null;
            Throwable failure = null;
            try {
                result = task.apply(items.get(index));
            } catch (Throwable e) {
                failure = e;
            }
            synchronized (CheckLanes.this) {
                results[index] = result;
                failures[index] = failure;
                if (failure != null && stopOnFailure) {
                    stopped = true;
                    open.remove(this);
                }
                finished++;
                CheckLanes.this.notifyAll();
            }
        }

        @SuppressWarnings("unchecked")
        List<R> results() {
            synchronized (CheckLanes.this) {
                for (Throwable failure : failures) {
                    if (failure instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    if (failure instanceof Error error) {
                        throw error;
                    }
                    if (failure != null) {
                        throw new IllegalStateException(failure);
                    }
                }
                List<R> list = new ArrayList<>(results.length);
                Arrays.stream(results).forEach(result -> list.add((R) result));
                return list;
            }
        }
    }

    /**
     * The helpers' threads, shared by every account the JVM checks: created as tasks need them, up to
     * {@link #MAX_THREADS}, and kept for a while between invocations. Daemon threads, so that they never keep a JVM
     * (the local host, a test) alive.
     */
    private static final class SharedPool {
        static final ThreadPoolExecutor THREADS = createPool();

        private static ThreadPoolExecutor createPool() {
            AtomicInteger count = new AtomicInteger();
            return new ThreadPoolExecutor(0, MAX_THREADS, 5, TimeUnit.MINUTES, new SynchronousQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "check-lane-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }
    }
}
