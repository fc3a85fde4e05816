package com.auditremediation.buildreport;

import com.auditremediation.core.Json;
import com.auditremediation.core.model.Report;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportMetricsTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    private final ReportMetrics metrics = new ReportMetrics(() -> out, "audit-remediation", Fixtures.CLOCK);

    @Test
    void theAccountCountsAreOneEmfLineWithTheProjectDimension() throws Exception {
        Report report = DeliveryFixtures.report("sweep-2025-03-01");

        metrics.emit(report);

        List<JsonNode> lines = lines();
        JsonNode accounts = lines.get(0);
        assertEmf(accounts);
        JsonNode directive = accounts.get("_aws").get("CloudWatchMetrics").get(0);
        assertThat(directive.get("Namespace").asText()).isEqualTo("AuditRemediation");
        assertThat(directive.get("Dimensions").toString()).isEqualTo("[[\"Project\"]]");
        assertThat(names(directive)).containsExactly("Accounts", "SucceededAccounts", "FailedAccounts", "SkippedAccounts");
        assertThat(accounts.get("_aws").get("Timestamp").asLong()).isEqualTo(Fixtures.NOW.toEpochMilli());
        assertThat(accounts.get("Project").asText()).isEqualTo("audit-remediation");
        assertThat(accounts.get("Accounts").asInt()).isEqualTo(report.summary().total()).isEqualTo(3);
        assertThat(accounts.get("SucceededAccounts").asInt()).isEqualTo(2);
        assertThat(accounts.get("FailedAccounts").asInt()).isEqualTo(1);
        assertThat(accounts.get("SkippedAccounts").asInt()).isZero();
    }

    @Test
    void eachCheckHasALineWithItsNonCompliantResultsByProjectAndCheckId() throws Exception {
        Report report = DeliveryFixtures.report("sweep-2025-03-01");

        metrics.emit(report);

        List<JsonNode> checks = lines().subList(1, lines().size());
        assertThat(checks).hasSize(report.summary().checks().size()).hasSize(5);
        List<String> seen = new ArrayList<>();
        for (JsonNode line : checks) {
            assertEmf(line);
            JsonNode directive = line.get("_aws").get("CloudWatchMetrics").get(0);
            assertThat(directive.get("Dimensions").toString()).isEqualTo("[[\"Project\",\"CheckId\"]]");
            assertThat(names(directive)).containsExactly("NonCompliantResults");
            seen.add(line.get("CheckId").asText() + "=" + line.get("NonCompliantResults").asInt());
        }
        assertThat(seen).containsExactly("caller-identity=0", "iam-password-policy=1", "s3-account-public-access-block=1",
                "ebs-default-encryption=2", "root-account-hygiene=1");
    }

    /**
     * What CloudWatch requires of an EMF line (the specification's JSON schema, by hand): an object with {@code _aws}
     * holding an integer {@code Timestamp} and a non-empty {@code CloudWatchMetrics} array; each directive has a
     * {@code Namespace} of 1 to 255 characters, {@code Dimensions} as an array of at most one dimension set here, each
     * of at most 30 names that are top-level string members, and 1 to 100 {@code Metrics} whose names are unique and
     * top-level numbers, with a valid unit.
     */
    private static void assertEmf(JsonNode line) {
        assertThat(line.isObject()).isTrue();
        JsonNode aws = line.get("_aws");
        assertThat(aws.get("Timestamp").isIntegralNumber()).isTrue();
        assertThat(aws.get("CloudWatchMetrics").isArray()).isTrue();
        assertThat(aws.get("CloudWatchMetrics")).isNotEmpty();
        for (JsonNode directive : aws.get("CloudWatchMetrics")) {
            assertThat(directive.get("Namespace").asText()).isNotEmpty().hasSizeLessThanOrEqualTo(255);
            for (JsonNode set : directive.get("Dimensions")) {
                assertThat(set.size()).isBetween(1, 30);
                set.forEach(dimension -> assertThat(line.get(dimension.asText()).isTextual()).as(dimension.asText()).isTrue());
            }
            assertThat(directive.get("Metrics").size()).isBetween(1, 100);
            Set<String> names = new HashSet<>();
            for (JsonNode metric : directive.get("Metrics")) {
                String name = metric.get("Name").asText();
                assertThat(names.add(name)).as("unique " + name).isTrue();
                assertThat(metric.get("Unit").asText()).isEqualTo("Count");
                assertThat(line.get(name).isNumber()).as(name).isTrue();
            }
        }
    }

    private static List<String> names(JsonNode directive) {
        List<String> names = new ArrayList<>();
        directive.get("Metrics").forEach(metric -> names.add(metric.get("Name").asText()));
        return names;
    }

    private List<JsonNode> lines() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : printed.toString(StandardCharsets.UTF_8).split("\n")) {
            lines.add(Json.mapper().readTree(line));
        }
        return lines;
    }
}
