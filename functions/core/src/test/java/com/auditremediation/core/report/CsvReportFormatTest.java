package com.auditremediation.core.report;

import com.auditremediation.core.Json;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.Report;
import com.auditremediation.core.model.ReportRow;
import com.auditremediation.core.model.SweepChanges;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CsvReportFormatTest {

    private final CsvReportFormat format = new CsvReportFormat();

    @Test
    void parsesBackToOneLinePerAccountAndCheckResultOrPerAccountWithoutResults() throws IOException {
        for (Report report : List.of(SampleReports.mixed(), SampleReports.partlyExported())) {
            parsesBackToOneLinePerAccountAndCheckResultOrPerAccountWithoutResults(report);
        }
    }

    private void parsesBackToOneLinePerAccountAndCheckResultOrPerAccountWithoutResults(Report report) throws IOException {
        List<List<String>> lines = parse(format.render(report));

        assertThat(lines.get(0)).containsExactlyElementsOf(CsvReportFormat.COLUMNS);
        List<List<String>> expected = new ArrayList<>();
        for (ReportRow row : report.accounts()) {
            if (row.checks() == null || row.checks().isEmpty()) {
                expected.add(expectedLine(row, null));
            } else {
                row.checks().forEach(check -> expected.add(expectedLine(row, check)));
            }
        }
        assertThat(lines.subList(1, lines.size())).containsExactlyElementsOf(expected);
        assertThat(lines).as("header, failed (two with results), skipped, six succeeded with six results").hasSize(1 + (1 + 1 + 4 + 1) + 2 + 6 * 6);
    }

    @Test
    void theColumnsBeforeTheFindingsKeepTheirPlacesAndTheFindingsComeLastThenThePathAndTheChangeThenTheException() {
        String header = new String(format.render(SampleReports.report(List.of(), 0, null, null)), StandardCharsets.UTF_8);

        assertThat(header).isEqualTo("account_id,account_name,ou_id,status,error_code,error_message,check_id,region,check_status,detail,"
                + "before,after,duration_ms,findings_exported,findings_skipped,findings_refused,findings_reasons,findings_note,ou_path,change,"
                + "exception_source,exception_reason,exception_owner,exception_expires,exception_ticket\r\n");
    }

    @Test
    void theDocumentationNamesEveryColumnAndTheHeaderLine() throws IOException {
        String page = Files.readString(Path.of("../../docs/inputs-and-outputs.md"), StandardCharsets.UTF_8);
        int start = page.indexOf("\n## report.csv\n");
        String section = page.substring(start, page.indexOf("\n## ", start + 1));

        assertThat(CsvReportFormat.COLUMNS).allSatisfy(column -> assertThat(section).as("docs/inputs-and-outputs.md's report.csv section")
                .contains("`" + column + "`"));
        assertThat(section).contains("\n" + String.join(",", CsvReportFormat.COLUMNS) + "\n");
    }

    @Test
    void eachLineCarriesItsAccountsFindingsDeliveryWithTheReasonsAsJson() throws IOException {
        List<List<String>> lines = parse(format.render(SampleReports.partlyExported()));

        assertThat(findingsCells(lines, "web-prod")).containsOnly(
                List.of("5", "1", "0", "{\"SECURITY_HUB_NOT_ENABLED\":1}", "Security Hub is not enabled in us-east-1 (1 skipped)"));
        assertThat(findingsCells(lines, "analytics-prod")).containsOnly(
                List.of("0", "0", "6", "{\"ACCESS_DENIED\":6}", SampleReports.accessDenied(6).note()));
        assertThat(findingsCells(lines, "payments-prod")).as("a failed account that has results exported them")
                .containsOnly(List.of("4", "0", "0", "", ""));
        assertThat(findingsCells(lines, "legacy-unenrolled")).as("no results, nothing to export").containsOnly(List.of("", "", "", "", ""));
        assertThat(Json.mapper().readValue(findingsCells(lines, "-pricing-dev").get(0).get(3), Map.class))
                .isEqualTo(Map.of("SECURITY_HUB_NOT_ENABLED", 6));
    }

    @Test
    void withTheExportOffTheFindingsColumnsAreEmptyNotZero() throws IOException {
        List<List<String>> lines = parse(format.render(SampleReports.mixed()));

        assertThat(lines.subList(1, lines.size())).extracting(cells -> cells.subList(CsvReportFormat.COLUMNS.indexOf("findings_exported"),
                        CsvReportFormat.COLUMNS.indexOf("findings_note") + 1))
                .containsOnly(List.of("", "", "", "", ""));
    }

    @Test
    void eachLineSaysItsOuPathAndHowItsResultChangedSinceThePreviousSweep() throws IOException {
        Report mixed = SampleReports.mixed();
        ReportRow pricing = mixed.accounts().stream().filter(row -> row.accountName().equals("-pricing-dev")).findFirst().orElseThrow();
        ReportRow web = mixed.accounts().stream().filter(row -> row.accountName().equals("web-prod")).findFirst().orElseThrow();
        SweepChanges changes = new SweepChanges(SweepChanges.Basis.SAME_SCOPE, null, null, null, new SweepChanges.Counts(1, 1, 1, 0, 1, 0), Map.of(),
                List.of(new SweepChanges.AccountChanges(pricing.accountId(), pricing.accountName(), pricing.ouId(), null,
                                List.of(new SweepChanges.ResultRef("ebs-default-encryption", "eu-west-1")),
                                List.of(new SweepChanges.ResultRef("s3-account-public-access-block", null)),
                                List.of(new SweepChanges.ResultRef("iam-password-policy", null)), null),
                        new SweepChanges.AccountChanges(web.accountId(), web.accountName(), web.ouId(), SweepChanges.AccountChange.NEW,
                                null, null, null, null)));
        Report report = mixed.withScope(null, Map.of(SampleReports.OU_SANDBOX, "Sandbox/Teams")).withChanges(changes);

        List<List<String>> lines = parse(format.render(report));

        int path = CsvReportFormat.COLUMNS.indexOf("ou_path");
        int change = CsvReportFormat.COLUMNS.indexOf("change");
        assertThat(change).isEqualTo(CsvReportFormat.COLUMNS.indexOf("exception_source") - 1);
        Map<String, String> pricingChanges = new java.util.HashMap<>();
        lines.stream().filter(line -> line.get(1).equals("'-pricing-dev"))
                .forEach(line -> pricingChanges.put(line.get(6) + " " + line.get(7), line.get(change)));
        assertThat(pricingChanges).containsEntry("ebs-default-encryption eu-west-1", "NEWLY_FAILING")
                .containsEntry("ebs-default-encryption us-east-1", "").containsEntry("s3-account-public-access-block ", "RESOLVED")
                .containsEntry("iam-password-policy ", "STILL_FAILING").containsEntry("caller-identity ", "");
        assertThat(lines).filteredOn(line -> line.get(1).equals("web-prod")).hasSize(6).extracting(line -> line.get(change)).containsOnly("NEW_ACCOUNT");
        assertThat(lines).filteredOn(line -> SampleReports.OU_SANDBOX.equals(line.get(2))).isNotEmpty()
                .extracting(line -> line.get(path)).containsOnly("Sandbox/Teams");
        assertThat(lines.subList(1, lines.size())).filteredOn(line -> SampleReports.OU_PROD.equals(line.get(2))).extracting(line -> line.get(path))
                .containsOnly("");
    }

    @Test
    void beforeAndAfterAreJsonObjectsThatParseBack() throws IOException {
        Report report = SampleReports.mixed();
        ReportRow remediated = report.accounts().stream().filter(row -> row.accountName().equals("analytics-prod")).findFirst().orElseThrow();
        CheckResult fixed = remediated.checks().get(1);

        List<List<String>> lines = parse(format.render(report));

        List<String> line = lines.stream().filter(cells -> cells.get(1).equals("analytics-prod") && cells.get(6).equals("iam-password-policy"))
                .findFirst().orElseThrow();
        assertThat(line.get(8)).isEqualTo("REMEDIATED");
        assertThat(Json.mapper().readValue(line.get(10), Map.class)).isEqualTo(fixed.before());
        assertThat(Json.mapper().readValue(line.get(11), Map.class)).isEqualTo(fixed.after());
    }

    @Test
    void aNameThatASpreadsheetWouldRunAsAFormulaGetsALeadingQuote() throws IOException {
        List<List<String>> lines = parse(format.render(SampleReports.mixed()));

        assertThat(lines).extracting(cells -> cells.get(1))
                .contains("'" + SampleReports.FORMULA_NAME, "'-pricing-dev")
                .doesNotContain(SampleReports.FORMULA_NAME, "-pricing-dev");
        assertThat(CsvReportFormat.field("+1")).isEqualTo("'+1");
        assertThat(CsvReportFormat.field("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(CsvReportFormat.field("\tx")).isEqualTo("'\tx");
        assertThat(CsvReportFormat.field("a=b")).isEqualTo("a=b");
    }

    @Test
    void quotesCommasQuotesAndNewlinesAndEndsEveryLineWithCrlf() throws IOException {
        byte[] csv = format.render(SampleReports.mixed());
        String text = new String(csv, StandardCharsets.UTF_8);

        List<List<String>> lines = parse(csv);

        assertThat(lines).extracting(cells -> cells.get(1)).contains(SampleReports.AWKWARD_NAME);
        assertThat(text).contains("\"ops, \"\"shared\"\"\nsecond line\"");
        assertThat(text).endsWith("\r\n");
        String withoutQuotedNewlines = text.replace("\nsecond line", "");
        assertThat(withoutQuotedNewlines.split("\r\n", -1)).hasSize(lines.size() + 1)
                .allSatisfy(line -> assertThat(line).doesNotContain("\n"));
    }

    @Test
    void anExceptedResultCarriesItsExceptionInTheLastColumnsAndEveryOtherLineLeavesThemEmpty() throws IOException {
        List<List<String>> lines = parse(format.render(SampleReports.excepted()));

        int source = CsvReportFormat.COLUMNS.indexOf("exception_source");
        assertThat(CsvReportFormat.COLUMNS.subList(source, CsvReportFormat.COLUMNS.size()))
                .containsExactly("exception_source", "exception_reason", "exception_owner", "exception_expires", "exception_ticket");
        List<List<String>> excepted = lines.subList(1, lines.size()).stream().filter(line -> !line.get(source).isEmpty()).toList();
        assertThat(excepted).extracting(line -> line.get(6) + " " + line.get(7) + " " + line.get(8) + ": "
                        + String.join(" | ", line.subList(source, line.size())))
                .containsExactlyInAnyOrder(
                        "root-account-hygiene  NON_COMPLIANT: file | break-glass account: root MFA is held by the vault team"
                                + " | security@example.com | 2025-03-11 | SEC-42",
                        // A note's text comes from a person in a member account: formula-guarded like every other field.
                        "ebs-default-encryption eu-west-1 NON_COMPLIANT: securityhub | '=known: no EBS volumes in this account"
                                + " | alice@example.com |  | ");
        assertThat(lines.subList(1, lines.size())).filteredOn(line -> line.get(8).equals("NON_COMPLIANT") && line.get(source).isEmpty())
                .as("the non-compliant results that need work").isNotEmpty();
    }

    @Test
    void aReportWithoutAccountsIsTheHeaderAlone() {
        Report empty = SampleReports.report(List.of(), 0, null, null);

        String text = new String(format.render(empty), StandardCharsets.UTF_8);

        assertThat(text).isEqualTo(String.join(",", CsvReportFormat.COLUMNS) + "\r\n");
    }

    @Test
    void isNamedAndTypedForItsFile() {
        assertThat(format.fileName()).isEqualTo("report.csv");
        assertThat(format.contentType()).startsWith("text/csv; charset=utf-8");
    }

    private static List<String> expectedLine(ReportRow row, CheckResult check) {
        return List.of(
                text(row.accountId()), guarded(row.accountName()), text(row.ouId()), row.status().name(),
                row.errorCode() == null ? "" : row.errorCode().name(), guarded(row.errorMessage()),
                check == null ? "" : check.checkId(), check == null ? "" : text(check.region()),
                check == null ? "" : check.status().name(), check == null ? "" : guarded(check.detail()),
                check == null || check.before() == null ? "" : Json.write(check.before()),
                check == null || check.after() == null ? "" : Json.write(check.after()),
                row.durationMs() == null ? "" : row.durationMs().toString(),
                row.findings() == null ? "" : Integer.toString(row.findings().exported()),
                row.findings() == null ? "" : Integer.toString(row.findings().skipped()),
                row.findings() == null ? "" : Integer.toString(row.findings().refused()),
                row.findings() == null || row.findings().reasons().isEmpty() ? "" : Json.write(row.findings().reasons()),
                row.findings() == null ? "" : guarded(row.findings().note()),
                "", "", "", "", "", "", "");
    }

    /** The findings' five cells of every line of the account named {@code accountName}. */
    private static List<List<String>> findingsCells(List<List<String>> lines, String accountName) {
        List<List<String>> cells = lines.stream().filter(line -> line.get(1).equals(accountName) || line.get(1).equals("'" + accountName))
                .map(line -> line.subList(CsvReportFormat.COLUMNS.indexOf("findings_exported"), CsvReportFormat.COLUMNS.indexOf("findings_note") + 1)).toList();
        assertThat(cells).as(accountName + "'s lines").isNotEmpty();
        return cells;
    }

    /** What a spreadsheet must show: the value, with a quote in front where it would start a formula. */
    private static String guarded(String value) {
        return value != null && !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : text(value);
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    /** RFC 4180 parsed by Jackson's CSV module, each record as its list of fields. */
    private static List<List<String>> parse(byte[] csv) throws IOException {
        CsvMapper mapper = new CsvMapper();
        try (MappingIterator<List<String>> records = mapper.readerForListOf(String.class)
                .with(CsvParser.Feature.WRAP_AS_ARRAY).readValues(csv)) {
            return records.readAll();
        }
    }
}
