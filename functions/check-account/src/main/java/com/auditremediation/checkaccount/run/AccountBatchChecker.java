package com.auditremediation.checkaccount.run;

import com.auditremediation.core.JsonLog;
import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.error.TransientFailureException;
import com.auditremediation.core.model.AccountBatch;
import com.auditremediation.core.model.AccountBatchResult;
import com.auditremediation.core.model.AccountItem;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CaughtError;
import com.auditremediation.core.model.CheckAccountInput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The distributed Map's batch: checks each account of an {@link AccountBatch} with {@link AccountChecker}, at most
 * {@code parallelAccounts} at once, and returns one result per account in the batch's order. One account's failure
 * never fails the batch: a transient fault is retried here (the state machine's per-account Retry does not reach
 * inside a batch), and whatever is left becomes that account's FAILED row with the error's name and message, the same
 * shape as a row from the inline Map's Catch, so BuildReport gives it the same error code.
 */
public final class AccountBatchChecker {

    /** Accounts checked at once within one batch; each runs its checks side by side in lanes of its own (AccountChecker). */
    public static final int DEFAULT_PARALLEL_ACCOUNTS = 4;
    /** Attempts per account for a transient fault, the first included, as the inline Map's Retry has. */
    static final int MAX_ATTEMPTS = 3;

    private final AccountChecker checker;
    private final int parallelAccounts;
    private final Duration retryDelay;

    public AccountBatchChecker(AccountChecker checker) {
        this(checker, DEFAULT_PARALLEL_ACCOUNTS, Duration.ofSeconds(2));
    }

    public AccountBatchChecker(AccountChecker checker, int parallelAccounts, Duration retryDelay) {
        if (parallelAccounts < 1) {
            throw new IllegalArgumentException("parallelAccounts must be 1 or more: " + parallelAccounts);
        }
        this.checker = checker;
        this.parallelAccounts = parallelAccounts;
        this.retryDelay = retryDelay;
    }

    public AccountBatchResult check(AccountBatch batch) {
        AccountBatch.BatchInput shared = batch.batchInput();
        if (shared == null) {
            throw new InvalidInputException("BatchInput",
                    "is missing; the Map's ItemSelector must pass {\"context\": ..., \"executionName\": ...} with the Items");
        }
        JsonLog.info("batch.start", "executionName", shared.executionName(), "accounts", batch.items().size(),
                "parallelAccounts", parallelAccounts);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelAccounts, batch.items().size())));
        try {
            List<Future<AccountResult>> running = new ArrayList<>();
            for (AccountItem account : batch.items()) {
                CheckAccountInput input = new CheckAccountInput(account, shared.context(), shared.executionName());
                running.add(pool.submit(() -> checkOne(input)));
            }
            List<AccountResult> results = new ArrayList<>();
            for (int i = 0; i < running.size(); i++) {
                results.add(await(running.get(i), batch.items().get(i)));
            }
            JsonLog.info("batch.end", "executionName", shared.executionName(), "accounts", results.size(),
                    "failed", results.stream().filter(r -> r.status() == AccountStatus.FAILED).count());
            return new AccountBatchResult(results);
        } finally {
            pool.shutdownNow();
        }
    }

    private AccountResult checkOne(CheckAccountInput input) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return checker.check(input);
            } catch (TransientFailureException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    return failed(input.account(), e);
                }
                Thread.sleep(retryDelay.toMillis() << (attempt - 1));
            } catch (RuntimeException e) {
                return failed(input.account(), e);
            }
        }
    }

    private static AccountResult await(Future<AccountResult> result, AccountItem account) {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(account, e);
        } catch (ExecutionException e) {
            return failed(account, e.getCause());
        }
    }

    /** The row that the inline Map's Catch would have made: the error's class name and message. */
    private static AccountResult failed(AccountItem account, Throwable e) {
        String id = account == null ? null : account.id();
        return AccountResult.caught(id, new CaughtError(e.getClass().getName(), e.getMessage()));
    }
}
