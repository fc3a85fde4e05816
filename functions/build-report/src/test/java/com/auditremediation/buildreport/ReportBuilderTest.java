package com.auditremediation.buildreport;

import com.auditremediation.core.Json;
import com.auditremediation.core.error.ErrorCode;
import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.model.AccountItem;
import com.auditremediation.core.model.AccountListing;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Report;
import com.auditremediation.core.model.ReportRow;
import com.auditremediation.core.model.SkippedAccount;
import com.auditremediation.core.model.Summary;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

import static com.auditremediation.buildreport.Fixtures.account;
import static com.auditremediation.buildreport.Fixtures.accountId;
import static com.auditremediation.buildreport.Fixtures.listing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.groups.Tuple.tuple;

class ReportBuilderTest {

    private final ReportBuilder builder = new ReportBuilder(Fixtures.CLOCK, ReportBuilder.DEFAULT_BYTE_BUDGET);

    @Test
    void aThousandAccountsWithTheSessionArnInEveryCheckStayUnderTheLimitKeepingEveryFailure() {
        BuildReportInput input = organisation(1_000, 20, Fixtures::succeeded);
        int inputBytes = utf8Bytes(input);
        int wholeBytes = ReportFitter.bytes(builder.whole(input));

        Report report = builder.build(input);

        int bytes = ReportFitter.bytes(report);
        System.out.printf("1,000 accounts, session ARN as check detail: BuildReport input %,d bytes, whole report %,d bytes,"
                + " report returned %,d bytes (limit %,d)%n", inputBytes, wholeBytes, bytes, ReportBuilder.STATE_PAYLOAD_LIMIT);
        assertThat(bytes).isLessThan(ReportBuilder.STATE_PAYLOAD_LIMIT);
        assertThat(wholeBytes).isGreaterThan(ReportBuilder.DEFAULT_BYTE_BUDGET);
        assertThat(report.truncated()).isTrue();
        assertThat(report.summary()).isEqualTo(Summary.of(1_000, 940, 40, 20, 3, Map.of("caller-identity", Map.of(CheckStatus.COMPLIANT, 940))));
        assertThat(report.accounts()).hasSize(60);
        assertThat(report.note()).contains(": 940 succeeded rows are left out.");
    }

    @Test
    void aThousandAccountsWithTerseChecksFitWhole() {
        BuildReportInput input = organisation(1_000, 20, Fixtures::succeededTersely);
        int inputBytes = utf8Bytes(input);

        Report report = builder.build(input);

        int bytes = ReportFitter.bytes(report);
        System.out.printf("1,000 accounts, no check detail: BuildReport input %,d bytes, report %,d bytes (limit %,d)%n",
                inputBytes, bytes, ReportBuilder.STATE_PAYLOAD_LIMIT);
        assertThat(bytes).isLessThan(ReportBuilder.STATE_PAYLOAD_LIMIT);
        assertThat(report.truncated()).isNull();
        assertThat(report.note()).isNull();
        assertThat(report.accounts()).hasSize(1_000);
        assertThat(report.summary()).isEqualTo(Summary.of(1_000, 940, 40, 20, 3, Map.of("caller-identity", Map.of(CheckStatus.COMPLIANT, 940))));
    }

