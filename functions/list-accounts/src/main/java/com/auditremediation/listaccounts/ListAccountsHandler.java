package com.auditremediation.listaccounts;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.auditremediation.core.AwsClients;
import com.auditremediation.core.Env;
import com.auditremediation.core.Inputs;
import com.auditremediation.core.Json;
import com.auditremediation.core.model.ExecutionInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import software.amazon.awssdk.services.organizations.OrganizationsClient;

/**
 * State "List accounts": resolves the execution input against the template's defaults and lists the accounts in
 * scope. Returns an {@code AccountListing}; throws {@code InvalidInputException}, {@link OrganizationsAccessDeniedException}
 * and the core transient exceptions (retried by the state machine).
 */
public final class ListAccountsHandler implements RequestStreamHandler {

    /** Built once per Lambda environment, on first use, so that tests using the other constructor never build it. */
    private static final class Production {
        static final AccountLister LISTER = new AccountLister(AwsClients.build(AccountLister.configure(OrganizationsClient.builder())));
    }

    private final AccountLister lister;
    private final ListAccountsSettings settings;

    /** Lambda's constructor; a bad environment variable fails the function's initialisation, naming the variable. */
    public ListAccountsHandler() {
        this(Production.LISTER, ListAccountsSettings.fromEnv(Env.system(), AwsClients.region().id()));
    }

    public ListAccountsHandler(AccountLister lister, ListAccountsSettings settings) {
        this.lister = lister;
        this.settings = settings;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ExecutionInput executionInput = Inputs.read(input, ExecutionInput.class);
        ListAccountsRequest request = ListAccountsRequest.resolve(executionInput, settings);
        output.write(Json.mapper().writeValueAsBytes(lister.list(request)));
    }
}
