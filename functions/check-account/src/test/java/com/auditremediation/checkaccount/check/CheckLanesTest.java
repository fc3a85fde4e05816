package com.auditremediation.checkaccount.check;

import com.auditremediation.checkaccount.testing.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class CheckLanesTest {

    /** Counts the tasks inside {@link #work}, and the most at once. */
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();

    @Test
    void resultsKeepTheOrderOfTheItemsWhateverTheOrderTheyFinishIn() {
        CheckLanes lanes = CheckLanes.of(3);

        List<Integer> results = lanes.each(List.of(0, 1, 2, 3, 4, 5, 6), item -> {
            Waits.sleep(70 - 10 * item);
            return item * 10;
        });

        assertThat(results).containsExactly(0, 10, 20, 30, 40, 50, 60);
    }

    @Test
    void atMostAsManyTasksRunAtOnceAsThereAreLanesCountingTheTasksOfNestedLists() {
        CheckLanes lanes = CheckLanes.of(4);

        List<List<String>> results = lanes.each(List.of("a", "b", "c", "d", "e", "f"), check -> {
            work(20);
            return lanes.each(List.of(1, 2, 3), region -> {
                work(30);
                return check + region;
            });
        });

        assertThat(results).containsExactly(List.of("a1", "a2", "a3"), List.of("b1", "b2", "b3"), List.of("c1", "c2", "c3"),
                List.of("d1", "d2", "d3"), List.of("e1", "e2", "e3"), List.of("f1", "f2", "f3"));
        assertThat(mostAtOnce.get()).isEqualTo(4);
    }

    @Test
    void oneLaneRunsEveryTaskInTurnOnTheCallingThread() {
        Executor noHelpers = command -> {
            throw new AssertionError("one lane needs no helper");
        };
        CheckLanes lanes = CheckLanes.of(1, noHelpers);
        Thread caller = Thread.currentThread();

        List<List<Integer>> results = lanes.each(List.of(1, 2, 3), check -> lanes.each(List.of(10, 20), region -> {
            assertThat(Thread.currentThread()).isSameAs(caller);
            return work(1) + check + region;
        }));

        assertThat(results).containsExactly(List.of(11, 21), List.of(12, 22), List.of(13, 23));
        assertThat(mostAtOnce.get()).isEqualTo(1);
    }

    @Test
    void aPoolThatRefusesEveryThreadStillGetsEveryTaskDoneByTheThreadsThatAsk() {
        AtomicInteger refused = new AtomicInteger();
        CheckLanes lanes = CheckLanes.of(4, command -> {
            refused.incrementAndGet();
            throw new RejectedExecutionException("full");
        });

        List<List<Integer>> results = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> lanes.each(List.of(1, 2, 3), check -> lanes.each(List.of(10, 20), region -> check + region)));

        assertThat(results).containsExactly(List.of(11, 21), List.of(12, 22), List.of(13, 23));
        assertThat(refused.get()).isPositive();
    }

    @Test
    void aFailingTaskLetsTheOthersFinishThenTheFirstFailureInItemOrderIsThrown() {
        CheckLanes lanes = CheckLanes.of(3);
        AtomicInteger finished = new AtomicInteger();

        assertThatThrownBy(() -> lanes.each(List.of(0, 1, 2, 3, 4, 5), item -> {
            Waits.sleep(item == 4 ? 0 : 40);
            if (item == 2 || item == 4) {
                throw new IllegalStateException("boom " + item);
            }
            return finished.incrementAndGet();
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom 2");

        assertThat(finished.get()).isEqualTo(4);
    }

    @Test
    void untilFailureStartsNoTaskAfterAFailureAndLetsTheRunningOnesFinishBeforeItThrows() {
        CheckLanes lanes = CheckLanes.of(2);
        CountDownLatch secondStarted = new CountDownLatch(1);
        AtomicBoolean secondFinished = new AtomicBoolean();
        Set<Integer> laterStarted = ConcurrentHashMap.newKeySet();

        assertThatThrownBy(() -> lanes.eachUntilFailure(List.of(0, 1, 2, 3), item -> {
            if (item == 0) {
                Waits.await(secondStarted);
                throw new IllegalStateException("throttled");
            }
            if (item == 1) {
                secondStarted.countDown();
                Waits.sleep(200);
                secondFinished.set(true);
                return item;
            }
            laterStarted.add(item);
            return item;
        })).isInstanceOf(IllegalStateException.class).hasMessage("throttled")
                .satisfies(thrown -> assertThat(secondFinished).as("the running task finished before the throw").isTrue());

        assertThat(laterStarted).isEmpty();
    }

    @Test
    void anErrorInAHelperThreadReachesTheThreadThatAsked() {
        CheckLanes lanes = CheckLanes.of(2);
        Thread caller = Thread.currentThread();
        CountDownLatch bothStarted = new CountDownLatch(2);

        assertThatThrownBy(() -> lanes.each(List.of(1, 2), item -> {
            bothStarted.countDown();
            Waits.await(bothStarted);
            if (Thread.currentThread() != caller) {
                throw new AssertionError("failed in a helper");
            }
            return item;
        })).isInstanceOf(AssertionError.class).hasMessage("failed in a helper");
    }

    @Test
    void helpersComeFromOneSharedPoolAndAreUsedAgainByTheNextAccount() {
        Set<String> threads = ConcurrentHashMap.newKeySet();

        for (int account = 0; account < 20; account++) {
            CheckLanes.of(4).each(List.of(1, 2, 3, 4), item -> {
                threads.add(Thread.currentThread().getName());
                return work(5);
            });
        }

        threads.remove(Thread.currentThread().getName());
        assertThat(threads).allSatisfy(name -> assertThat(name).startsWith("check-lane-"));
        // 20 accounts with 3 helpers each: a thread per request would make 60.
        assertThat(threads.size()).isLessThanOrEqualTo(12);
    }

    /** Random nests of lists and durations: no deadlock, the bound holds, every result where it belongs. */
    @Test
    void randomNestsOfListsNeitherDeadlockNorExceedTheLanes() {
        Random random = new Random(21);
        for (int round = 0; round < 30; round++) {
            int laneCount = 1 + random.nextInt(5);
            CheckLanes lanes = CheckLanes.of(laneCount);
            List<Integer> outer = IntStream.range(0, 2 + random.nextInt(10)).boxed().toList();
            List<Integer> inner = IntStream.range(0, 1 + random.nextInt(4)).boxed().toList();
            long seed = random.nextLong();
            running.set(0);
            mostAtOnce.set(0);

            List<List<Integer>> results = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> lanes.each(outer, check -> {
                Random durations = new Random(seed + check);
                work(durations.nextInt(15));
                List<Integer> regions = lanes.each(inner, region -> work(durations.nextInt(15)) + check * 100 + region);
                work(durations.nextInt(5));
                return regions;
            }));

            List<List<Integer>> expected = new ArrayList<>();
            outer.forEach(check -> expected.add(inner.stream().map(region -> check * 100 + region).toList()));
            assertThat(results).as("round %d", round).isEqualTo(expected);
            assertThat(mostAtOnce.get()).as("round %d with %d lanes", round, laneCount).isLessThanOrEqualTo(laneCount);
        }
    }

    /** Work of {@code millis}, counted in {@link #running} and {@link #mostAtOnce}; returns 0. */
    private int work(long millis) {
        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
        Waits.sleep(millis);
        running.decrementAndGet();
        return 0;
    }
}