    @Test
    void threeThousandAccountsKeepEveryFailureAndSkipAndSayWhatIsLeftOut() {
        BuildReportInput input = organisation(3_000, 60, Fixtures::succeeded);

        Report report = builder.build(input);

        int bytes = ReportFitter.bytes(report);
        System.out.printf("3,000 accounts: truncated report %,d bytes%n", bytes);
        assertThat(bytes).isLessThanOrEqualTo(ReportBuilder.DEFAULT_BYTE_BUDGET);
        assertThat(report.truncated()).isTrue();
        Summary summary = report.summary();
        assertThat(summary.total()).isEqualTo(3_000).isEqualTo(summary.succeeded() + summary.failed() + summary.skipped());
        assertThat(report.accounts()).hasSize(summary.failed() + summary.skipped())
                .noneMatch(row -> row.status() == AccountStatus.SUCCEEDED);
        assertThat(report.accounts()).filteredOn(row -> row.status() == AccountStatus.FAILED)
                .allMatch(row -> row.errorMessage() != null && row.errorCode() != null);
        assertThat(report.note()).isEqualTo("The full report did not fit the 256 KiB state output: " + summary.succeeded()
                + " succeeded rows are left out. Every account is in the CheckAccount results of this execution's Map state"
                + " (execution history); no whole copy was written to S3 (no report bucket is configured, or see deliveryWarnings).");
        assertThat(report.failuresByCode()).containsOnlyKeys(ErrorCode.ROLE_NOT_ASSUMABLE, ErrorCode.THROTTLED);
        assertThat(report.failuresByCode().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(summary.failed());
    }

    @Test
    void checkEvidenceIsLeftOutBeforeAnyFailedRow() {
        List<AccountItem> accounts = range(20, Fixtures::account);
        List<AccountResult> results = range(20, Fixtures::checkFailedWithEvidence);
        BuildReportInput input = new BuildReportInput(listing(accounts, List.of(), 0), results, Fixtures.EXECUTION, Fixtures.STARTED_AT);
        int fullBytes = ReportFitter.bytes(builder.build(input));
        ReportBuilder tight = new ReportBuilder(Fixtures.CLOCK, fullBytes - 1);

        Report report = tight.build(input);

        assertThat(report.truncated()).isTrue();
        assertThat(report.accounts()).hasSize(20).allSatisfy(row -> {
            assertThat(row.errorCode()).isEqualTo(ErrorCode.CHECK_FAILED);
            assertThat(row.compliance()).isEqualTo(Map.of(CheckStatus.NON_COMPLIANT, 1));
            assertThat(row.checks()).singleElement().satisfies(check -> {
                assertThat(check.detail()).isEqualTo("the session is not the expected Control Tower role");
                assertThat(check.before()).isNull();
                assertThat(check.after()).isNull();
            });
        });
        assertThat(report.note()).isEqualTo("The full report did not fit the 256 KiB state output: The before/after evidence"
                + " of the checks is left out of the rows kept. Every account is in the CheckAccount results of this"
                + " execution's Map state (execution history); no whole copy was written to S3 (no report bucket is configured,"
                + " or see deliveryWarnings).");
    }

    @Test
    void whenFailuresAloneDoNotFitTheFirstOnesAreKeptAndTheRestCounted() {
        List<AccountItem> accounts = range(40, Fixtures::account);
        List<AccountResult> results = range(40, i -> i < 30 ? Fixtures.checkFailedWithEvidence(i) : Fixtures.succeeded(i));
        List<SkippedAccount> skipped = List.of(Fixtures.suspended(40), Fixtures.suspended(41));
        BuildReportInput input = new BuildReportInput(listing(accounts, skipped, 0), results, Fixtures.EXECUTION, Fixtures.STARTED_AT);
        ReportBuilder tight = new ReportBuilder(Fixtures.CLOCK, 4_000);

        Report report = tight.build(input);

        int kept = report.accounts().size();
        assertThat(ReportFitter.bytes(report)).isLessThanOrEqualTo(4_000);
        assertThat(kept).isBetween(1, 29);
        assertThat(report.accounts()).extracting(ReportRow::accountId)
                .isEqualTo(range(30, Fixtures::accountId).stream().sorted().limit(kept).toList());
        assertThat(report.note()).startsWith("The full report did not fit the 256 KiB state output: 10 succeeded rows (and "
                + (32 - kept) + " failed or skipped rows) are left out. The before/after evidence of the checks is left out of the rows kept.");
        assertThat(report.summary()).isEqualTo(Summary.of(42, 10, 30, 2, 0, Map.of("caller-identity", Map.of(CheckStatus.NON_COMPLIANT, 30, CheckStatus.COMPLIANT, 10))));
        assertThat(report.failuresByCode()).containsExactly(entry(ErrorCode.CHECK_FAILED, 30));
    }

    @Test
    void everyListedAccountAppearsOnceWhateverTheMapReturned() {
        List<AccountItem> accounts = range(5, Fixtures::account);
        AccountResult unlisted = Fixtures.succeeded(99);
        List<AccountResult> results = Arrays.asList(
                Fixtures.succeeded(0),
                // account 1: no result at all
                Fixtures.succeeded(2), Fixtures.throttled(2),
                Fixtures.roleNotAssumable(3),
                Fixtures.succeeded(4),
                unlisted,
                null,
                new AccountResult(null, AccountStatus.SUCCEEDED, null, null, null, null, 10L, null, null, null, null, null, null));
        BuildReportInput input = new BuildReportInput(listing(accounts, List.of(), 0), results, Fixtures.EXECUTION, Fixtures.STARTED_AT);

        Report report = builder.build(input);

        assertThat(report.accounts()).extracting(ReportRow::accountId)
                .containsExactlyInAnyOrder(accountId(0), accountId(1), accountId(2), accountId(3), accountId(4), accountId(99));
        assertThat(row(report, 1)).satisfies(row -> {
            assertThat(row.status()).isEqualTo(AccountStatus.FAILED);
            assertThat(row.errorCode()).isEqualTo(ErrorCode.MISSING_RESULT);
            assertThat(row.accountName()).isEqualTo(account(1).name());
            assertThat(row.errorMessage()).isEqualTo("No result came back from the Map for this account. 2 results came back"
                    + " null or without an account id; one of them may be this account's.");
        });
        assertThat(row(report, 2)).satisfies(row -> {
            assertThat(row.status()).isEqualTo(AccountStatus.FAILED);
            assertThat(row.errorCode()).isEqualTo(ErrorCode.DUPLICATE_RESULT);
            assertThat(row.errorMessage()).isEqualTo("2 results came back for this account, expected one: SUCCEEDED,"
                    + " FAILED (com.auditremediation.core.error.ThrottledException). None is chosen; see the Map's results in the execution history.");
            assertThat(row.checks()).isNull();
        });
        assertThat(row(report, 99)).satisfies(row -> {
            assertThat(row.status()).isEqualTo(AccountStatus.FAILED);
            assertThat(row.errorCode()).isEqualTo(ErrorCode.FUNCTION_ERROR);
            assertThat(row.accountName()).isNull();
            assertThat(row.errorMessage()).isEqualTo("result for an account that was not listed; its outcome: SUCCEEDED");
            assertThat(row.checks()).isEqualTo(unlisted.checks());
        });
        assertThat(row(report, 3).errorCode()).isEqualTo(ErrorCode.ROLE_NOT_ASSUMABLE);
        // Accounts 0 and 4, and the unlisted 99 whose row carries its checks; the duplicated account's row has none.
        assertThat(report.summary()).isEqualTo(Summary.of(6, 2, 4, 0, 0, Map.of("caller-identity", Map.of(CheckStatus.COMPLIANT, 3))));
        assertThat(report.failuresByCode()).containsExactly(
                entry(ErrorCode.ROLE_NOT_ASSUMABLE, 1), entry(ErrorCode.FUNCTION_ERROR, 1),
                entry(ErrorCode.MISSING_RESULT, 1), entry(ErrorCode.DUPLICATE_RESULT, 1));
        assertThat(report.truncated()).isNull();
        assertThat(report.note()).isEqualTo("2 of the Map's results were null or had no account id and match no account.");
    }

    @Test
    void skippedAccountsBecomeSkippedRowsWithTheirReason() {
        AccountItem management = account(7);
        List<SkippedAccount> skipped = List.of(Fixtures.suspended(5),
                new SkippedAccount(management.id(), "management", null, ErrorCode.MANAGEMENT_ACCOUNT,
                        "The management account has no Control Tower execution role; it was not attempted."));
        BuildReportInput input = new BuildReportInput(listing(List.of(account(1)), skipped, 2),
                List.of(Fixtures.succeeded(1)), Fixtures.EXECUTION, Fixtures.STARTED_AT);

        Report report = builder.build(input);

        assertThat(report.accounts()).containsExactly(
                ReportRow.skipped(account(5), ErrorCode.ACCOUNT_NOT_ACTIVE, "The account is SUSPENDED; it was not attempted."),
                ReportRow.skipped(new AccountItem(management.id(), "management", null), ErrorCode.MANAGEMENT_ACCOUNT,
                        "The management account has no Control Tower execution role; it was not attempted."),
                ReportRow.checked(account(1), AccountStatus.SUCCEEDED, null, null, Fixtures.succeeded(1).checks(),
                        Fixtures.succeeded(1).durationMs()));
        assertThat(report.summary()).isEqualTo(Summary.of(3, 1, 0, 2, 2, Map.of("caller-identity", Map.of(CheckStatus.COMPLIANT, 1))));
        assertThat(report.failuresByCode()).isEmpty();
    }

    @Test
    void aResultForASkippedAccountReplacesItsSkippedRow() {
        BuildReportInput input = new BuildReportInput(listing(List.of(), List.of(Fixtures.suspended(3)), 0),
                List.of(Fixtures.roleNotAssumable(3)), Fixtures.EXECUTION, Fixtures.STARTED_AT);

        Report report = builder.build(input);

        assertThat(report.accounts()).singleElement().satisfies(row -> {
            assertThat(row.status()).isEqualTo(AccountStatus.FAILED);
            assertThat(row.errorCode()).isEqualTo(ErrorCode.FUNCTION_ERROR);
            assertThat(row.accountName()).isEqualTo(account(3).name());
            assertThat(row.errorMessage()).isEqualTo("result for an account that was not listed (it was skipped:"
                    + " ACCOUNT_NOT_ACTIVE); its outcome: FAILED (ROLE_NOT_ASSUMABLE)");
        });
        assertThat(report.summary()).isEqualTo(Summary.ofAccounts(1, 0, 1, 0, 0));
    }

    @Test
    void rowsAreOrderedFailuresThenSkippedThenSucceededEachByAccountId() {
        List<AccountItem> accounts = List.of(account(4), account(1), account(3), account(2));
        List<AccountResult> results = List.of(Fixtures.succeeded(4), Fixtures.throttled(1), Fixtures.succeeded(3), Fixtures.roleNotAssumable(2));
        List<SkippedAccount> skipped = List.of(Fixtures.suspended(9), Fixtures.suspended(0));
        BuildReportInput input = new BuildReportInput(listing(accounts, skipped, 0), results, Fixtures.EXECUTION, Fixtures.STARTED_AT);

        Report report = builder.build(input);

        assertThat(report.accounts()).extracting(ReportRow::accountId, ReportRow::status).containsExactly(
                tuple(accountId(1), AccountStatus.FAILED),
                tuple(accountId(2), AccountStatus.FAILED),
                tuple(accountId(0), AccountStatus.SKIPPED),
                tuple(accountId(9), AccountStatus.SKIPPED),
                tuple(accountId(3), AccountStatus.SUCCEEDED),
                tuple(accountId(4), AccountStatus.SUCCEEDED));
        assertThat(report.failuresByCode()).containsExactly(entry(ErrorCode.ROLE_NOT_ASSUMABLE, 1), entry(ErrorCode.THROTTLED, 1));
    }

    @Test
    void eachRowCountsItsResultsByStatusAndTheSummaryCountsThemByCheckAndStatus() throws Exception {
        List<AccountItem> accounts = range(3, Fixtures::account);
        List<AccountResult> results = List.of(Fixtures.everyCheck(0, CheckStatus.COMPLIANT), Fixtures.everyCheck(1, CheckStatus.NON_COMPLIANT),
                Fixtures.remediatedButOneError(2));
        BuildReportInput input = new BuildReportInput(listing(accounts, List.of(), 0), results, Fixtures.EXECUTION, Fixtures.STARTED_AT);

        Report report = builder.build(input);

        assertThat(row(report, 0).compliance()).isEqualTo(Map.of(CheckStatus.COMPLIANT, 6));
        assertThat(row(report, 1).compliance()).isEqualTo(Map.of(CheckStatus.COMPLIANT, 1, CheckStatus.NON_COMPLIANT, 5));
        assertThat(row(report, 2).compliance()).isEqualTo(Map.of(CheckStatus.COMPLIANT, 2, CheckStatus.REMEDIATED, 2,
                CheckStatus.ERROR, 1, CheckStatus.NON_COMPLIANT, 1));
        assertThat(report.summary().checks()).containsExactly(
                entry("caller-identity", Map.of(CheckStatus.COMPLIANT, 3)),
                entry("iam-password-policy", Map.of(CheckStatus.COMPLIANT, 1, CheckStatus.NON_COMPLIANT, 1, CheckStatus.ERROR, 1)),
                entry("s3-account-public-access-block", Map.of(CheckStatus.COMPLIANT, 1, CheckStatus.NON_COMPLIANT, 1, CheckStatus.REMEDIATED, 1)),
                entry("ebs-default-encryption", Map.of(CheckStatus.COMPLIANT, 3, CheckStatus.NON_COMPLIANT, 2, CheckStatus.REMEDIATED, 1)),
                entry("root-account-hygiene", Map.of(CheckStatus.COMPLIANT, 1, CheckStatus.NON_COMPLIANT, 2)));
        JsonNode json = Json.mapper().readTree(Json.write(report));
        assertThat(json.get("accounts").get(0).get("compliance").toString())
                .isEqualTo("{\"COMPLIANT\":2,\"NON_COMPLIANT\":1,\"REMEDIATED\":2,\"ERROR\":1}");
        assertThat(json.get("summary").get("checks").get("iam-password-policy").toString())
                .isEqualTo("{\"COMPLIANT\":1,\"NON_COMPLIANT\":1,\"ERROR\":1}");
    }

    @Test
    void aThousandAccountsWithEveryCheckKeepTheirCountsWhenTheirRowsAreLeftOut() {
        BuildReportInput input = organisation(1_000, 20, i -> Fixtures.everyCheck(i, CheckStatus.COMPLIANT));

        Report report = builder.build(input);

        int bytes = ReportFitter.bytes(report);
        System.out.printf("1,000 accounts, five checks each: report %,d bytes, truncated %s%n", bytes, report.truncated());
        assertThat(bytes).isLessThanOrEqualTo(ReportBuilder.DEFAULT_BYTE_BUDGET);
        assertThat(report.truncated()).isTrue();
        assertThat(report.accounts()).noneMatch(row -> row.status() == AccountStatus.SUCCEEDED);
        assertThat(report.summary().checks()).hasSize(5).allSatisfy((check, counts) ->
                assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).as(check).isEqualTo(check.equals("ebs-default-encryption") ? 2 * 940 : 940));
    }

