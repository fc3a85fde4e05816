package com.auditremediation.buildreport;

import com.auditremediation.core.model.Report;
import com.auditremediation.local.MotoExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

class ReportNotifierTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

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
    void aSweepWithFailuresAndFindingsSendsOnePlainTextMessage() {
        Report report = DeliveryFixtures.report("sweep-2025-03-01")
                .withFiles(Map.of("json", "s3://reports-bucket/reports/2025/03/01/sweep-2025-03-01/report.json",
                        "latestJson", "s3://reports-bucket/latest/report.json"));
        ReportNotifier notifier = new ReportNotifier(aws.sns, topic.arn(), false, "audit-remediation");

        String messageId = notifier.publish(report);

        List<LocalDelivery.Delivered> messages = aws.messages(topic);
        assertThat(messageId).isNotBlank();
        assertThat(messages).hasSize(1);
        LocalDelivery.Delivered message = messages.get(0);
        assertThat(message.subject()).isEqualTo("[audit-remediation] 1 of 3 accounts failed, 5 non-compliant - sweep-2025-03-01");
        String id1 = Fixtures.accountId(1);
        String id2 = Fixtures.accountId(2);
        String id3 = Fixtures.accountId(3);
        assertThat(message.body()).contains(
                "audit-remediation sweep sweep-2025-03-01 (audit mode)\n",
                "Accounts: 3 total, 2 succeeded, 1 failed, 0 skipped.\n",
                "Failures by code: ROLE_NOT_ASSUMABLE 1.\n",
                "Non-compliant results: iam-password-policy 1, s3-account-public-access-block 1, ebs-default-encryption 2, root-account-hygiene 1.\n",
                "Failed accounts (1):\n- " + id3 + " " + Fixtures.account(3).name() + ": ROLE_NOT_ASSUMABLE - sts:AssumeRole of",
                "Accounts with non-compliant checks (1):\n- " + id2 + " " + Fixtures.account(2).name()
                        + ": iam-password-policy, s3-account-public-access-block, ebs-default-encryption (eu-west-1),"
                        + " ebs-default-encryption (us-east-1), root-account-hygiene\n",
                "Full report:\n  s3://reports-bucket/reports/2025/03/01/sweep-2025-03-01/report.json\n");
        assertThat(message.body()).doesNotContain("latest/report.json", id1);
    }

    @Test
    void everythingPassedSendsNothingUnlessAskedFor() {
        Report passed = new ReportBuilder(Fixtures.CLOCK, ReportBuilder.DEFAULT_BYTE_BUDGET).whole(DeliveryFixtures.allPassed("sweep-ok", 3));
        ReportNotifier quiet = new ReportNotifier(aws.sns, topic.arn(), false, "audit-remediation");
        ReportNotifier chatty = new ReportNotifier(aws.sns, topic.arn(), true, "audit-remediation");

        boolean quietWants = quiet.wanted(passed);
        boolean chattyWants = chatty.wanted(passed);
        chatty.publish(passed);

        assertThat(quietWants).isFalse();
        assertThat(chattyWants).isTrue();
        assertThat(quiet.wanted(DeliveryFixtures.report("sweep-bad"))).isTrue();
        assertThat(aws.messages(topic)).singleElement().satisfies(message -> {
            assertThat(message.subject()).isEqualTo("[audit-remediation] all 3 accounts passed - sweep-ok");
            assertThat(message.body()).contains("Non-compliant results: none.", "The report is the output of execution sweep-ok of the"
                    + " state machine audit-remediation-sweep (no report file in S3).");
        });
    }

    @Test
    void aThousandFailuresMakeAShortMessageWithAnAsciiSubjectOfAtMost100Characters() {
        String longName = "sweep-nightly-" + "é".repeat(40) + "-" + "x".repeat(30);
        Report report = new ReportBuilder(Fixtures.CLOCK, ReportBuilder.DEFAULT_BYTE_BUDGET)
                .whole(DeliveryFixtures.organisation(longName, 1_000, Fixtures::roleNotAssumable));
        ReportNotifier notifier = new ReportNotifier(aws.sns, topic.arn(), false, "audit-remediation");

        notifier.publish(report);

        LocalDelivery.Delivered message = aws.messages(topic).get(0);
        assertThat(message.subject()).hasSizeLessThanOrEqualTo(ReportNotifier.MAX_SUBJECT_LENGTH)
                .matches("[\\x20-\\x7e]+").startsWith("[audit-remediation] 1000 of 1000 accounts failed - sweep-nightly-???").endsWith("...");
        assertThat(message.body()).contains("Failed accounts (first 20 of 1000):");
        assertThat(message.body().lines().filter(line -> line.startsWith("- "))).hasSize(20);
        assertThat(message.body().getBytes(StandardCharsets.UTF_8).length).isLessThan(16 * 1024);
        assertThat(message.body().lines()).allMatch(line -> line.length() <= 300);
    }
}
