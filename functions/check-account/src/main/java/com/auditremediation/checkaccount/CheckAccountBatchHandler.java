package com.auditremediation.checkaccount;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.auditremediation.checkaccount.run.AccountBatchChecker;
import com.auditremediation.checkaccount.run.AccountChecker;
import com.auditremediation.core.AwsClients;
import com.auditremediation.core.Env;
import com.auditremediation.core.Inputs;
import com.auditremediation.core.Json;
import com.auditremediation.core.model.AccountBatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * State "Check batch" of the distributed Map: {@code {"Items": [account, ...], "BatchInput": {"context": ...,
 * "executionName": ...}}} in, {@code {"results": [AccountResult, ...]}} out, one result per account. Per-account
 * failures are rows; only a bad input or the function itself failing fails the batch.
 */
public final class CheckAccountBatchHandler implements RequestStreamHandler {

    /** Built once per Lambda environment, on first use, so that tests using the other constructor never build it. */
    private static final class Production {
        static final AccountBatchChecker CHECKER = new AccountBatchChecker(
                AccountChecker.fromEnv(Env.system(), AwsClients.credentialsProvider(Env.system())));
    }

    private final AccountBatchChecker checker;

    public CheckAccountBatchHandler() {
        this(Production.CHECKER);
    }

    public CheckAccountBatchHandler(AccountBatchChecker checker) {
        this.checker = checker;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        AccountBatch batch = Inputs.read(input, AccountBatch.class);
        output.write(Json.mapper().writeValueAsBytes(checker.check(batch)));
    }
}
