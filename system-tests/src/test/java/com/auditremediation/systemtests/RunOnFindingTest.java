package com.auditremediation.systemtests;

import com.auditremediation.core.Json;
import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.FindingsDelivery;
import com.auditremediation.core.model.Mode;
import com.auditremediation.core.model.Report;
import com.auditremediation.core.model.ReportRow;
import com.auditremediation.local.DemoOrganization;
import com.auditremediation.local.FaultProxy;
import com.auditremediation.local.LambdaHost;
import com.auditremediation.local.LocalClients;
import com.auditremediation.local.MotoServer;
import com.auditremediation.local.OrganizationSpec;
import com.auditremediation.local.SamTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.event.ruler.Machine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Security Hub both ways, on the template's own definitions: a sweep imports its results into the member accounts'
 * Security Hub where it is enabled (moto), and the RunOnFinding rule's event pattern, judged by AWS's Event Ruler
 * (EventBridge's matcher; moto's never looks inside {@code detail.findings}), starts a sweep for a failed control of
 * Security Hub's own and never for one of ours. The rule's input transformer is applied as EventBridge documents it
 * and its output runs as an execution on moto.
 */
class RunOnFindingTest {

    private static final String ACCOUNT = LocalSweeps.ACCOUNT;
    private static final Map<String, String> PARAMETERS = Map.of("MapMode", "inline");
    private static final Path SAMPLE_EVENT = ProjectFiles.EVENTS.resolve("securityhub-finding.json");
    private static final String SAMPLE_ACCOUNT = "111122223333";
    private static final CheckCatalog CATALOG = CheckCatalog.shipped();

    private static MotoServer moto;
    private static FaultProxy proxy;
    private static LambdaHost host;
    private static SamTemplate template;
    private static DemoOrganization.Seeded organization;

    @BeforeAll
    static void startLocalAws() {
        int hostPort = MotoServer.freePort();
        moto = LocalSweeps.startMoto(hostPort);
        proxy = FaultProxy.start(moto.endpoint());
        host = LambdaHost.start(new LambdaHost.Config(ProjectFiles.TEMPLATE, hostPort, PARAMETERS,
                LocalSweeps.environment(proxy.endpoint()), "us-east-1", ACCOUNT, Path.of("target", "lambda-logs-run-on-finding")));
        template = SamTemplate.load(ProjectFiles.TEMPLATE);
        organization = LocalSweeps.seed(moto, OrganizationSpec.demo());
        LocalSweeps.createReportBucket(moto);
    }

    @AfterAll
    static void stopLocalAws() throws Exception {
        Executions.closeAll(host, proxy, moto);
    }

    @Test
    void theRulesPatternMatchesAFailedNewActiveSecurityHubControlFindingOfOurCatalogOnly() throws Exception {
        Machine rule = rule();
        JsonNode sample = Json.mapper().readTree(SAMPLE_EVENT.toFile());

        assertThat(matches(rule, sample)).as("the sample event").isTrue();
        assertThat(matches(rule, with(sample, "Compliance", "Status", "PASSED"))).as("a PASSED finding").isFalse();
        assertThat(matches(rule, with(sample, "Compliance", "SecurityControlId", "Lambda.1"))).as("a control we do not implement").isFalse();
        assertThat(matches(rule, with(sample, "Workflow", "Status", "NOTIFIED"))).as("a finding someone works on").isFalse();
        assertThat(matches(rule, with(sample, null, "RecordState", "ARCHIVED"))).as("an archived finding").isFalse();
        assertThat(matches(rule, with(sample, null, "ProductArn", "arn:aws:securityhub:us-west-2:" + SAMPLE_ACCOUNT
                + ":product/" + SAMPLE_ACCOUNT + "/default"))).as("the same finding under an account's default product").isFalse();
        for (String control : CATALOG.controls()) {
            assertThat(matches(rule, with(sample, "Compliance", "SecurityControlId", control))).as(control).isTrue();
        }
    }

