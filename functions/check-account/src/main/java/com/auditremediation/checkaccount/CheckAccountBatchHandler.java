package com.auditremediation.checkaccount;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.auditremediation.checkaccount.checks.CheckRegistry;
import com.auditremediation.checkaccount.run.AccountBatchChecker;
import com.auditremediation.checkaccount.run.AccountChecker;
import com.auditremediation.core.AwsClients;
import com.auditremediation.core.Env;
import com.auditremediation.core.Inputs;
import com.auditremediation.core.Json;
import com.auditremediation.core.model.AccountBatch;
import com.auditremediation.core.model.AccountBatchResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * State "Check batch" of the distributed Map: {@code {"Items": [account, ...], "BatchInput": {"context": ...,
 * "executionName": ...}}} in, {@code {"results": [AccountResult, ...]}} out, one result per account: each account's
 * row goes to the report bucket and the output holds its summary (see {@link AccountRowStore}), so a batch's output
 * stays small whatever the findings. Per-account failures are rows; only a bad input or the function itself failing
 * fails the batch.
 */
public final class CheckAccountBatchHandler implements RequestStreamHandler {

    /** Built once per Lambda environment, on first use, so that tests using the other constructor never build it. */
    private static final class Production {
        static final AccountBatchChecker CHECKER = new AccountBatchChecker(
                AccountChecker.fromEnv(Env.system(), AwsClients.credentialsProvider(Env.system())));
        static final AccountRowStore ROWS = new AccountRowStore(AwsClients.build(S3Client.builder()),
                AccountRowStore.bucket(Env.system()), CheckRegistry.create().catalog());
    }

    private final AccountBatchChecker checker;
    private final AccountRowStore rows;

    public CheckAccountBatchHandler() {
        this(Production.CHECKER, Production.ROWS);
    }

    /** Rows are returned whole (no report bucket). */
    public CheckAccountBatchHandler(AccountBatchChecker checker) {
        this(checker, AccountRowStore.inline());
    }

    /** {@code rows} writes each account's row to the report bucket; the batch's output holds their summaries. */
    public CheckAccountBatchHandler(AccountBatchChecker checker, AccountRowStore rows) {
        this.checker = checker;
        this.rows = rows;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        AccountBatch batch = Inputs.read(input, AccountBatch.class);
        AccountBatchResult checked = checker.check(batch);
        String executionName = batch.batchInput().executionName();
        output.write(Json.mapper().writeValueAsBytes(new AccountBatchResult(checked.results().stream()
                .map(row -> rows.store(row, executionName, false)).toList())));
    }
}
