package com.auditremediation.listaccounts;

import com.auditremediation.core.Json;
import com.auditremediation.core.error.ErrorCode;
import com.auditremediation.core.model.AccountItem;
import com.auditremediation.core.model.AccountListing;
import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.core.model.Mode;
import com.auditremediation.core.model.RunContext;
import com.auditremediation.core.model.SkippedAccount;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listing is a state output, capped at 256 KiB. Built directly: seeding 1,000 accounts in moto takes about 22 s
 * here, and listing them (measured once: 1.7 s, 72 KB with 13-character names) adds nothing that the shape of the
 * JSON does not already tell.
 */
class AccountListingSizeTest {

    /** Half of a state's 256 KiB: room for the rest of the state's input and for growth. */
    private static final int BUDGET = 128 * 1024;

    @Test
    void anOrganizationOfAThousandAccountsFitsWellUnderAStatesPayloadLimit() {
        AccountListing listing = listing(1_000, "workload-%04d-payments-platform-prod");

        int size = Json.write(listing).getBytes(StandardCharsets.UTF_8).length;
        System.out.printf("AccountListing of 1,000 accounts (36-character names): %,d bytes (%.1f KiB)%n", size, size / 1024.0);

        assertThat(size).isLessThan(BUDGET);
    }

    @Test
    void evenAccountNamesOfTheMaximumLengthFit() {
        AccountListing listing = listing(1_000, "workload-%04d-" + "x".repeat(36));

        int size = Json.write(listing).getBytes(StandardCharsets.UTF_8).length;
        System.out.printf("AccountListing of 1,000 accounts (50-character names, the maximum): %,d bytes (%.1f KiB)%n", size, size / 1024.0);

        assertThat(size).isLessThan(BUDGET);
    }

    /** {@code count} accounts over 20 OUs with long (but real-shaped) ids; 1% of them skipped. */
    private static AccountListing listing(int count, String nameFormat) {
        List<AccountItem> accounts = new ArrayList<>();
        List<SkippedAccount> skipped = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = String.format("%012d", 100_000_000_000L + i * 7_919L);
            String name = String.format(nameFormat, i);
            String ouId = String.format("ou-a1b2c3d4-%016d", i % 20);
            if (i % 100 == 0) {
                skipped.add(new SkippedAccount(id, name, ouId, ErrorCode.ACCOUNT_NOT_ACTIVE,
                        "the account is SUSPENDED, not ACTIVE; only ACTIVE accounts are swept"));
            } else {
                accounts.add(new AccountItem(id, name, ouId));
            }
        }
        RunContext context = new RunContext(ListAccountsSettings.DEFAULT_ROLE_NAME, Mode.AUDIT, CheckCatalog.shipped().ids(),
                List.of("us-east-1", "eu-west-1", "eu-central-1", "ap-southeast-2"));
        return new AccountListing(context, 10, accounts, skipped, 0, "2025-06-01T02:00:00Z");
    }
}
