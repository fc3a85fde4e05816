package com.auditremediation.listaccounts;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.auditremediation.core.AwsClients;
import com.auditremediation.core.Env;
import com.auditremediation.core.Inputs;
import com.auditremediation.core.Json;
import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.model.AccountListing;
import com.auditremediation.core.model.ExecutionInput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.UUID;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * State "List accounts": resolves the execution input against the template's defaults and lists the accounts in
 * scope. Returns an {@code AccountListing}; throws {@code InvalidInputException}, {@link OrganizationsAccessDeniedException}
 * and the core transient exceptions (retried by the state machine). On the distributed Map path (see
 * {@link DistributedSettings}) the listing goes to S3 and the output points at it.
 */
public final class ListAccountsHandler implements RequestStreamHandler {

    /** Built once per Lambda environment, on first use, so that tests using the other constructor never build it. */
    private static final class Production {
        static final AccountLister LISTER = new AccountLister(AwsClients.build(AccountLister.configure(OrganizationsClient.builder())));
        static final ListingPublisher PUBLISHER = new ListingPublisher(AwsClients.build(S3Client.builder()),
                DistributedSettings.fromEnv(Env.system()));
    }

    private final AccountLister lister;
    private final ListAccountsSettings settings;
    private final ListingPublisher publisher;
    private final ApprovalSettings approval;

    /** Lambda's constructor; a bad environment variable fails the function's initialisation, naming the variable. */
    public ListAccountsHandler() {
        this(Production.LISTER, ListAccountsSettings.fromEnv(Env.system(), AwsClients.region().id()), Production.PUBLISHER,
                ApprovalSettings.fromEnv(Env.system()));
    }

    /** Inline Map only: no bucket. */
    public ListAccountsHandler(AccountLister lister, ListAccountsSettings settings) {
        this(lister, settings, new ListingPublisher(null, DistributedSettings.inline()));
    }

    public ListAccountsHandler(AccountLister lister, ListAccountsSettings settings, ListingPublisher publisher) {
        this(lister, settings, publisher, ApprovalSettings.defaults());
    }

    public ListAccountsHandler(AccountLister lister, ListAccountsSettings settings, ListingPublisher publisher, ApprovalSettings approval) {
        this.lister = lister;
        this.settings = settings;
        this.publisher = publisher;
        this.approval = approval;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        ExecutionInput executionInput = Inputs.read(new ByteArrayInputStream(event), ExecutionInput.class);
        ListAccountsRequest request = ListAccountsRequest.resolve(executionInput, settings);
        // Each invocation writes under its own id: a retried attempt never mixes its objects with an earlier one's.
        String runId = context != null && context.getAwsRequestId() != null ? context.getAwsRequestId() : UUID.randomUUID().toString();
        AccountListing listing = lister.list(request);
        if (request.context().approvalRequired()) {
            listing = listing.withApprovalTimeoutSeconds(approval.timeoutSeconds());
        }
        AccountListing published = publisher.publish(listing, runId, event.length);
        if (published.distributed() && request.context().approvalRequired()) {
            // The plan and the approved fixes run on the inline Map; a sweep this large would plan nothing, silently.
            throw new InvalidInputException("Approval", "\"required\" works with the inline Map, and this sweep of "
                    + listing.accounts().size() + " accounts takes the distributed one; narrow it (AccountIds,"
                    + " OrganizationalUnitIds) or deploy with MapMode inline");
        }
        output.write(Json.mapper().writeValueAsBytes(published));
    }
}
