package com.auditremediation.checkaccount;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.auditremediation.checkaccount.checks.CheckRegistry;
import com.auditremediation.checkaccount.run.AccountChecker;
import com.auditremediation.checkaccount.snapstart.RestorableCredentialsProvider;
import com.auditremediation.checkaccount.snapstart.SnapStartPriming;
import com.auditremediation.core.AwsClients;
import com.auditremediation.core.Env;
import com.auditremediation.core.Inputs;
import com.auditremediation.core.Json;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.CheckAccountInput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * State "Check account": assumes the execution role in one account and runs the checks. Writes the account's row
 * to the report bucket and returns its bounded summary (see {@link AccountRowStore}); throws the core transient
 * exceptions (retried by the state machine) and {@code InvalidInputException}.
 * Invoked directly with the original walkthrough's {@code {"TargetAccountId": "..."}} it checks that account the same
 * way (see {@link DirectInvocation}).
 */
public final class CheckAccountHandler implements RequestStreamHandler {

    /**
     * Built once per Lambda environment, on first use, so that tests using the other constructor never build it.
     * The function's credentials sit behind a provider that SnapStart's restore hook renews. The hooks
     * (SnapStartPriming) are registered only where Lambda initialises for a SnapStart snapshot
     * ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}), the only initialisation in which its runtime calls them;
     * an on-demand cold start loads none of their classes.
     */
    private static final class Production {
        static final RestorableCredentialsProvider CREDENTIALS =
                new RestorableCredentialsProvider(() -> AwsClients.credentialsProvider(Env.system()));
        static final AccountChecker CHECKER = AccountChecker.fromEnv(Env.system(), CREDENTIALS);

        static {
            if ("snap-start".equals(Env.system().get("AWS_LAMBDA_INITIALIZATION_TYPE", ""))) {
                SnapStartPriming.register(new SnapStartPriming(DirectInvocation.fromEnv(Env.system(), AwsClients.region()), AwsClients.region(),
                        CREDENTIALS, http -> StsClient.builder().httpClient(http).region(AwsClients.region())
                                .credentialsProvider(CREDENTIALS).build()));
            }
        }
    }

    /**
     * The row store with its S3 client, built at the first Map item rather than at init: a direct invocation (the
     * walkthrough's event, the cold-start benchmark's) never needs it.
     */
    private static final class ProductionRows {
        static final AccountRowStore ROWS = new AccountRowStore(AwsClients.build(S3Client.builder(), Production.CREDENTIALS),
                AccountRowStore.bucket(Env.system()), CheckRegistry.create().catalog());
    }

    private final AccountChecker checker;
    private final DirectInvocation direct;
    private final Supplier<AccountRowStore> rows;

    public CheckAccountHandler() {
        this(Production.CHECKER, DirectInvocation.fromEnv(Env.system(), Production.CHECKER.region()), () -> ProductionRows.ROWS);
    }

    /** The direct invocation's defaults come from the environment (EXECUTION_ROLE_NAME) and the checker's region. */
    public CheckAccountHandler(AccountChecker checker) {
        this(checker, DirectInvocation.fromEnv(Env.system(), checker.region()));
    }

    /** Rows are returned whole (no report bucket). */
    public CheckAccountHandler(AccountChecker checker, DirectInvocation direct) {
        this(checker, direct, AccountRowStore.inline());
    }

    /** {@code rows} writes each Map item's row to the report bucket and returns its summary; a direct invocation gets the row. */
    public CheckAccountHandler(AccountChecker checker, DirectInvocation direct, AccountRowStore rows) {
        this(checker, direct, () -> rows);
    }

    private CheckAccountHandler(AccountChecker checker, DirectInvocation direct, Supplier<AccountRowStore> rows) {
        this.checker = checker;
        this.direct = direct;
        this.rows = rows;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        if (DirectInvocation.accepts(event)) {
            output.write(Json.mapper().writeValueAsBytes(checker.check(direct.toCheckAccountInput(event,
                    context == null ? null : context.getAwsRequestId()))));
            return;
        }
        CheckAccountInput request = Inputs.read(new ByteArrayInputStream(event), CheckAccountInput.class);
        AccountResult row = checker.check(request);
        output.write(Json.mapper().writeValueAsBytes(rows.get().store(row, request.executionName(), request.approved() != null)));
    }
}