    @Test
    void theHeaderComesFromTheInputAndTheClock() {
        BuildReportInput input = organisation(50, 5, Fixtures::succeeded);

        Report report = builder.build(input);

        assertThat(report.executionName()).isEqualTo(Fixtures.EXECUTION);
        assertThat(report.startedAt()).isEqualTo(Fixtures.STARTED_AT);
        assertThat(report.finishedAt()).isEqualTo("2025-03-01T10:04:12.500Z");
        assertThat(report.context()).isEqualTo(Fixtures.CONTEXT);
        Summary summary = report.summary();
        assertThat(summary.total()).isEqualTo(50).isEqualTo(summary.succeeded() + summary.failed() + summary.skipped());
        assertThat(summary.skipped()).isEqualTo(5);
        assertThat(summary.excluded()).isEqualTo(3);
        assertThat(report.failuresByCode().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(summary.failed());
    }

    @Test
    void aReportThatFitsCarriesNoTruncatedFlagOrNote() throws Exception {
        BuildReportInput input = organisation(10, 1, Fixtures::succeeded);

        JsonNode json = Json.mapper().readTree(Json.write(builder.build(input)));

        assertThat(json.has("truncated")).isFalse();
        assertThat(json.has("note")).isFalse();
        assertThat(json.get("accounts")).hasSize(10);
    }

    @Test
    void anEmptyListingGivesAnEmptyReport() {
        BuildReportInput input = new BuildReportInput(listing(List.of(), List.of(), 4), List.of(), Fixtures.EXECUTION, Fixtures.STARTED_AT);

        Report report = builder.build(input);

        assertThat(report.accounts()).isEmpty();
        assertThat(report.summary()).isEqualTo(Summary.ofAccounts(0, 0, 0, 0, 4));
        assertThat(report.failuresByCode()).isEmpty();
    }

    @Test
    void aListingEntryWithoutAnIdIsRejectedNamingIt() {
        List<AccountItem> accounts = Arrays.asList(account(0), new AccountItem(null, "nameless", null));
        BuildReportInput input = new BuildReportInput(listing(accounts, List.of(), 0), List.of(), Fixtures.EXECUTION, Fixtures.STARTED_AT);

        assertThatThrownBy(() -> builder.build(input))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("listing.accounts[1]"));
    }

