package com.auditremediation.core.model;

import com.auditremediation.core.Json;
import com.auditremediation.core.catalog.Severity;
import com.auditremediation.core.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AccountRowsTest {

    private static final String LONGEST_NAME = "x".repeat(AccountRows.MAX_EXECUTION_NAME);

    @Test
    void keysNameTheExecutionAndTheAccountUnderRunsAndKeepOnlyPlainCharacters() {
        assertThat(AccountRows.key("sweep-20260301T030000", false, "123456789012"))
                .isEqualTo("runs/sweep-20260301T030000/accounts/123456789012.json");
        assertThat(AccountRows.key("fix-1", true, "123456789012")).isEqualTo("runs/fix-1/fixes/123456789012.json");
        assertThat(AccountRows.key("a/b c?", false, "123456789012")).isEqualTo("runs/a-b-c-/accounts/123456789012.json");
        assertThat(AccountRows.key(LONGEST_NAME + "yyy", false, "123456789012"))
                .isEqualTo("runs/" + LONGEST_NAME + "/accounts/123456789012.json");
        assertThat(AccountRows.key(null, false, "123456789012")).isEqualTo("runs/unnamed/accounts/123456789012.json");
    }

    @Test
    void aRowErrorIsKeptShortAndPlain() {
        assertThat(AccountRows.plainErrorCode("AccessDenied")).isEqualTo("AccessDenied");
        assertThat(AccountRows.plainErrorCode("KMS.KMSInvalidStateException")).isEqualTo("KMS.KMSInvalidStateException");
        assertThat(AccountRows.plainErrorCode("<script>\"\n" + "y".repeat(100))).hasSize(AccountRows.MAX_ROW_ERROR).doesNotContain("<", "\"");
        assertThat(AccountRows.plainErrorCode(null)).isEqualTo("Unknown");
    }

    /**
     * Generated rows from no finding to every result a finding, with evidence and details of any length, in up to 35
     * regions: every summary stays within the bound for its number of results, and the bound does not move with the
     * findings (only with the digits of the result count).
     */
    @Test
    void noSummaryExceedsTheBoundWhateverTheFindingsTheirTextAndTheirEvidence() {
        Random random = new Random(19);
        CheckStatus[] statuses = CheckStatus.values();
        for (int run = 0; run < 2_000; run++) {
            int checks = 1 + random.nextInt(35);
            int regions = 1 + random.nextInt(35);
            List<CheckResult> results = new ArrayList<>();
            for (int c = 0; c < checks; c++) {
                for (int r = 0; r < regions; r++) {
                    CheckStatus status = run % 3 == 0 ? CheckStatus.NON_COMPLIANT : statuses[random.nextInt(statuses.length)];
                    results.add(new CheckResult("check-" + c, "region-" + r, status, "\"detail\"\\".repeat(random.nextInt(200)),
                            Map.of("evidence", List.of("\u0001".repeat(random.nextInt(500)))), null));
                }
            }
            AccountResult row = run % 2 == 0 ? AccountResult.succeeded("123456789012", results, random.nextInt(900_000))
                    : AccountResult.failed("123456789012", ErrorCode.values()[random.nextInt(ErrorCode.values().length)], "m".repeat(1_000),
                    results, 5L);
            String key = AccountRows.key(random.nextBoolean() ? LONGEST_NAME : "local-1", random.nextBoolean(), "123456789012");
            AccountResult summary = AccountResult.summary(row, key, id -> Severity.values()[Math.abs(id.hashCode()) % Severity.values().length]);
            if (random.nextInt(10) == 0) {
                summary = summary.withRowError("x".repeat(random.nextInt(100)));
            }

            int bytes = Json.write(summary).getBytes(StandardCharsets.UTF_8).length;

            assertThat(bytes).isLessThanOrEqualTo(AccountRows.maxSummaryBytes(results.size()));
            assertThat(Json.write(summary)).doesNotContain("detail", "evidence", "mmmm");
        }
    }

    @Test
    void theBoundGrowsOnlyWithTheDigitsOfTheResultCount() {
        int one = AccountRows.maxSummaryBytes(1);
        int nine = AccountRows.maxSummaryBytes(9);
        int ninetyNine = AccountRows.maxSummaryBytes(99);
        int thousand = AccountRows.maxSummaryBytes(1_225);

        assertThat(nine).isEqualTo(one);
        // Ten counts (five statuses, five severities), one digit more each.
        assertThat(ninetyNine).isEqualTo(one + 10);
        assertThat(thousand).isEqualTo(one + 30);
        System.out.printf("AccountRowsTest: the largest summary takes %d bytes with up to 9 results, %d with up to 99,"
                + " %d with up to 1,225 (35 checks in 35 regions)%n", one, ninetyNine, thousand);
    }
}
