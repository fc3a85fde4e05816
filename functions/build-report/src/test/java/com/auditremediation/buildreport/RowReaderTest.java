package com.auditremediation.buildreport;

import com.auditremediation.core.Json;
import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import com.auditremediation.core.error.ErrorCode;
import com.auditremediation.core.model.AccountItem;
import com.auditremediation.core.model.AccountListing;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountRows;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.Approval;
import com.auditremediation.core.model.ApprovalDecision;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.FixOutcome;
import com.auditremediation.core.model.Mode;
import com.auditremediation.core.model.Plan;
import com.auditremediation.core.model.PlanItem;
import com.auditremediation.core.model.Report;
import com.auditremediation.core.model.ReportRow;
import com.auditremediation.core.model.RunContext;
import com.auditremediation.local.FaultRule;
import com.auditremediation.local.LocalClients;
import com.auditremediation.local.MotoExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * BuildReport reading each account's row from the report bucket (moto, through the fault proxy) in place of the
 * summary the Map carried, as CheckAccount's AccountRowStore writes them.
 */
class RowReaderTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    static final String BUCKET = "row-reader-test";
    static final String EXECUTION = Fixtures.EXECUTION;

    private static S3Client s3;
    private static S3Client throughProxy;

    @BeforeAll
    static void setUp() {
        s3 = LocalClients.build(S3Client.builder().forcePathStyle(true), MOTO.endpoint(), Region.US_EAST_1);
        throughProxy = LocalClients.build(S3Client.builder().forcePathStyle(true), MOTO.proxyEndpoint(), Region.US_EAST_1);
    }

    @AfterAll
    static void tearDown() {
        s3.close();
        throughProxy.close();
    }

    @BeforeEach
    void createBucket() {
        s3.createBucket(r -> r.bucket(BUCKET));
    }

    @Test
    void everyRowTakesTheSummarysPlaceInOrderAndOtherResultsStayAsTheyAre() {
        List<AccountResult> rows = IntStream.range(0, 60).mapToObj(i -> i % 3 == 0 ? Fixtures.everyCheck(i, CheckStatus.NON_COMPLIANT)
                : i % 3 == 1 ? Fixtures.roleNotAssumable(i) : Fixtures.succeeded(i)).toList();
        List<AccountResult> mapOutput = new ArrayList<>(rows.stream().map(RowReaderTest::stored).toList());
        AccountResult caught = Fixtures.throttled(99);
        mapOutput.add(caught);
        mapOutput.add(null);

        List<AccountResult> read = reader().resolve(mapOutput);

        List<AccountResult> expected = new ArrayList<>(rows);
        expected.add(caught);
        expected.add(null);
        assertThat(read).isEqualTo(expected);
        assertThat(mapOutput.get(0).checks()).isNull();
    }

    @Test
    void aMissingRowBecomesTheAccountsFailedRowNamingTheObjectAndWhatTheSummarySaid() {
        AccountResult summary = AccountResult.summary(Fixtures.everyCheck(1, CheckStatus.NON_COMPLIANT),
                AccountRows.key(EXECUTION, false, Fixtures.accountId(1)), RowReaderTest::severity);

        AccountResult read = reader().resolve(List.of(summary)).get(0);

        assertThat(read.status()).isEqualTo(AccountStatus.FAILED);
        assertThat(read.errorCode()).isEqualTo(ErrorCode.MISSING_RESULT);
        assertThat(read.errorMessage()).contains("s3://" + BUCKET + "/runs/" + EXECUTION + "/accounts/" + Fixtures.accountId(1) + ".json")
                .contains("NoSuchKey").contains("The summary said: SUCCEEDED; results COMPLIANT 1, NON_COMPLIANT 5");
    }

    @Test
    void anObjectThatIsNotThisAccountsRowIsNotTakenForIt() {
        AccountResult other = stored(Fixtures.succeeded(2));
        String key = AccountRows.key(EXECUTION, false, Fixtures.accountId(3));
        s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString(Json.write(Fixtures.succeeded(2))));
        String garbled = AccountRows.key(EXECUTION, false, Fixtures.accountId(4));
        s3.putObject(r -> r.bucket(BUCKET).key(garbled), RequestBody.fromString("{\"accountId\": \"" + Fixtures.accountId(4) + "\", \"chec"));

        List<AccountResult> read = reader().resolve(List.of(other, summaryAt(3, key), summaryAt(4, garbled)));

        assertThat(read.get(0)).isEqualTo(Fixtures.succeeded(2));
        assertThat(read.get(1).errorCode()).isEqualTo(ErrorCode.MISSING_RESULT);
        assertThat(read.get(1).errorMessage()).contains("it holds the row of account " + Fixtures.accountId(2));
        assertThat(read.get(2).errorCode()).isEqualTo(ErrorCode.MISSING_RESULT);
        assertThat(read.get(2).errorMessage()).contains("not an account's row");
    }

    @Test
    void aRowTheCheckFunctionCouldNotWriteIsResultNotStoredWithTheCountsAndTheFix() {
        AccountResult summary = AccountResult.summary(Fixtures.everyCheck(5, CheckStatus.NON_COMPLIANT),
                AccountRows.key(EXECUTION, false, Fixtures.accountId(5)), RowReaderTest::severity).withRowError("AccessDenied");

        AccountResult read = reader().resolve(List.of(summary)).get(0);

        assertThat(read.status()).isEqualTo(AccountStatus.FAILED);
        assertThat(read.errorCode()).isEqualTo(ErrorCode.RESULT_NOT_STORED);
        assertThat(read.errorMessage()).contains("s3://" + BUCKET + "/runs/" + EXECUTION + "/accounts/" + Fixtures.accountId(5) + ".json")
                .contains("(AccessDenied)").contains("runs/*").contains("NON_COMPLIANT 5").contains("account.row-not-stored");
    }

    /** S3's 503 SlowDown, which moto never sends: injected by the fault proxy as S3 writes it. */
    @Test
    void aThrottledReadIsTriedAgainAndOneThatStaysThrottledIsReportedNotFatal() {
        AccountResult first = stored(Fixtures.succeeded(6));
        AccountResult second = stored(Fixtures.succeeded(7));
        // The SDK tries each read 3 times: 4 refusals make the reader's own second attempt succeed.
        FaultRule fourTimes = MOTO.inject(slowDown(first.rowKey(), 4));
        MOTO.inject(slowDown(second.rowKey(), FaultRule.UNLIMITED));

        List<AccountResult> read = new RowReader(throughProxy, BUCKET, 4, Duration.ofMillis(10)).resolve(List.of(first, second));

        assertThat(fourTimes.hits()).isEqualTo(4);
        assertThat(read.get(0)).isEqualTo(Fixtures.succeeded(6));
        assertThat(read.get(1).errorCode()).isEqualTo(ErrorCode.MISSING_RESULT);
        assertThat(read.get(1).errorMessage()).contains("SlowDown after " + RowReader.ATTEMPTS + " attempts");
    }

    @Test
    void withoutABucketASummaryCannotBeReadAndSaysSo() {
        AccountResult read = RowReader.none().resolve(List.of(summaryAt(8, AccountRows.key(EXECUTION, false, Fixtures.accountId(8))))).get(0);

        assertThat(read.errorCode()).isEqualTo(ErrorCode.MISSING_RESULT);
        assertThat(read.errorMessage()).contains("no REPORT_BUCKET");
    }

    /** The state "Build report" with the Map's summaries: the report is the one the whole rows would have made. */
    @Test
    void theReportFromSummariesIsTheReportFromTheWholeRows() throws Exception {
        List<AccountItem> accounts = IntStream.range(0, 12).mapToObj(Fixtures::account).toList();
        List<AccountResult> rows = IntStream.range(0, 12).mapToObj(i -> i % 2 == 0 ? Fixtures.everyCheck(i, CheckStatus.NON_COMPLIANT)
                : Fixtures.remediatedButOneError(i)).toList();
        BuildReportInput whole = new BuildReportInput(Fixtures.listing(accounts, List.of(), 0), rows, EXECUTION, Fixtures.STARTED_AT);
        BuildReportInput summarized = new BuildReportInput(whole.listing(), rows.stream().map(RowReaderTest::stored).toList(), EXECUTION,
                Fixtures.STARTED_AT);

        Report fromRows = invoke(handler(), whole);
        Report fromSummaries = invoke(handler(), summarized);

        assertThat(Json.write(summarized).length()).isLessThan(Json.write(whole).length());
        assertThat(fromSummaries).isEqualTo(fromRows);
        assertThat(fromSummaries.accounts()).extracting(ReportRow::checks).allSatisfy(checks -> assertThat(checks).isNotEmpty());
    }

    /** An approval run: the plan from the sweep's rows, the outcome from the fix pass's rows (runs/<execution>/fixes/). */
    @Test
    void thePlanAndItsOutcomeComeFromTheRowsInTheBucket() throws Exception {
        CheckDescriptor passwordPolicy = CheckCatalog.shipped().get("iam-password-policy");
        RunContext context = new RunContext(Fixtures.ROLE, Mode.REMEDIATE, List.of(passwordPolicy.id()), List.of(), Approval.REQUIRED);
        AccountItem account = Fixtures.account(9);
        Map<String, Object> before = Map.of("MinimumPasswordLength", 8);
        AccountResult sweepRow = AccountResult.succeeded(account.id(), List.of(new CheckResult(passwordPolicy.id(), null,
                CheckStatus.NON_COMPLIANT, "below the baseline", before, null)), 900L);
        AccountResult fixRow = AccountResult.succeeded(account.id(), List.of(new CheckResult(passwordPolicy.id(), null,
                CheckStatus.REMEDIATED, "iam:UpdateAccountPasswordPolicy", before, Map.of("MinimumPasswordLength", 14))), 700L);
        AccountListing listing = new AccountListing(context, 10, List.of(account), List.of(), 0, Fixtures.STARTED_AT);
        List<AccountResult> sweep = List.of(stored(sweepRow));
        BuildReportInput planning = new BuildReportInput(listing, sweep, EXECUTION, Fixtures.STARTED_AT, null, BuildReportInput.Phase.PLAN,
                null, null, null, null);

        Plan plan = Json.mapper().readValue(invokeRaw(handler(), planning), BuildReportInput.ApprovalState.class).plan();
        BuildReportInput.ApprovalState decided = new BuildReportInput.ApprovalState(plan,
                ApprovalDecision.approved("arn:aws:sts::111122223333:assumed-role/SecOps/alice", "2025-03-01T11:00:00Z", "CHG-42"),
                List.of(storedFix(fixRow)));
        Report report = invoke(handler(), new BuildReportInput(listing, sweep, EXECUTION, Fixtures.STARTED_AT, null, null, decided, null, null,
                null));

        assertThat(plan.items()).extracting(PlanItem::accountId, PlanItem::checkId, PlanItem::before)
                .containsExactly(tuple(account.id(), passwordPolicy.id(), before));
        assertThat(report.approval().fixes()).singleElement().satisfies(fix -> {
            assertThat(fix.outcome()).isEqualTo(FixOutcome.FIXED);
            assertThat(fix.after()).isEqualTo(Map.of("MinimumPasswordLength", 14));
        });
        assertThat(report.accounts()).singleElement().satisfies(row -> assertThat(row.checks()).isEqualTo(sweepRow.checks()));
    }

    private static BuildReportHandler handler() {
        return new BuildReportHandler(new ReportBuilder(Fixtures.CLOCK, ReportBuilder.DEFAULT_BYTE_BUDGET), new ReportDelivery(null, null, null),
                () -> new DistributedResults(s3), reader());
    }

    private static RowReader reader() {
        return new RowReader(s3, BUCKET);
    }

    private static Report invoke(BuildReportHandler handler, BuildReportInput input) throws Exception {
        return Json.mapper().readValue(invokeRaw(handler, input), Report.class);
    }

    private static byte[] invokeRaw(BuildReportHandler handler, BuildReportInput input) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.write(input).getBytes(StandardCharsets.UTF_8)), output, null);
        return output.toByteArray();
    }

    /** What CheckAccount does with a sweep's row: writes it under the execution and returns its summary. */
    private static AccountResult stored(AccountResult row) {
        return store(row, false);
    }

    private static AccountResult storedFix(AccountResult row) {
        return store(row, true);
    }

    private static AccountResult store(AccountResult row, boolean fixPass) {
        String key = AccountRows.key(EXECUTION, fixPass, row.accountId());
        s3.putObject(r -> r.bucket(BUCKET).key(key).contentType("application/json"), RequestBody.fromString(Json.write(row)));
        return AccountResult.summary(row, key, RowReaderTest::severity);
    }

    private static AccountResult summaryAt(int i, String key) {
        return AccountResult.summary(Fixtures.succeeded(i), key, RowReaderTest::severity);
    }

    private static Severity severity(String checkId) {
        return CheckCatalog.shipped().find(checkId).map(CheckDescriptor::severity).orElse(null);
    }

    private static FaultRule slowDown(String key, int times) {
        return new FaultRule("s3:GetObject " + key + " slowed down", request -> request.method().equals("GET") && request.path().contains(key),
                times, 503, "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SlowDown</Code>"
                + "<Message>Please reduce your request rate.</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>");
    }
}
