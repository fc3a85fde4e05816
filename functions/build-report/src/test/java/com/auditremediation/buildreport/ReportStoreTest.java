package com.auditremediation.buildreport;

import com.auditremediation.core.Json;
import com.auditremediation.core.model.Report;
import com.auditremediation.core.report.JsonReportFormat;
import com.auditremediation.core.report.ReportFormat;
import com.auditremediation.local.FaultRule;
import com.auditremediation.local.LocalClients;
import com.auditremediation.local.MotoExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

import static org.assertj.core.api.Assertions.assertThat;

class ReportStoreTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String BUCKET = "audit-reports-111122223333";

    private LocalDelivery aws;

    @BeforeEach
    void setUp() {
        aws = new LocalDelivery(MOTO.endpoint());
    }

    @AfterEach
    void tearDown() {
        aws.close();
    }

    @Test
    void writesEachFormatUnderTheRunsDateAndExecutionAndUnderLatest() throws Exception {
        aws.createBucket(BUCKET);
        Report report = DeliveryFixtures.report("sweep-2025-03-01");
        ReportStore store = new ReportStore(aws.s3, BUCKET, List.of(new JsonReportFormat(), new TextFormat()));

        ReportStore.Stored stored = store.store(report);

        String run = "s3://" + BUCKET + "/reports/2025/03/01/sweep-2025-03-01/";
        assertThat(stored.warning()).isNull();
        assertThat(stored.files()).containsExactly(
                org.assertj.core.api.Assertions.entry("json", run + "report.json"),
                org.assertj.core.api.Assertions.entry("latestJson", "s3://" + BUCKET + "/latest/report.json"),
                org.assertj.core.api.Assertions.entry("txt", run + "report.txt"),
                org.assertj.core.api.Assertions.entry("latestTxt", "s3://" + BUCKET + "/latest/report.txt"));
        assertThat(stored.fullReportUri()).isEqualTo(run + "report.json");
        assertThat(aws.keys(BUCKET)).containsExactly("latest/report.json", "latest/report.txt",
                "reports/2025/03/01/sweep-2025-03-01/report.json", "reports/2025/03/01/sweep-2025-03-01/report.txt");
        for (String uri : List.of(run + "report.json", "s3://" + BUCKET + "/latest/report.json")) {
            LocalDelivery.StoredObject object = aws.read(uri);
            assertThat(object.contentType()).isEqualTo("application/json");
            assertThat(Json.mapper().readValue(object.content(), Report.class)).isEqualTo(report.withFiles(stored.files()));
        }
        LocalDelivery.StoredObject text = aws.read(run + "report.txt");
        assertThat(text.contentType()).isEqualTo("text/plain; charset=utf-8");
        assertThat(new String(text.content(), StandardCharsets.UTF_8)).isEqualTo("sweep-2025-03-01: 3 accounts\n");
    }

    @Test
    void theNextRunReplacesLatestAndKeepsTheEarlierRun() throws Exception {
        aws.createBucket(BUCKET);
        ReportStore store = new ReportStore(aws.s3, BUCKET, List.of(new JsonReportFormat()));
        store.store(DeliveryFixtures.report("sweep-1"));

        store.store(DeliveryFixtures.report("sweep-2"));

        assertThat(aws.keys(BUCKET)).containsExactly("latest/report.json",
                "reports/2025/03/01/sweep-1/report.json", "reports/2025/03/01/sweep-2/report.json");
        Report latest = Json.mapper().readValue(aws.read("s3://" + BUCKET + "/latest/report.json").content(), Report.class);
        assertThat(latest.executionName()).isEqualTo("sweep-2");
    }

    @Test
    void theDateIsTheStartInUtcAndTheExecutionNameIsMadeSafe() {
        Report lateEvening = DeliveryFixtures.report("sweep ü/../x").withFiles(null);
        Report report = Report.of(lateEvening.executionName(), "2025-12-31T23:59:59.999Z", "2026-01-01T00:04:00Z",
                lateEvening.context(), lateEvening.summary(), lateEvening.failuresByCode(), lateEvening.accounts());

        assertThat(ReportStore.datePath(report.startedAt(), report.finishedAt())).isEqualTo("2025/12/31");
        assertThat(ReportStore.folderName(report.executionName())).isEqualTo("sweep---..-x");
        assertThat(ReportStore.folderName("..")).isEqualTo("--");
        assertThat(ReportStore.folderName(null)).isEqualTo("unnamed-execution");
        assertThat(ReportStore.folderName("a".repeat(120))).hasSize(80);
    }

    @Test
    void aMissingBucketIsAWarningNamingTheBucketAndTheFix() {
        ReportStore store = new ReportStore(aws.s3, "no-such-bucket-" + UUID.randomUUID(), List.of(new JsonReportFormat()));

        ReportStore.Stored stored = store.store(DeliveryFixtures.report("sweep-1"));

        assertThat(stored.files()).isEmpty();
        assertThat(stored.fullReportUri()).isNull();
        assertThat(stored.warning()).startsWith("S3: could not write s3://" + store.bucket() + "/reports/2025/03/01/sweep-1/report.json: NoSuchBucket")
                .contains("the bucket " + store.bucket() + " does not exist", "ReportBucketName");
    }

    /** moto grants every request, so S3's AccessDenied is answered by the fault proxy, in S3's own XML. */
    @Test
    void accessDeniedIsAWarningThatNamesTheBucketAndWhatTheRoleMayWrite() {
        aws.createBucket(BUCKET);
        FaultRule denied = MOTO.inject(new FaultRule("s3:PutObject denied", request -> "PUT".equals(request.method())
                && request.path().startsWith("/" + BUCKET + "/"), FaultRule.UNLIMITED, 403, "application/xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message>"
                        + "<RequestId>4442587FB7D0A2F9</RequestId><HostId>host</HostId></Error>"));
        try (S3Client proxied = LocalClients.build(S3Client.builder(), MOTO.proxyEndpoint(), LocalDelivery.REGION)) {
            ReportStore store = new ReportStore(proxied, BUCKET, List.of(new JsonReportFormat()));

            ReportStore.Stored stored = store.store(DeliveryFixtures.report("sweep-1"));

            assertThat(denied.hits()).as("it stops at the first refusal").isEqualTo(1);
            assertThat(stored.files()).isEmpty();
            assertThat(stored.warning()).startsWith("S3: could not write s3://" + BUCKET + "/reports/2025/03/01/sweep-1/report.json: AccessDenied")
                    .contains("may write only to " + BUCKET + "/reports/* and " + BUCKET + "/latest/*", "bucket's policy");
        }
        assertThat(aws.keys(BUCKET)).isEmpty();
    }

    @Test
    void aFormatThatFailsStopsTheWritesWithAWarningKeepingWhatWasWritten() {
        aws.createBucket(BUCKET);
        ReportFormat broken = new TextFormat() {
            @Override
            public byte[] render(Report report) {
                throw new IllegalStateException("no template for the summary");
            }
        };
        ReportStore store = new ReportStore(aws.s3, BUCKET, List.of(new JsonReportFormat(), broken));

        ReportStore.Stored stored = store.store(DeliveryFixtures.report("sweep-1"));

        assertThat(stored.files()).containsOnlyKeys("json", "latestJson");
        assertThat(stored.warning()).startsWith("S3: could not render report.txt").contains("no template for the summary");
    }

    /** A small second format, so that the store is seen to write whatever formats it is given. */
    private static class TextFormat implements ReportFormat {

        @Override
        public String fileName() {
            return "report.txt";
        }

        @Override
        public String contentType() {
            return "text/plain; charset=utf-8";
        }

        @Override
        public byte[] render(Report report) {
            return (report.executionName() + ": " + report.accounts().size() + " accounts\n").getBytes(StandardCharsets.UTF_8);
        }
    }
}
