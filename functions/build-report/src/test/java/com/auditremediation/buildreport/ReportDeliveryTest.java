package com.auditremediation.buildreport;

import com.auditremediation.core.Json;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Report;
import com.auditremediation.core.report.JsonReportFormat;
import com.auditremediation.local.MotoExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** BuildReport's whole path (build, S3, SNS, metrics, fit) against S3, SNS and SQS in moto. */
class ReportDeliveryTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String BUCKET = "audit-reports-111122223333";
    private static final String RUN = "s3://" + BUCKET + "/reports/2025/03/01/";

    private final ByteArrayOutputStream emf = new ByteArrayOutputStream();
    private final ReportBuilder builder = new ReportBuilder(Fixtures.CLOCK, ReportBuilder.DEFAULT_BYTE_BUDGET);
    private LocalDelivery aws;
    private LocalDelivery.Topic topic;

    @BeforeEach
    void setUp() {
        aws = new LocalDelivery(MOTO.endpoint());
        topic = aws.createTopicWithQueue("audit-findings");
    }

    @AfterEach
    void tearDown() {
        aws.close();
    }

    @Test
    void theOutputCarriesTheFilesTheS3CopyEqualsItAndTheMessagePointsToIt() throws Exception {
        aws.createBucket(BUCKET);

        Report report = builder.build(DeliveryFixtures.input("sweep-1"), delivery(BUCKET, topic.arn()));

        assertThat(report.files()).containsExactly(
                org.assertj.core.api.Assertions.entry("json", RUN + "sweep-1/report.json"),
                org.assertj.core.api.Assertions.entry("latestJson", "s3://" + BUCKET + "/latest/report.json"));
        assertThat(report.deliveryWarnings()).isNull();
        assertThat(report.truncated()).isNull();
        Report stored = Json.mapper().readValue(aws.read(report.files().get("json")).content(), Report.class);
        assertThat(stored).isEqualTo(report);
        assertThat(aws.messages(topic)).singleElement().satisfies(message -> {
            assertThat(message.subject()).isEqualTo("[audit-remediation] 1 of 3 accounts failed, 5 non-compliant - sweep-1");
            assertThat(message.body()).contains("Full report:\n  " + RUN + "sweep-1/report.json\n");
        });
        assertThat(emf.toString(StandardCharsets.UTF_8).lines()).hasSize(6).first().asString().contains("\"FailedAccounts\":1");
    }

    @Test
    void aReportTooLargeForTheOutputKeepsSummaryAndFailuresAndNamesTheWholeCopyInS3() throws Exception {
        aws.createBucket(BUCKET);
        BuildReportInput input = DeliveryFixtures.organisation("sweep-large", 200,
                i -> i % 50 == 0 ? Fixtures.roleNotAssumable(i) : Fixtures.everyCheck(i, CheckStatus.NON_COMPLIANT));
        ReportBuilder tight = new ReportBuilder(Fixtures.CLOCK, 20_000);

        Report report = tight.build(input, delivery(BUCKET, topic.arn()));

        assertThat(report.truncated()).isTrue();
        assertThat(report.note()).contains("The whole report, every account with its evidence, is in " + RUN + "sweep-large/report.json.");
        assertThat(report.summary().total()).isEqualTo(200);
        assertThat(report.accounts()).hasSize(4).allMatch(row -> row.status() == AccountStatus.FAILED);
        assertThat(ReportFitter.bytes(report)).isLessThanOrEqualTo(20_000);
        Report stored = Json.mapper().readValue(aws.read(report.files().get("json")).content(), Report.class);
        assertThat(stored.truncated()).isNull();
        assertThat(stored.accounts()).hasSize(200);
        assertThat(stored.accounts().get(10).checks()).allSatisfy(check -> {
            if (check.status() == CheckStatus.NON_COMPLIANT) {
                assertThat(check.before()).as("evidence is kept in S3").isNotEmpty();
            }
        });
        assertThat(stored.summary()).isEqualTo(report.summary());
        assertThat(stored.files()).isEqualTo(report.files());
    }

    @Test
    void aMissingBucketStillReturnsTheReportWithAWarningAndTheMessageSaysWhereTheReportIs() {
        Report report = builder.build(DeliveryFixtures.input("sweep-1"), delivery("no-such-bucket-here", topic.arn()));

        assertThat(report.accounts()).hasSize(3);
        assertThat(report.files()).isNull();
        assertThat(report.deliveryWarnings()).singleElement().asString()
                .startsWith("S3: could not write s3://no-such-bucket-here/reports/2025/03/01/sweep-1/report.json: NoSuchBucket")
                .contains("ReportBucketName");
        assertThat(aws.messages(topic)).singleElement().satisfies(message ->
                assertThat(message.body()).contains("The report is the output of execution sweep-1", "see its deliveryWarnings"));
    }

    @Test
    void aMissingTopicStillReturnsTheReportWithItsFilesAndAWarning() {
        aws.createBucket(BUCKET);
        String missingTopic = topic.arn().replace("audit-findings", "deleted-topic");

        Report report = builder.build(DeliveryFixtures.input("sweep-1"), delivery(BUCKET, missingTopic));

        assertThat(report.files()).containsKey("json");
        assertThat(report.deliveryWarnings()).singleElement().asString()
                .startsWith("SNS: could not publish to " + missingTopic + ": NotFound")
                .contains("NotificationTopicArn");
        assertThat(aws.messages(topic)).isEmpty();
    }

    @Test
    void nothingIsSentWhenEveryAccountAndCheckPassed() {
        aws.createBucket(BUCKET);

        Report report = builder.build(DeliveryFixtures.allPassed("sweep-ok", 4), delivery(BUCKET, topic.arn()));

        assertThat(report.summary().failed()).isZero();
        assertThat(report.deliveryWarnings()).isNull();
        assertThat(report.files()).containsKey("json");
        assertThat(aws.messages(topic)).isEmpty();
    }

    private ReportDelivery delivery(String bucket, String topicArn) {
        PrintStream out = new PrintStream(emf, true, StandardCharsets.UTF_8);
        return new ReportDelivery(new ReportStore(aws.s3, bucket, List.of(new JsonReportFormat())),
                new ReportNotifier(aws.sns, topicArn, false, "audit-remediation"),
                new ReportMetrics(() -> out, "audit-remediation", Fixtures.CLOCK));
    }
}
