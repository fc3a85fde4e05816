package com.auditremediation.buildreport;

import com.auditremediation.core.Json;
import com.auditremediation.core.error.ErrorCode;
import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.model.Report;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BuildReportHandlerTest {

    /** The "Build report" state's input as Step Functions sends it: a Catch row (the error object, its Cause a JSON string) included. */
    private static final String STATE_INPUT = """
            {
              "listing": {
                "context": {"roleName": "aws-controltower-AdministratorExecutionRole", "mode": "audit",
                            "checks": ["caller-identity"], "regions": ["eu-west-1"]},
                "maxConcurrency": 40,
                "accounts": [
                  {"id": "222222222222", "name": "workload-payments-prod-eu-0002", "ouId": "ou-7f3k-q9x2m4ab"},
                  {"id": "111111111111", "name": "workload-identity-prod-eu-0001", "ouId": "ou-7f3k-w81hz2cd"}
                ],
                "skipped": [
                  {"accountId": "333333333333", "accountName": "old-sandbox", "ouId": "ou-7f3k-0pl5ve9q",
                   "errorCode": "ACCOUNT_NOT_ACTIVE", "errorMessage": "The account is SUSPENDED; it was not attempted."}
                ],
                "excludedCount": 1,
                "startedAt": "2025-03-01T10:00:00.123Z"
              },
              "results": [
                {"accountId": "222222222222", "status": "SUCCEEDED",
                 "checks": [{"checkId": "caller-identity", "status": "COMPLIANT",
                             "detail": "arn:aws:sts::222222222222:assumed-role/aws-controltower-AdministratorExecutionRole/CROSS_ACCOUNT_ACCESS_FROM_CTAUDIT"}],
                 "durationMs": 812},
                {"accountId": "111111111111", "status": "FAILED",
                 "error": {"Error": "com.auditremediation.core.error.ThrottledException",
                 "Cause": "{\\"errorMessage\\":\\"sts:AssumeRole in 111111111111 was throttled (Throttling) after the SDK's retries\\",\\"errorType\\":\\"com.auditremediation.core.error.ThrottledException\\",\\"stackTrace\\":[\\"com.auditremediation.checkaccount.AccountChecker.assumeRole(AccountChecker.java:88)\\"]}"}}
              ],
              "executionName": "sweep-2025-03-01"
            }
            """;

    private final BuildReportHandler handler = new BuildReportHandler(new ReportBuilder(Fixtures.CLOCK, ReportBuilder.DEFAULT_BYTE_BUDGET),
            new ReportDelivery(null, null, null));

    @Test
    void aCaughtErrorWithoutACauseStillBecomesARow() throws Exception {
        String input = STATE_INPUT.replaceFirst("(?s)\\{\"accountId\": \"111111111111\", \"status\": \"FAILED\",.*?\\]\\}\"\\}\\}",
                "{\"accountId\": \"111111111111\", \"status\": \"FAILED\", \"error\": {\"Error\": \"States.Timeout\"}}");

        JsonNode row = Json.mapper().readTree(invoke(input)).get("accounts").get(0);

        assertThat(input).contains("States.Timeout");
        assertThat(row.get("accountId").asText()).isEqualTo("111111111111");
        assertThat(row.get("errorCode").asText()).isEqualTo("TIMEOUT");
        assertThat(row.get("errorMessage").asText()).startsWith("States.Timeout");
    }

    @Test
    void turnsTheStateInputIntoTheReportJson() throws Exception {
        String output = invoke(STATE_INPUT);

        JsonNode report = Json.mapper().readTree(output);
        assertThat(report.get("executionName").asText()).isEqualTo("sweep-2025-03-01");
        assertThat(report.get("startedAt").asText()).isEqualTo("2025-03-01T10:00:00.123Z");
        assertThat(report.get("finishedAt").asText()).isEqualTo("2025-03-01T10:04:12.500Z");
        assertThat(report.get("context").get("mode").asText()).isEqualTo("audit");
        assertThat(report.get("summary").toString()).isEqualTo("{\"total\":3,\"succeeded\":1,\"failed\":1,\"skipped\":1,"
                + "\"excluded\":1,\"checks\":{\"caller-identity\":{\"COMPLIANT\":1}}}");
        assertThat(report.get("failuresByCode").toString()).isEqualTo("{\"THROTTLED\":1}");
        assertThat(report.get("accounts").get(0).toString()).isEqualTo("{\"accountId\":\"111111111111\","
                + "\"accountName\":\"workload-identity-prod-eu-0001\",\"ouId\":\"ou-7f3k-w81hz2cd\",\"status\":\"FAILED\","
                + "\"errorCode\":\"THROTTLED\",\"errorMessage\":\"com.auditremediation.core.error.ThrottledException:"
                + " sts:AssumeRole in 111111111111 was throttled (Throttling) after the SDK's retries\"}");
        assertThat(report.get("accounts").get(1).get("status").asText()).isEqualTo("SKIPPED");
        assertThat(report.get("accounts").get(2).get("checks").get(0).get("status").asText()).isEqualTo("COMPLIANT");
        assertThat(report.get("accounts").get(2).get("compliance").toString()).isEqualTo("{\"COMPLIANT\":1}");
        assertThat(report.has("truncated")).isFalse();
        assertThat(report.has("note")).isFalse();
        assertThat(Json.mapper().readValue(output, Report.class).failuresByCode()).containsEntry(ErrorCode.THROTTLED, 1);
    }

    @Test
    void logsOneLineWithTheCountsAndTheExecutionName() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            invoke(STATE_INPUT);
        } finally {
            System.setOut(original);
        }

        String[] lines = captured.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).hasSize(1);
        JsonNode line = Json.mapper().readTree(lines[0]);
        assertThat(line.get("event").asText()).isEqualTo("report built");
        assertThat(line.get("executionName").asText()).isEqualTo("sweep-2025-03-01");
        assertThat(line.get("total").asInt()).isEqualTo(3);
        assertThat(line.get("succeeded").asInt()).isEqualTo(1);
        assertThat(line.get("failed").asInt()).isEqualTo(1);
        assertThat(line.get("skipped").asInt()).isEqualTo(1);
        assertThat(line.get("truncated").asBoolean()).isFalse();
    }

    @Test
    void resultsThatAreNotAnArrayAreRejectedNamingTheField() {
        String input = "{\"listing\": {\"maxConcurrency\": 40, \"accounts\": [], \"excludedCount\": 0}, \"results\": \"x\", \"executionName\": \"e\", \"startedAt\": \"s\"}";

        assertThatThrownBy(() -> invoke(input))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("results"))
                .hasMessageContaining("JSON array");
    }

    @Test
    void aMissingListingIsRejectedNamingTheField() {
        String input = "{\"results\": [], \"executionName\": \"e\", \"startedAt\": \"s\"}";

        assertThatThrownBy(() -> invoke(input))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("listing"))
                .hasMessageContaining("$.listing");
    }

    @Test
    void missingResultsAreRejectedNamingTheField() {
        String input = "{\"listing\": {\"maxConcurrency\": 40, \"accounts\": [], \"excludedCount\": 0}, \"executionName\": \"e\", \"startedAt\": \"s\"}";

        assertThatThrownBy(() -> invoke(input))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("results"));
    }

    @Test
    void anUnknownStatusInAResultIsRejectedNamingItsPlace() {
        String input = "{\"listing\": {\"maxConcurrency\": 40, \"accounts\": [], \"excludedCount\": 0}, \"results\": [{\"accountId\": \"111111111111\", \"status\": \"DONE\"}]}";

        assertThatThrownBy(() -> invoke(input))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("results[0].status"));
    }

    @Test
    void aNullResultFromTheMapIsReportedNotFatal() throws Exception {
        String input = STATE_INPUT.replace("\"results\": [", "\"results\": [null,");

        JsonNode report = Json.mapper().readTree(invoke(input));

        assertThat(report.get("summary").get("total").asInt()).isEqualTo(3);
        assertThat(report.get("note").asText()).isEqualTo("1 of the Map's results were null or had no account id and match no account.");
    }

    private String invoke(String input) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), output, null);
        return output.toString(StandardCharsets.UTF_8);
    }
}
