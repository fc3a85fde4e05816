package com.auditremediation.listaccounts;

import com.auditremediation.core.AwsFaults;
import com.auditremediation.core.Json;
import com.auditremediation.core.JsonLog;
import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.model.AccountBatch;
import com.auditremediation.core.model.AccountItem;
import com.auditremediation.core.model.AccountListing;
import com.auditremediation.core.model.ItemsLocation;
import com.auditremediation.core.model.RunContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The distributed Map path: writes a listing to the report bucket and returns the small listing that flows between
 * states instead. Two objects under {@code runs/<run id>/}: {@code items.json}, a JSON array of {@link AccountBatch}
 * (without their BatchInput, which the Map adds) for the Map's {@code ItemReader}, and {@code listing.json}, the
 * whole listing with its skipped rows (which can be many) for BuildReport.
 */
public final class ListingPublisher {

    static final String PREFIX = "runs/";

    private final S3Client s3;
    private final DistributedSettings settings;

    public ListingPublisher(S3Client s3, DistributedSettings settings) {
        this.s3 = s3;
        this.settings = settings;
    }

    public DistributedSettings settings() {
        return settings;
    }

    /**
     * The listing as the next state gets it: unchanged when it goes inline, else written to S3 and pointed at.
     * {@code inputBytes}: the execution input's size, which every state carries beside the listing.
     */
    public AccountListing publish(AccountListing listing, String runId, int inputBytes) {
        long stateBytes = inputBytes + Json.write(listing).getBytes(StandardCharsets.UTF_8).length + 16L;
        if (!settings.distributedFor(listing.accounts().size(), stateBytes, resultsPerAccount(listing.context()))) {
            return listing;
        }
        String directory = PREFIX + runId + "/";
        ItemsLocation location = new ItemsLocation(settings.bucket(), directory + "items.json", directory + "listing.json");
        List<AccountBatch> batches = batches(listing.accounts(), settings.batchSize());
        put(location.listingKey(), Json.write(listing));
        put(location.itemsKey(), Json.write(batches));
        JsonLog.info("list-accounts.published",
                "bucket", location.bucket(),
                "itemsKey", location.itemsKey(),
                "listingKey", location.listingKey(),
                "accounts", listing.accounts().size(),
                "batches", batches.size(),
                "batchSize", settings.batchSize());
        return listing.pointingAt(location);
    }

    /** How many check results one account's row carries in this run: one per check, once per region for a regional one. */
    static int resultsPerAccount(RunContext context) {
        int regions = Math.max(1, context.regions().size());
        int results = 0;
        for (String checkId : context.checks()) {
            results += CheckCatalog.shipped().find(checkId).map(CheckDescriptor::regional).orElse(false) ? regions : 1;
        }
        return results;
    }

    static List<AccountBatch> batches(List<AccountItem> accounts, int batchSize) {
        List<AccountBatch> batches = new ArrayList<>();
        for (int from = 0; from < accounts.size(); from += batchSize) {
            batches.add(new AccountBatch(accounts.subList(from, Math.min(accounts.size(), from + batchSize)), null));
        }
        return batches;
    }

    private void put(String key, String json) {
        try {
            s3.putObject(r -> r.bucket(settings.bucket()).key(key).contentType("application/json"), RequestBody.fromString(json));
        } catch (SdkException e) {
            AwsFaults.rethrowIfTransient(e, "s3:PutObject " + key);
            throw e;
        }
    }
}
