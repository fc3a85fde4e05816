package com.auditremediation.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ReportCommandTest {

    @TempDir
    Path temp;

    @Test
    void rendersTheSummaryThenOneRowPerAccountFailuresFirst() {
        Path report = CliRunner.resource("report.json");

        CliRunner.Result result = CliRunner.run("report", report.toString(), "--out", temp.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("Execution  sweep-20250102T030405Z  (started 2025-01-02T03:04:05Z, finished 2025-01-02T03:04:15Z)")
                .contains("Settings   mode AUDIT, role aws-controltower-AdministratorExecutionRole, checks caller-identity,s3-block-public-access, regions eu-west-1")
                .contains("Accounts   4 total: 2 succeeded, 1 failed, 1 skipped; 1 excluded on request")
                .contains("Checks     caller-identity         2 COMPLIANT\n")
                .contains("           s3-block-public-access  1 COMPLIANT, 1 NON_COMPLIANT\n")
                .contains("Failures   ROLE_NOT_ASSUMABLE 1");
        List<String> lines = result.out().lines().toList();
        int header = indexOf(lines, "ACCOUNT ");
        assertThat(lines.get(header)).matches("ACCOUNT\\s+NAME\\s+OU\\s+STATUS\\s+CODE\\s+PASSED\\s+MESSAGE");
        assertThat(lines.subList(header + 1, header + 5)).satisfiesExactly(
                line -> assertThat(line).matches("444444444444\\s+legacy-unenrolled\\s+r-ab12\\s+FAILED\\s+ROLE_NOT_ASSUMABLE\\s+-\\s+Could not assume .*"),
                line -> assertThat(line).matches("333333333333\\s+sandbox-retired\\s+ou-ab12-sandbox1\\s+SKIPPED\\s+ACCOUNT_NOT_ACTIVE\\s+-\\s+the account is SUSPENDED.*"),
                line -> assertThat(line).matches("222222222222\\s+sandbox-alice\\s+ou-ab12-sandbox1\\s+SUCCEEDED\\s+-\\s+1/2\\s+s3-block-public-access NON_.*"),
                line -> assertThat(line).matches("111111111111\\s+web-prod\\s+ou-ab12-prod0001\\s+SUCCEEDED\\s+-\\s+2/2"));
    }

    @Test
    void keepsTheTableWithinTheTerminalAndPrintsCutErrorMessagesInFull() {
        Path report = CliRunner.resource("report.json");

        CliRunner.Result result = CliRunner.run("report", report.toString(), "--out", temp.toString());

        List<String> lines = result.out().lines().toList();
        int header = indexOf(lines, "ACCOUNT ");
        assertThat(lines.subList(header, header + 5)).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(Commands.terminalWidth()));
        assertThat(lines.get(header + 1)).endsWith("...");
        assertThat(result.out()).contains("Messages in full:")
                .contains("legacy-unenrolled (444444444444): Could not assume arn:aws:iam::444444444444:role/aws-controltower-AdministratorExecutionRole"
                        + " in 444444444444 (AccessDenied). Is the account enrolled in Control Tower, and does the role exist and trust the Audit account?")
                .doesNotContain("sandbox-alice (222222222222)");
    }

    @Test
    void writesReportHtmlAndCsvBesideTheReportAndPrintsTheirPaths() throws IOException {
        Path report = Files.copy(CliRunner.resource("report.json"), temp.resolve("report.json"));

        CliRunner.Result result = CliRunner.run("report", report.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("HTML report: " + temp.resolve("report.html"), "CSV report: " + temp.resolve("report.csv"));
        String html = Files.readString(temp.resolve("report.html"));
        assertThat(html).startsWith("<!DOCTYPE html>")
                .contains("444444444444", "legacy-unenrolled", "333333333333", "222222222222", "111111111111", "ROLE_NOT_ASSUMABLE");
        assertThat(html.indexOf("legacy-unenrolled")).as("failures first").isLessThan(html.indexOf("web-prod"));
        List<String> csv = Files.readString(temp.resolve("report.csv")).lines().toList();
        assertThat(csv.get(0)).startsWith("account_id,account_name,ou_id,status,");
        assertThat(csv.subList(1, csv.size())).as("one line per check result, one per account without results")
                .hasSize(2 + 2 + 1 + 1)
                .extracting(line -> line.substring(0, 12))
                .containsOnly("111111111111", "222222222222", "333333333333", "444444444444");
    }

    @Test
    void anOutThatCannotBeWrittenIsOneLineAndExitCodeThree() throws IOException {
        Path notADirectory = Files.writeString(temp.resolve("a-file"), "x");

        CliRunner.Result result = CliRunner.run("report", CliRunner.resource("report.json").toString(), "--out", notADirectory.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(result.errLines()).singleElement().asString()
                .startsWith("audit-remediation: cannot write " + notADirectory.resolve("report.csv")).endsWith("choose another --out");
    }

    @Test
    void printsTheReportsFilesInS3AndWhatCouldNotBeDelivered() throws IOException {
        String json = Files.readString(CliRunner.resource("report.json")).strip();
        Path delivered = Files.writeString(temp.resolve("delivered.json"), json.substring(0, json.length() - 1)
                + ", \"files\": {\"json\": \"s3://reports-bucket/reports/2025/01/02/sweep-20250102T030405Z/report.json\","
                + " \"latestJson\": \"s3://reports-bucket/latest/report.json\"},"
                + " \"deliveryWarnings\": [\"SNS: could not publish to arn:aws:sns:eu-west-1:123456789012:findings: NotFound\"]}");

        CliRunner.Result result = CliRunner.run("report", delivered.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("Files      s3://reports-bucket/reports/2025/01/02/sweep-20250102T030405Z/report.json\n")
                .contains("Warning    SNS: could not publish to arn:aws:sns:eu-west-1:123456789012:findings: NotFound\n")
                .doesNotContain("latest/report.json");
    }

    @Test
    void aMissingFileIsOneLineAndExitCodeTwo() {
        CliRunner.Result result = CliRunner.run("report", temp.resolve("missing.json").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.errLines()).singleElement().asString()
                .isEqualTo("audit-remediation: cannot read " + temp.resolve("missing.json") + ": no such file");
    }

    @Test
    void aFileThatIsNotAReportIsOneLineAndExitCodeTwo() throws IOException {
        Path notReport = Files.writeString(temp.resolve("array.json"), "[1, 2]");
        Path empty = Files.writeString(temp.resolve("empty-object.json"), "{}");

        CliRunner.Result array = CliRunner.run("report", notReport.toString());
        CliRunner.Result object = CliRunner.run("report", empty.toString());

        assertThat(array.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(array.errLines()).singleElement().asString().startsWith("audit-remediation: " + notReport + " is not an audit-remediation report (");
        assertThat(object.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(object.errLines()).singleElement().asString().endsWith(" is not an audit-remediation report: it has no summary");
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starts with " + prefix + " in " + lines);
    }
}
