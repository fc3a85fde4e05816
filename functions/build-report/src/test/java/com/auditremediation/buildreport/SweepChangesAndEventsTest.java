package com.auditremediation.buildreport;

import com.auditremediation.core.Json;
import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.core.model.AccountItem;
import com.auditremediation.core.model.AccountListing;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountSelection;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Mode;
import com.auditremediation.core.model.Plan;
import com.auditremediation.core.model.PlanAccount;
import com.auditremediation.core.model.PlanItem;
import com.auditremediation.core.model.Report;
import com.auditremediation.core.model.RunContext;
import com.auditremediation.core.model.SweepChanges;
import com.auditremediation.core.model.SweepChanges.Basis;
import com.auditremediation.core.report.JsonReportFormat;
import com.auditremediation.local.LocalClients;
import com.auditremediation.local.MotoExtension;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What changed since the previous sweep, read back from S3 in moto, and the events on the default bus: a rule with an
 * SQS target (as docs/sweep-events.md shows) receives them in moto, with the documented detail.
 */
class SweepChangesAndEventsTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final java.util.concurrent.atomic.AtomicInteger BUCKETS = new java.util.concurrent.atomic.AtomicInteger();
    private static final List<String> CHECKS = List.of("caller-identity", "iam-password-policy", "s3-account-public-access-block",
            "ebs-default-encryption", "root-account-hygiene");
    private static final AccountSelection WHOLE = AccountSelection.wholeOrganization(List.of());
    private static final String EXECUTION_ARN = "arn:aws:states:us-east-1:111122223333:execution:audit-remediation-sweep:";

    private final ReportBuilder builder = new ReportBuilder(Fixtures.CLOCK, ReportBuilder.DEFAULT_BYTE_BUDGET);
    private LocalDelivery aws;
    private LocalDelivery.Topic topic;
    private EventBridgeClient events;
    private String eventQueue;
    /** A bucket of its own for each test: what one test's sweeps leave in latest/ is no other test's previous sweep. */
    private final String bucket = "audit-reports-" + BUCKETS.incrementAndGet();

    @BeforeEach
    void setUp() {
        aws = new LocalDelivery(MOTO.endpoint());
        aws.createBucket(bucket);
        topic = aws.createTopicWithQueue("audit-findings");
        events = LocalClients.build(EventBridgeClient.builder(), MOTO.endpoint(), LocalDelivery.REGION);
        eventQueue = aws.sqs.createQueue(r -> r.queueName("sweep-events")).queueUrl();
        String queueArn = aws.sqs.getQueueAttributes(r -> r.queueUrl(eventQueue).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        // The rule of docs/sweep-events.md, both detail types, on the default bus; its target an SQS queue we read.
        events.putRule(r -> r.name("audit-remediation-sweeps").eventBusName("default")
                .eventPattern("{\"source\": [\"audit-remediation\"], \"detail-type\": [\"Sweep Completed\", \"Remediation Plan Awaiting Approval\"]}"));
        events.putTargets(r -> r.rule("audit-remediation-sweeps").eventBusName("default").targets(t -> t.id("inbox").arn(queueArn)));
    }

    @AfterEach
    void tearDown() {
        events.removeTargets(r -> r.rule("audit-remediation-sweeps").eventBusName("default").ids("inbox"));
        events.deleteRule(r -> r.name("audit-remediation-sweeps").eventBusName("default"));
        aws.sqs.deleteQueue(r -> r.queueUrl(eventQueue));
        events.close();
        aws.close();
    }

    @Test
    void theSecondSweepOfAScopeSaysWhatNewlyFailsAndWhatIsResolvedEverywhereAndTheEventCarriesIt() throws Exception {
        Report first = builder.build(input("sweep-1", WHOLE, CHECKS, CheckStatus.COMPLIANT, CheckStatus.NON_COMPLIANT), delivery(events));
        aws.messages(topic);
        Report second = builder.build(input("sweep-2", WHOLE, CHECKS, CheckStatus.NON_COMPLIANT, CheckStatus.COMPLIANT), delivery(events));

        assertThat(first.changes().basis()).isEqualTo(Basis.FIRST_SWEEP);
        SweepChanges changes = second.changes();
        assertThat(changes.basis()).isEqualTo(Basis.SAME_SCOPE);
        assertThat(changes.since().executionName()).isEqualTo("sweep-1");
        assertThat(changes.since().report()).isEqualTo("s3://" + bucket + "/reports/2025/03/01/sweep-1/report.json");
        assertThat(changes.counts()).isEqualTo(new SweepChanges.Counts(5, 5, 0, 0, 0, 0));
        assertThat(changes.byCheck()).containsOnlyKeys("iam-password-policy", "s3-account-public-access-block", "ebs-default-encryption",
                "root-account-hygiene");
        Report stored = Json.mapper().readValue(aws.read(second.files().get("json")).content(), Report.class);
        assertThat(stored.changes()).isEqualTo(changes);
        assertThat(aws.messages(topic)).singleElement().satisfies(message -> assertThat(message.body())
                .contains("Changes: 5 newly failing since sweep sweep-1, 5 resolved, 0 still failing; 0 accounts new, 0 gone."));
        assertThat(aws.keys(bucket)).contains(SweepHistory.SCOPES_PREFIX + SweepHistory.scopeKey(second) + ".json");

        List<JsonNode> received = events();
        assertThat(received).hasSize(2).allSatisfy(event -> {
            assertThat(event.path("source").asText()).isEqualTo("audit-remediation");
            assertThat(event.path("detail-type").asText()).isEqualTo(SweepEvents.SWEEP_COMPLETED);
        });
        JsonNode detail = received.get(1).path("detail");
        assertThat(detail.path("executionName").asText()).isEqualTo("sweep-2");
        assertThat(detail.path("executionArn").asText()).isEqualTo(EXECUTION_ARN + "sweep-2");
        assertThat(received.get(1).path("resources")).extracting(JsonNode::asText).containsExactly(EXECUTION_ARN + "sweep-2");
        assertThat(detail.path("mode").asText()).isEqualTo("audit");
        assertThat(detail.path("accounts").path("total").asInt()).isEqualTo(3);
        assertThat(detail.path("accounts").path("failed").asInt()).isEqualTo(1);
        assertThat(detail.path("results").path("NON_COMPLIANT").asInt()).isEqualTo(5);
        assertThat(detail.path("failingBySeverity").path("CRITICAL").path("results").asInt()).isEqualTo(1);
        assertThat(detail.path("failingBySeverity").path("MEDIUM").path("results").asInt()).isEqualTo(4);
        assertThat(detail.path("failingBySeverity").path("MEDIUM").path("accounts").asInt()).isEqualTo(1);
        assertThat(detail.path("changes").path("basis").asText()).isEqualTo("SAME_SCOPE");
        assertThat(detail.path("changes").path("since").asText()).isEqualTo("sweep-1");
        assertThat(detail.path("changes").path("newlyFailing").asInt()).isEqualTo(5);
        assertThat(detail.path("changes").path("resolved").asInt()).isEqualTo(5);
        assertThat(detail.path("failing")).hasSize(5).allSatisfy(failing -> assertThat(failing.path("newlyFailing").asBoolean()).isTrue());
        assertThat(detail.path("failing").get(0).path("severity").asText()).isEqualTo("CRITICAL");
        assertThat(detail.path("report").path("json").asText()).isEqualTo(second.files().get("json"));
        assertThat(detail.path("report").path("latestJson").asText()).isEqualTo("s3://" + bucket + "/latest/report.json");
    }

    @Test
    void aSweepOfAnotherScopeComparesWhatBothCoveredAndTheNextSweepOfTheFirstScopeComparesWithItsOwnPrevious() throws Exception {
        builder.build(input("sweep-1", WHOLE, CHECKS, CheckStatus.COMPLIANT, CheckStatus.NON_COMPLIANT), delivery(null));
        AccountSelection one = new AccountSelection(List.of(Fixtures.accountId(1)), List.of(), List.of());
        Report narrow = builder.build(input("one-account", one, List.of("iam-password-policy"), CheckStatus.NON_COMPLIANT, CheckStatus.NON_COMPLIANT),
                delivery(null));
        Report again = builder.build(input("sweep-2", WHOLE, CHECKS, CheckStatus.COMPLIANT, CheckStatus.NON_COMPLIANT), delivery(null));

        assertThat(narrow.changes().basis()).isEqualTo(Basis.OTHER_SCOPE);
        assertThat(narrow.changes().since().executionName()).isEqualTo("sweep-1");
        assertThat(narrow.changes().compared().checks()).containsExactly("iam-password-policy");
        assertThat(narrow.changes().counts()).isEqualTo(new SweepChanges.Counts(1, 0, 1, 0, 0, 0));
        assertThat(narrow.changes().note()).contains("covered another scope", "no account is counted as new or gone");
        assertThat(again.changes().basis()).as("the pointer of the whole organisation's scope names sweep-1, not the narrow run").isEqualTo(Basis.SAME_SCOPE);
        assertThat(again.changes().since().executionName()).isEqualTo("sweep-1");
        assertThat(again.changes().counts()).isEqualTo(new SweepChanges.Counts(0, 0, 5, 0, 0, 0));
    }

    @Test
    void anEventThatCannotBePutIsAWarningAndTheSweepGoesOn() {
        try (EventBridgeClient nowhere = LocalClients.build(EventBridgeClient.builder(), URI.create("http://127.0.0.1:9"), LocalDelivery.REGION)) {
            Report report = builder.build(input("sweep-1", WHOLE, CHECKS, CheckStatus.COMPLIANT, CheckStatus.NON_COMPLIANT), delivery(nowhere));

            assertThat(report.files()).containsKey("json");
            assertThat(report.deliveryWarnings()).singleElement().asString()
                    .startsWith("EventBridge: could not put the Sweep Completed event on the default bus: ");
        }
    }

    @Test
    void aPlanThatWaitsForApprovalIsAnEventWithItsCountsFilesAndExecutionButNeverTheToken() throws Exception {
        AccountItem account = Fixtures.account(2);
        Plan plan = Plan.of("fix-1", Fixtures.STARTED_AT, "2025-03-01T10:05:00Z", new RunContext("role", Mode.REMEDIATE, CHECKS, List.of("eu-west-1")),
                List.of(new PlanAccount(account, List.of(new PlanItem(account.id(), account.name(), "iam-password-policy", null,
                        Map.of("MinimumPasswordLength", 8), "iam:UpdateAccountPasswordPolicy")))))
                .withFiles(Map.of("json", "s3://" + bucket + "/reports/2025/03/01/fix-1/plan.json"));
        String token = "AQCEAAAAKgAAAAMAAAAAAAAAAe-secret-token";

        delivery(events).announce(plan, EXECUTION_ARN + "fix-1", token);

        List<Message> raw = receive();
        assertThat(raw).singleElement().satisfies(message -> assertThat(message.body()).doesNotContain(token).doesNotContain("secret-token"));
        JsonNode event = Json.mapper().readTree(raw.get(0).body());
        assertThat(event.path("detail-type").asText()).isEqualTo(SweepEvents.PLAN_AWAITING_APPROVAL);
        JsonNode detail = event.path("detail");
        assertThat(detail.path("executionArn").asText()).isEqualTo(EXECUTION_ARN + "fix-1");
        assertThat(detail.path("items").asInt()).isEqualTo(1);
        assertThat(detail.path("accounts").asInt()).isEqualTo(1);
        assertThat(detail.path("itemsByCheck").path("iam-password-policy").asInt()).isEqualTo(1);
        assertThat(detail.path("plan").path("json").asText()).endsWith("fix-1/plan.json");
        assertThat(detail.path("approve").asText()).isEqualTo("bin/audit-remediation approve --execution-arn " + EXECUTION_ARN + "fix-1 --reason TEXT");
    }

    /** Three accounts: the first with {@code first}, the second with {@code second}, the third's role refused. */
    private static BuildReportInput input(String name, AccountSelection selection, List<String> checks, CheckStatus first, CheckStatus second) {
        AccountListing listing = new AccountListing(new RunContext(Fixtures.ROLE, Mode.AUDIT, checks, List.of("eu-west-1", "us-east-1")), 10,
                List.of(Fixtures.account(1), Fixtures.account(2), Fixtures.account(3)), List.of(), 0, Fixtures.STARTED_AT)
                .withScope(selection, Map.of());
        List<AccountResult> results = List.of(Fixtures.everyCheck(1, first), Fixtures.everyCheck(2, second), Fixtures.roleNotAssumable(3));
        return new BuildReportInput(listing, results, name, Fixtures.STARTED_AT, null, null, null, null, EXECUTION_ARN + name, null);
    }

    private ReportDelivery delivery(EventBridgeClient bus) {
        PrintStream metrics = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return new ReportDelivery(new ReportStore(aws.s3, bucket, List.of(new JsonReportFormat())),
                new ReportNotifier(aws.sns, topic.arn(), false, "audit-remediation"),
                new ReportMetrics(() -> metrics, "audit-remediation", Fixtures.CLOCK), new SweepHistory(aws.s3, bucket),
                bus == null ? null : new SweepEvents(bus, "audit-remediation", CheckCatalog.shipped()::find));
    }

    private List<JsonNode> events() throws Exception {
        List<JsonNode> received = new ArrayList<>();
        for (Message message : receive()) {
            received.add(Json.mapper().readTree(message.body()));
        }
        received.sort(java.util.Comparator.comparing(event -> event.path("detail").path("executionName").asText()));
        return received;
    }

    private List<Message> receive() {
        List<Message> received = new ArrayList<>();
        List<Message> batch;
        do {
            batch = aws.sqs.receiveMessage(r -> r.queueUrl(eventQueue).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            received.addAll(batch);
            batch.forEach(message -> aws.sqs.deleteMessage(r -> r.queueUrl(eventQueue).receiptHandle(message.receiptHandle())));
        } while (!batch.isEmpty());
        return received;
    }
}
