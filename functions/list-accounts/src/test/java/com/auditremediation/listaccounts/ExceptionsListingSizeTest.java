package com.auditremediation.listaccounts;

import com.auditremediation.core.Json;
import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.exceptions.ValidatedEntry;
import com.auditremediation.core.model.AccountItem;
import com.auditremediation.core.model.AccountListing;
import com.auditremediation.core.model.Mode;
import com.auditremediation.core.model.RunContext;
import com.auditremediation.local.LocalClients;
import com.auditremediation.local.MotoExtension;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What an exceptions file adds to the state: measured on an organisation of 400 accounts in 40 OUs (the inline Map's
 * default threshold) with 300 entries and "*" entries; bounded by the rules' budget, and counted by MapMode auto.
 */
class ExceptionsListingSizeTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final LocalDate TODAY = LocalDate.parse("2026-12-07");
    private static final int ACCOUNTS = 400;
    private static final int UNITS = 40;
    private static final RunContext CONTEXT = new RunContext(ListAccountsSettings.DEFAULT_ROLE_NAME, Mode.AUDIT, CheckCatalog.shipped().ids(),
            List.of("eu-west-1", "us-east-1"));

    @Test
    void hundredsOfEntriesAndStarEntriesAddTheirTextOnceAndAFewBytesPerAccountNamed() {
        AccountLister.Listed listed = organisation();
        List<ValidatedEntry> entries = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // Every account named by one entry of its own (300) and one of its OU's, reasons of 120 characters.
            Set<String> accounts = i < 260 ? Set.of(accountId(i)) : Set.of();
            Set<String> units = i >= 260 ? Set.of(unitId(i - 260)) : Set.of();
            entries.add(entry(i, false, accounts, units, List.of(CheckCatalog.shipped().ids().get(1 + i % 5)), 120));
        }
        entries.add(entry(300, true, Set.of(), Set.of(), List.of("guardduty-enabled"), 120));
        entries.add(entry(301, true, Set.of(), Set.of(), List.of("config-recorder"), 120));
        int plainBytes = Json.write(listed.listing()).getBytes(StandardCharsets.UTF_8).length;

        AccountListing listing = ExceptionsResolver.apply(listed, new ExceptionsSource.Loaded(entries, "s3://b/config/exceptions.yaml", "v1"),
                TODAY);

        int rulesBytes = Json.write(listing.context().exceptions()).getBytes(StandardCharsets.UTF_8).length;
        int listingBytes = Json.write(listing).getBytes(StandardCharsets.UTF_8).length;
        assertThat(listing.context().exceptions()).hasSize(302);
        assertThat(rulesBytes).isLessThanOrEqualTo(ExceptionsResolver.MAX_RULES_BYTES);
        assertThat(listing.accounts()).extracting(AccountItem::exceptions).allSatisfy(positions -> assertThat(positions).hasSizeBetween(1, 2));
        // The text once, then a position or two per account: "*" entries cost no account anything.
        int perAccount = (listingBytes - plainBytes - rulesBytes) / ACCOUNTS;
        assertThat(perAccount).as("bytes added per account besides the rules").isLessThan(40);
        // Every Map iteration gets the rules with the context beside its account: far below a state's 256 KiB.
        assertThat(rulesBytes + 1024).isLessThan(DistributedSettings.STATE_PAYLOAD_LIMIT / 3);
    }

    @Test
    void rulesAboveTheirBudgetAreRefusedWithTheFix() {
        List<ValidatedEntry> entries = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            entries.add(entry(i, true, Set.of(), Set.of(), List.of("guardduty-enabled"), 300));
        }

        assertThatThrownBy(() -> ExceptionsResolver.apply(organisation(), new ExceptionsSource.Loaded(entries, "s3://b/config/x.yaml", null),
                TODAY)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("INVALID_INPUT: field 'exceptions': in s3://b/config/x.yaml: the 300 entries that apply to this"
                        + " sweep take ")
                .hasMessageEndingWith("bytes as JSON, more than the 98304 that the state machine carries to every account; shorten their"
                        + " reasons (a ticket holds the rest) or merge entries that share their reason and owner");
    }

    @Test
    void autoTakesTheDistributedMapWhereTheExceptionsWouldNotLeaveTheInlineMapRoomEnough() {
        try (S3Client s3 = LocalClients.build(S3Client.builder().forcePathStyle(true), MOTO.endpoint(), Region.US_EAST_1)) {
            s3.createBucket(r -> r.bucket("size-test"));
            ListingPublisher publisher = new ListingPublisher(s3, new DistributedSettings(MapMode.AUTO, "size-test", ACCOUNTS, 25));
            List<ValidatedEntry> entries = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                entries.add(entry(i, i % 2 == 0, i % 2 == 0 ? Set.of() : Set.of(accountId(i)), Set.of(), List.of("guardduty-enabled"), 280));
            }
            AccountLister.Listed listed = organisation();
            AccountListing with = ExceptionsResolver.apply(listed, new ExceptionsSource.Loaded(entries, "s3://b/config/x.yaml", null), TODAY);

            assertThat(publisher.publish(listed.listing(), "without", 20).distributed()).as("400 accounts without exceptions").isFalse();
            assertThat(publisher.publish(with, "with", 20).distributed()).as("the same with 200 entries of long reasons").isTrue();
        }
    }

    /** 400 accounts spread over 40 OUs under one parent OU under the root. */
    private static AccountLister.Listed organisation() {
        List<AccountItem> accounts = new ArrayList<>();
        Map<String, List<String>> ancestry = new HashMap<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            String unit = unitId(i % UNITS);
            accounts.add(new AccountItem(accountId(i), String.format("workload-%04d", i), unit));
            ancestry.put(unit, List.of(unit, "ou-ab12-workloads", "r-ab12"));
        }
        AccountListing listing = new AccountListing(CONTEXT, 10, accounts, List.of(), 0, "2026-12-07T06:00:00Z");
        return new AccountLister.Listed(listing, ancestry);
    }

    private static ValidatedEntry entry(int index, boolean all, Set<String> accounts, Set<String> units, List<String> checks, int reasonLength) {
        return new ValidatedEntry(index, all, accounts, units, checks, null, ("r" + index + " ").repeat(reasonLength).substring(0, reasonLength),
                "team-" + index + "@example.com", TODAY.plusDays(30 + index % 300), "SEC-" + index);
    }

    private static String accountId(int i) {
        return String.format("%012d", 100_000_000_000L + i);
    }

    private static String unitId(int i) {
        return String.format("ou-ab12-unit%04d", i);
    }
}
