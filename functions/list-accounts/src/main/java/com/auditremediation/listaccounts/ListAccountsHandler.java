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
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * State "List accounts": resolves the execution input against the template's defaults and lists the accounts in
 * scope, with the exceptions file applied (see {@link ExceptionsSource}, {@link ExceptionsResolver}). Returns an
 * {@code AccountListing}; throws {@code InvalidInputException}, {@link OrganizationsAccessDeniedException},
 * {@link ExceptionsNotReadableException} and the core transient exceptions (retried by the state machine). On the
 * distributed Map path (see {@link DistributedSettings}) the listing goes to S3 and the output points at it.
 */
public final class ListAccountsHandler implements RequestStreamHandler {

    /** Built once per Lambda environment, on first use, so that tests using the other constructor never build it. */
    private static final class Production {
        static final AccountLister LISTER = new AccountLister(AwsClients.build(AccountLister.configure(OrganizationsClient.builder())));
        static final S3Client S3 = AwsClients.build(S3Client.builder());
        static final ListingPublisher PUBLISHER = new ListingPublisher(S3, DistributedSettings.fromEnv(Env.system()));
    }

    private final AccountLister lister;
    private final ListAccountsSettings settings;
    private final ListingPublisher publisher;
    private final ApprovalSettings approval;
    private final ExceptionsSource exceptions;
    private final Clock clock;

    /** Lambda's constructor; a bad environment variable fails the function's initialisation, naming the variable. */
    public ListAccountsHandler() {
        this(ListAccountsSettings.fromEnv(Env.system(), AwsClients.region().id()));
    }

    private ListAccountsHandler(ListAccountsSettings settings) {
        this(Production.LISTER, settings, Production.PUBLISHER, ApprovalSettings.fromEnv(Env.system()),
                ExceptionsSource.fromEnv(Env.system(), Production.S3, settings.partition()), Clock.systemUTC());
    }

    /** Inline Map only: no bucket. */
    public ListAccountsHandler(AccountLister lister, ListAccountsSettings settings) {
        this(lister, settings, new ListingPublisher(null, DistributedSettings.inline()));
    }

    public ListAccountsHandler(AccountLister lister, ListAccountsSettings settings, ListingPublisher publisher) {
        this(lister, settings, publisher, ApprovalSettings.defaults());
    }

    /** No exceptions file (no report bucket to hold one). */
    public ListAccountsHandler(AccountLister lister, ListAccountsSettings settings, ListingPublisher publisher, ApprovalSettings approval) {
        this(lister, settings, publisher, approval, ExceptionsSource.none(settings.partition()), Clock.systemUTC());
    }

    /** {@code clock} decides which exceptions have expired (by its UTC date). */
    public ListAccountsHandler(AccountLister lister, ListAccountsSettings settings, ListingPublisher publisher, ApprovalSettings approval,
                               ExceptionsSource exceptions, Clock clock) {
        this.lister = lister;
        this.settings = settings;
        this.publisher = publisher;
        this.approval = approval;
        this.exceptions = exceptions;
        this.clock = clock;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        ExecutionInput executionInput = Inputs.read(new ByteArrayInputStream(event), ExecutionInput.class);
        ListAccountsRequest request = ListAccountsRequest.resolve(executionInput, settings);
        // Read and validated before any account is listed, let alone touched; applied once, here, for the whole sweep.
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        ExceptionsSource.Loaded exceptionsFile = exceptions.load(request.exceptionsKey(), today);
        // Each invocation writes under its own id: a retried attempt never mixes its objects with an earlier one's.
        String runId = context != null && context.getAwsRequestId() != null ? context.getAwsRequestId() : UUID.randomUUID().toString();
        AccountListing listing = ExceptionsResolver.apply(lister.listWithAncestry(request), exceptionsFile, today);
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