    @Test
    void aSweepImportsFindingsWhereSecurityHubIsEnabledAndTheRuleNeverMatchesThem() throws Exception {
        String enabled = organization.byName("network").id();
        String disabled = organization.byName("web-prod").id();
        try (SecurityHubClient hub = securityHub(enabled, Region.US_EAST_1)) {
            hub.enableSecurityHub(r -> r.enableDefaultStandards(false));
        }

        DescribeExecutionResponse execution = runSweep(Region.EU_WEST_1, "sweep-with-findings",
                "{\"AccountIds\": [\"" + enabled + "\", \"" + disabled + "\"]}");

        assertThat(execution.status()).as(execution.error() + ": " + execution.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        Report report = Json.mapper().readValue(execution.output(), Report.class);
        Map<String, ReportRow> rows = report.accounts().stream().collect(Collectors.toMap(ReportRow::accountId, Function.identity()));
        int enabledResults = rows.get(enabled).checks().size();
        int disabledResults = rows.get(disabled).checks().size();
        assertThat(rows.get(enabled).status()).isEqualTo(AccountStatus.SUCCEEDED);
        assertThat(rows.get(disabled).status()).isEqualTo(AccountStatus.SUCCEEDED);
        assertThat(rows.get(enabled).findings()).isEqualTo(new FindingsDelivery(enabledResults, 0, 0, Map.of(), null));
        assertThat(rows.get(disabled).findings().skipped()).isEqualTo(disabledResults);
        assertThat(rows.get(disabled).findings().note()).contains("Security Hub is not enabled in us-east-1");
        assertThat(report.summary().findings().exported()).isEqualTo(enabledResults);
        assertThat(report.summary().findings().skipped()).isEqualTo(disabledResults);
        assertThat(report.summary().findings().reasons()).isEqualTo(Map.of(FindingsDelivery.NOT_ENABLED, disabledResults));

        List<JsonNode> ours = rawFindings(enabled, Region.US_EAST_1);
        assertThat(ours).hasSize(enabledResults);
        Machine rule = rule();
        JsonNode sample = Json.mapper().readTree(SAMPLE_EVENT.toFile());
        for (JsonNode finding : ours) {
            JsonNode event = envelope(sample, finding);
            assertThat(matches(rule, event)).as("our own %s", finding.path("Id").asText()).isFalse();
            // Even if it carried a control id and a FAILED, NEW status, its product is not Security Hub's own.
            JsonNode disguised = with(with(with(event, "Compliance", "SecurityControlId", "S3.1"), "Compliance", "Status", "FAILED"),
                    "Workflow", "Status", "NEW");
            assertThat(matches(rule, disguised)).as("our own %s, disguised", finding.path("Id").asText()).isFalse();
        }
    }

    @Test
    void theTransformedSampleEventStartsASweepOfExactlyThatAccountAndThoseChecks() throws Exception {
        String target = organization.byName("payments-prod").id();
        JsonNode event = Json.mapper().readTree(Json.mapper().writeValueAsString(Json.mapper().readTree(SAMPLE_EVENT.toFile()))
                .replace(SAMPLE_ACCOUNT, target));
        assertThat(matches(rule(), event)).isTrue();

        String input = transformer(Map.of("RunOnFinding", "audit")).apply(event);

        assertThat(Json.mapper().readTree(input)).isEqualTo(Json.mapper().readTree("{\"TargetAccountId\": \"" + target
                + "\", \"SecurityControlIds\": [\"S3.1\"], \"Regions\": [\"us-west-2\"], \"Mode\": \"audit\"}"));
        DescribeExecutionResponse execution = runSweep(Region.AP_NORTHEAST_1, "run-on-finding-s3-1", input);
        assertThat(execution.status()).as(execution.error() + ": " + execution.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        Report report = Json.mapper().readValue(execution.output(), Report.class);
        assertThat(report.context().mode()).isEqualTo(Mode.AUDIT);
        assertThat(report.context().regions()).containsExactly("us-west-2");
        assertThat(report.context().checks()).isEqualTo(CATALOG.idsForControls(List.of("S3.1")));
        assertThat(report.accounts()).as(execution.output()).singleElement().satisfies(row -> {
            assertThat(row.accountId()).isEqualTo(target);
            assertThat(row.status()).isEqualTo(AccountStatus.SUCCEEDED);
            assertThat(row.checks()).extracting(CheckResult::checkId).containsExactly("s3-account-public-access-block");
        });
    }

    @Test
    void theTransformerFollowsEventBridgesDocumentedExample() throws Exception {
        JsonNode event = Json.mapper().readTree("""
                {"version": "0", "detail-type": "EC2 Instance State-change Notification", "source": "aws.ec2",
                 "detail": {"instance-id": "i-0123456789", "state": "RUNNING"}}""");
        InputTransformer documented = new InputTransformer(Map.of("instance", "$.detail.instance-id", "state", "$.detail.state"),
                "{\"myInstance\": <instance>,\"myStatus\": \"<instance> is in state \\\"<state>\\\"\"}");

        String output = documented.apply(event);

        assertThat(Json.mapper().readTree(output)).isEqualTo(Json.mapper().readTree(
                "{\"myInstance\": \"i-0123456789\", \"myStatus\": \"i-0123456789 is in state \\\"RUNNING\\\"\"}"));
    }

    /** The rule's event pattern, from template.yaml, in Event Ruler. */
    private static Machine rule() throws Exception {
        Machine machine = new Machine();
        machine.addRule("FailedControlRule", Json.write(ruleProperties().get("EventPattern")));
        return machine;
    }

    private static boolean matches(Machine rule, JsonNode event) throws Exception {
        return rule.rulesForJSONEvent(Json.write(event)).contains("FailedControlRule");
    }

    /** The rule's input transformer, from template.yaml, with the parameters given. */
    private static InputTransformer transformer(Map<String, String> parameters) {
        Map<?, ?> target = (Map<?, ?>) ((List<?>) ruleProperties().get("Targets")).get(0);
        Map<?, ?> transformer = (Map<?, ?>) target.get("InputTransformer");
        Map<String, String> paths = new java.util.LinkedHashMap<>();
        ((Map<?, ?>) transformer.get("InputPathsMap")).forEach((name, path) -> paths.put(String.valueOf(name), String.valueOf(path)));
        SamTemplate.Context context = SamTemplate.Context.of(template, parameters, "us-east-1", ACCOUNT);
        return new InputTransformer(paths, template.resolve(transformer.get("InputTemplate"), context));
    }

    private static Map<?, ?> ruleProperties() {
        return (Map<?, ?>) ((Map<?, ?>) template.resources().get("FailedControlRule")).get("Properties");
    }

    /** {@code event} with one field of its finding replaced ({@code object} null: a top-level field of the finding). */
    private static JsonNode with(JsonNode event, String object, String field, String value) {
        JsonNode copy = event.deepCopy();
        ObjectNode finding = (ObjectNode) copy.path("detail").path("findings").get(0);
        ObjectNode parent = object == null ? finding : finding.has(object) ? (ObjectNode) finding.get(object) : finding.putObject(object);
        parent.put(field, value);
        return copy;
    }

    /** The sample's envelope around {@code finding}, as Security Hub sends an imported finding. */
    private static JsonNode envelope(JsonNode sample, JsonNode finding) {
        ObjectNode event = sample.deepCopy();
        event.put("account", finding.path("AwsAccountId").asText());
        event.put("region", finding.path("Region").asText());
        event.putArray("resources").add(finding.path("ProductArn").asText() + "/" + finding.path("Id").asText());
        ((ObjectNode) event.get("detail")).putArray("findings").add(finding);
        return event;
    }

    /**
     * Our findings as Security Hub (moto) holds them, as raw ASFF JSON: GetFindings sent as the SDK sends it, with the
     * account's credentials in the Authorization header, which is how moto picks the account.
     */
    private static List<JsonNode> rawFindings(String accountId, Region region) throws Exception {
        Credentials credentials = credentials(accountId);
        HttpRequest request = HttpRequest.newBuilder(URI.create(moto.endpoint() + "/findings"))
                .header("Content-Type", "application/json")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + credentials.accessKeyId() + "/20260301/" + region.id()
                        + "/securityhub/aws4_request, SignedHeaders=host, Signature=0")
                .header("X-Amz-Security-Token", credentials.sessionToken())
                .POST(HttpRequest.BodyPublishers.ofString("{\"MaxResults\": 100}"))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> findings = new ArrayList<>();
        Json.mapper().readTree(response.body()).path("Findings").forEach(findings::add);
        return findings;
    }

    private static SecurityHubClient securityHub(String accountId, Region region) {
        Credentials issued = credentials(accountId);
        return SecurityHubClient.builder().httpClient(com.auditremediation.core.AwsClients.httpClient())
                .endpointOverride(moto.endpoint()).region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        issued.accessKeyId(), issued.secretAccessKey(), issued.sessionToken())))
                .build();
    }

    private static Credentials credentials(String accountId) {
        try (StsClient sts = LocalClients.build(StsClient.builder(), moto.endpoint(), Region.US_EAST_1)) {
            return sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + accountId + ":role/test-arrange").roleSessionName("arrange"))
                    .credentials();
        }
    }

    private static DescribeExecutionResponse runSweep(Region region, String executionName, String input) {
        return LocalSweeps.run(moto, template, PARAMETERS, region, executionName, input);
    }
}