    /**
     * {@code size} accounts in all, the last {@code skippedCount} of them skipped (SUSPENDED); of the listed ones every
     * 25th cannot be assumed and every 50th was throttled past the retries (a Catch row); 3 more were excluded.
     */
    private static BuildReportInput organisation(int size, int skippedCount, IntFunction<AccountResult> success) {
        int listedCount = size - skippedCount;
        List<AccountItem> accounts = range(listedCount, Fixtures::account);
        List<AccountResult> results = range(listedCount, i -> i % 50 == 0 ? Fixtures.throttled(i)
                : i % 25 == 0 ? Fixtures.roleNotAssumable(i) : success.apply(i));
        List<SkippedAccount> skipped = new ArrayList<>();
        for (int i = listedCount; i < size; i++) {
            skipped.add(Fixtures.suspended(i));
        }
        return new BuildReportInput(listing(accounts, skipped, 3), results, Fixtures.EXECUTION, Fixtures.STARTED_AT);
    }

    private static int utf8Bytes(Object value) {
        return Json.write(value).getBytes(StandardCharsets.UTF_8).length;
    }

    private static <T> List<T> range(int count, IntFunction<T> item) {
        List<T> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(item.apply(i));
        }
        return items;
    }

    private static ReportRow row(Report report, int account) {
        return report.accounts().stream().filter(row -> row.accountId().equals(accountId(account))).findFirst().orElseThrow();
    }
}
