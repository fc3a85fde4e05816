package com.auditremediation.listaccounts;

import com.auditremediation.core.Json;
import com.auditremediation.core.model.AccountBatch;
import com.auditremediation.core.model.AccountItem;
import com.auditremediation.core.model.AccountListing;
import com.auditremediation.local.LocalClients;
import com.auditremediation.local.MotoExtension;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.s3.S3Client;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ListAccounts over the 10,000-account organisation of the README in moto (500 pages of ListAccounts and as many of
 * ListAccountsForParent), then the distributed path's objects in S3. moto finds a request's account by searching every
 * account's IAM for its access key, so without the account named in each request (LocalClients#buildForDefaultAccount)
 * each call cost time proportional to the accounts created so far: about 6.5 minutes on two quiet cores, most of it
 * creating the accounts. Named, it takes about 1.5 minutes: about 60 s to create the accounts (8 callers at once) and
 * 35 s to list them (moto still describes every account for every page of ListAccounts). {@code -Dscale.accounts=1000}
 * runs it at 1,000 accounts in a few seconds while working on the listing.
 */
class ListAccountsAtScaleTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    static final int ACCOUNTS = Integer.getInteger("scale.accounts", 10_000);
    static final String BUCKET = "scale-test-reports";
    /** A state's input or output is at most 256 KiB. */
    static final int STATE_PAYLOAD_LIMIT = 262_144;

    @Test
    void aLargeOrganisationIsListedIntoS3AndTheStateOutputStaysSmall() throws Exception {
        // Each request names its account to moto: without that moto searches every account's IAM for the caller's
        // key on every request (see LocalClients.buildForDefaultAccount), which made seeding O(n^2).
        try (OrganizationsClient organizations = LocalClients.buildForDefaultAccount(AccountLister.configure(OrganizationsClient.builder()),
                MOTO.endpoint(), Region.US_EAST_1);
             S3Client s3 = LocalClients.buildForDefaultAccount(S3Client.builder().forcePathStyle(true), MOTO.endpoint(), Region.US_EAST_1)) {
            long seedStart = System.nanoTime();
            Set<String> created = createAccounts(organizations, ACCOUNTS);
            long seedMs = (System.nanoTime() - seedStart) / 1_000_000;
            s3.createBucket(r -> r.bucket(BUCKET));
            ListAccountsHandler handler = new ListAccountsHandler(new AccountLister(organizations), Fixtures.settings(),
                    new ListingPublisher(s3, new DistributedSettings(MapMode.AUTO, BUCKET, DistributedSettings.DEFAULT_THRESHOLD,
                            DistributedSettings.DEFAULT_BATCH_SIZE)));

            long listStart = System.nanoTime();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), output, null);
            long listMs = (System.nanoTime() - listStart) / 1_000_000;

            AccountListing pointer = Json.mapper().readValue(output.toByteArray(), AccountListing.class);
            assertThat(pointer.distributed()).isTrue();
            assertThat(pointer.accountCount()).isEqualTo(ACCOUNTS);
            assertThat(output.size()).isLessThan(2_048);
            byte[] items = s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(pointer.itemsLocation().itemsKey())).asByteArray();
            List<AccountBatch> batches = Json.mapper().readValue(items, new TypeReference<>() { });
            assertThat(batches).hasSize(ACCOUNTS / DistributedSettings.DEFAULT_BATCH_SIZE);
            List<String> listedIds = batches.stream().flatMap(b -> b.items().stream()).map(AccountItem::id).toList();
            assertThat(listedIds).hasSize(ACCOUNTS).doesNotHaveDuplicates();
            assertThat(Set.copyOf(listedIds)).isEqualTo(created);
            int largestBatch = batches.stream().mapToInt(b -> Json.write(b).length()).max().orElseThrow();
            // Each child execution's input is one batch plus the run context: far below a state's 256 KiB.
            assertThat(largestBatch).isLessThan(STATE_PAYLOAD_LIMIT / 50);
            AccountListing full = Json.mapper().readValue(
                    s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(pointer.itemsLocation().listingKey())).asByteArray(), AccountListing.class);
            assertThat(full.accounts()).hasSize(ACCOUNTS);
            assertThat(full.skipped()).extracting(s -> s.errorCode().name()).containsExactly("MANAGEMENT_ACCOUNT");
            System.out.printf("ListAccountsAtScaleTest: seeded %d accounts in %d ms; listed them (distributed, %d batches, items.json %d bytes,"
                    + " output %d bytes) in %d ms%n", ACCOUNTS, seedMs, batches.size(), items.length, output.size(), listMs);
        }
    }

    /** Creates {@code count} accounts at the root, 8 callers at once; returns their ids. */
    static Set<String> createAccounts(OrganizationsClient organizations, int count) throws Exception {
        organizations.createOrganization(r -> r.featureSet("ALL"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String name = String.format("member-%05d", i);
                ids.add(pool.submit(() -> organizations.createAccount(r -> r.accountName(name).email(name + "@example.com"))
                        .createAccountStatus().accountId()));
            }
            Set<String> created = new HashSet<>();
            for (Future<String> id : ids) {
                created.add(id.get());
            }
            return created;
        } finally {
            pool.shutdownNow();
        }
    }
}
