package com.auditremediation.listaccounts;

import com.auditremediation.core.Json;
import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.core.model.AccountBatch;
import com.auditremediation.core.model.AccountItem;
import com.auditremediation.core.model.AccountListing;
import com.auditremediation.core.model.RunContext;
import com.auditremediation.core.model.SkippedAccount;
import com.auditremediation.core.error.ErrorCode;
import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.local.LocalClients;
import com.auditremediation.local.MotoExtension;
import com.fasterxml.jackson.core.type.TypeReference;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListingPublisherTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    static final String BUCKET = "listing-publisher-test";
    /** The size of an execution input such as {"Mode": "audit"}. */
    static final int INPUT_BYTES = 20;

    private static S3Client s3;

    @BeforeAll
    static void setUp() {
        s3 = LocalClients.build(S3Client.builder().forcePathStyle(true), MOTO.endpoint(), Region.US_EAST_1);
    }

    @AfterAll
    static void tearDown() {
        s3.close();
    }

    @BeforeEach
    void createBucket() {
        s3.createBucket(r -> r.bucket(BUCKET));
    }

    @Test
    void autoStaysInlineUpToTheThresholdAndGoesDistributedAboveIt() {
        ListingPublisher publisher = new ListingPublisher(s3, new DistributedSettings(MapMode.AUTO, BUCKET, 5, 2));

        AccountListing atThreshold = publisher.publish(listing(5, 0), "run-a", INPUT_BYTES);
        AccountListing aboveThreshold = publisher.publish(listing(6, 0), "run-b", INPUT_BYTES);

        assertThat(atThreshold.distributed()).isFalse();
        assertThat(atThreshold.accounts()).hasSize(5);
        assertThat(aboveThreshold.distributed()).isTrue();
        assertThat(aboveThreshold.accounts()).isEmpty();
        assertThat(aboveThreshold.accountCount()).isEqualTo(6);
        assertThat(aboveThreshold.itemsLocation().itemsKey()).isEqualTo("runs/run-b/items.json");
    }

    @Test
    void autoStaysInlineFor400AccountsWithEveryCheckWhateverTheirFindings() {
        ListingPublisher publisher = new ListingPublisher(s3, new DistributedSettings(MapMode.AUTO, BUCKET, 400, 25));

        AccountListing fourHundred = publisher.publish(listing(400, 0), "run-400", INPUT_BYTES);

        // The summaries' size does not depend on the findings: every check in one region stays inline up to the threshold.
        assertThat(fourHundred.distributed()).isFalse();
        assertThat(ListingPublisher.resultsPerAccount(fourHundred.context())).isEqualTo(CheckCatalog.shipped().ids().size());
    }

    @Test
    void autoGoesDistributedWhenTheStateAndEverySummaryAtItsLargestWouldNotFitTheInlineMapsOutput() {
        ListingPublisher publisher = new ListingPublisher(s3, new DistributedSettings(MapMode.AUTO, BUCKET, 400, 25));
        AccountListing listing = listing(300, 0);
        int results = ListingPublisher.resultsPerAccount(listing.context());
        long listingBytes = Json.write(listing).getBytes(StandardCharsets.UTF_8).length + 16L;
        int fillsTheBudget = (int) (DistributedSettings.INLINE_PAYLOAD_BUDGET - DistributedSettings.largestInlineOutput(300, listingBytes, results));

        AccountListing fits = publisher.publish(listing, "run-fits", fillsTheBudget);
        AccountListing oneByteMore = publisher.publish(listing, "run-one-more", fillsTheBudget + 1);

        assertThat(fits.distributed()).isFalse();
        assertThat(oneByteMore.distributed()).isTrue();
    }

    @Test
    void autoGoesDistributedAboveWhatTheInlineHistoryHoldsWhateverTheThreshold() {
        assertThat(DistributedSettings.MAX_INLINE_ACCOUNTS).isEqualTo(1_245);
        assertThatThrownBy(() -> new DistributedSettings(MapMode.AUTO, BUCKET, DistributedSettings.MAX_INLINE_ACCOUNTS + 1, 25))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("DISTRIBUTED_THRESHOLD").hasMessageContaining("25,000 events");
    }

    @Test
    void aRegionalCheckCountsOncePerRegion() {
        RunContext twoRegions = new RunContext("r", com.auditremediation.core.model.Mode.AUDIT,
                List.of("caller-identity", "ebs-default-encryption"), List.of("eu-west-1", "us-east-1"));

        assertThat(ListingPublisher.resultsPerAccount(twoRegions)).isEqualTo(3);
    }

    @Test
    void autoWithoutBucketAndInlineNeverWriteToS3() {
        AccountListing listing = listing(1_000, 3);

        AccountListing noBucket = new ListingPublisher(s3, new DistributedSettings(MapMode.AUTO, "", 5, 2)).publish(listing, "run-c", INPUT_BYTES);
        AccountListing inline = new ListingPublisher(s3, new DistributedSettings(MapMode.INLINE, BUCKET, 5, 2)).publish(listing, "run-d", INPUT_BYTES);

        assertThat(noBucket).isEqualTo(listing);
        assertThat(inline).isEqualTo(listing);
        assertThat(s3.listObjectsV2(r -> r.bucket(BUCKET)).contents()).isEmpty();
    }

    @Test
    void distributedWritesEveryAccountOnceInBatchesAndTheWholeListingWithItsSkippedRows() throws Exception {
        AccountListing listing = listing(7, 2);
        ListingPublisher publisher = new ListingPublisher(s3, new DistributedSettings(MapMode.DISTRIBUTED, BUCKET, 400, 3));

        AccountListing pointer = publisher.publish(listing, "run-e", INPUT_BYTES);

        List<AccountBatch> batches = Json.mapper().readValue(read(pointer.itemsLocation().itemsKey()), new TypeReference<>() { });
        assertThat(batches).extracting(b -> b.items().size()).containsExactly(3, 3, 1);
        assertThat(batches.stream().flatMap(b -> b.items().stream()).toList()).isEqualTo(listing.accounts());
        assertThat(Json.mapper().readValue(read(pointer.itemsLocation().listingKey()), AccountListing.class)).isEqualTo(listing);
        assertThat(pointer.skipped()).isEmpty();
        assertThat(pointer.skippedCount()).isEqualTo(2);
        assertThat(pointer.context()).isEqualTo(listing.context());
        assertThat(pointer.startedAt()).isEqualTo(listing.startedAt());
    }

    @Test
    void distributedWithoutBucketIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> new DistributedSettings(MapMode.DISTRIBUTED, " ", 400, 25))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("REPORT_BUCKET");
        assertThatThrownBy(() -> MapMode.parse("MAP_MODE", "sometimes"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("MAP_MODE").hasMessageContaining("auto, inline, distributed");
        assertThatThrownBy(() -> new DistributedSettings(MapMode.AUTO, BUCKET, 400, 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("BATCH_SIZE");
    }

    private static String read(String key) {
        return s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asUtf8String();
    }

    static AccountListing listing(int accounts, int skipped) {
        List<AccountItem> items = IntStream.range(0, accounts)
                .mapToObj(i -> new AccountItem(String.format("%012d", 100_000_000_000L + i), "member-" + i, "ou-ab12-cd34ef56"))
                .toList();
        List<SkippedAccount> skippedRows = IntStream.range(0, skipped)
                .mapToObj(i -> new SkippedAccount(String.format("%012d", 900_000_000_000L + i), "closed-" + i, "ou-ab12-cd34ef56",
                        ErrorCode.ACCOUNT_NOT_ACTIVE, "the account is SUSPENDED"))
                .toList();
        return new AccountListing(context(), 10, items, skippedRows, 1, "2026-01-01T00:00:00Z");
    }

    private static RunContext context() {
        ListAccountsSettings settings = Fixtures.settings();
        return new RunContext(settings.roleName(), settings.mode(), settings.checks(), settings.regions());
    }
}
