package com.auditremediation.cli;

import com.auditremediation.local.LocalClients;
import com.auditremediation.local.MotoExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.s3.S3Client;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code exceptions validate} and {@code exceptions push} (to moto's S3, the bucket found from a CloudFormation stack's
 * output as on AWS), and the report table with excepted results.
 */
class ExceptionsCommandTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    @TempDir
    Path temp;

    @BeforeAll
    static void credentialsForTheDefaultChain() {
        CliRunner.useTestCredentials();
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(temp.resolve(name), content);
    }

    private static String inDays(int days) {
        return LocalDate.now(ZoneOffset.UTC).plusDays(days).toString();
    }

    private String valid() {
        return "exceptions:\n"
                + "  - organizationalUnits: [ou-ab12-sandbox1]\n    checks: [guardduty-enabled]\n    regions: [eu-west-1]\n"
                + "    reason: sandbox, no production data\n    owner: sandbox@example.com\n    expires: '" + inDays(30) + "'\n    ticket: SEC-4\n"
                + "  - accounts: ['111122223333']\n    controls: [IAM.7]\n    reason: legacy IdP\n    owner: identity@example.com\n"
                + "    expires: '" + inDays(-1) + "'\n";
    }

    @Test
    void validateListsTheEntriesAndTheirStateAndRefusesABadOneNamingItsEntryAndField() throws IOException {
        CliRunner.Result ok = CliRunner.run("exceptions", "validate", file("exceptions.yaml", valid()).toString());
        CliRunner.Result bad = CliRunner.run("exceptions", "validate", file("bad.yaml", valid().replace("    owner: identity@example.com\n", "")).toString());

        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("exceptions.yaml: 2 entries, valid; 1 in force, 1 expired (as of " + inDays(0) + ", UTC)",
                "  exceptions[0] until " + inDays(30) + ", owner sandbox@example.com, SEC-4: guardduty-enabled in eu-west-1 in ou-ab12-sandbox1",
                "  exceptions[1] EXPIRED " + inDays(-1) + ", owner identity@example.com: iam-password-policy in 111122223333");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(bad.errLines()).singleElement().asString().isEqualTo("audit-remediation: " + temp.resolve("bad.yaml")
                + ": INVALID_INPUT: field 'exceptions[1].owner': is missing; every exception says who answers for it, for example a team's address");
    }

    @Test
    void pushValidatesThenUploadsToTheStacksBucketAtItsExceptionsKey() throws IOException {
        try (CloudFormationClient cloudFormation = LocalClients.build(CloudFormationClient.builder(), MOTO.endpoint(), Region.EU_WEST_1);
             S3Client s3 = LocalClients.build(S3Client.builder().forcePathStyle(true), MOTO.endpoint(), Region.EU_WEST_1)) {
            cloudFormation.createStack(r -> r.stackName("audit-remediation").templateBody("""
                    {"Parameters": {"ExceptionsKey": {"Type": "String", "Default": "config/exceptions.yaml"}},
                     "Resources": {"ReportBucket": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "stack-reports"}}},
                     "Outputs": {"ReportBucketName": {"Value": {"Ref": "ReportBucket"}}}}"""));
            Path exceptions = file("exceptions.yaml", valid());

            CliRunner.Result pushed = CliRunner.run("exceptions", "push", exceptions.toString(), "--endpoint", MOTO.endpoint().toString(),
                    "--region", "eu-west-1");
            CliRunner.Result refused = CliRunner.run("exceptions", "push", file("bad.yaml", "exceptions:\n  - accounts: [x]\n").toString(),
                    "--endpoint", MOTO.endpoint().toString(), "--region", "eu-west-1", "--bucket", "stack-reports", "--key", "config/bad.yaml");
            CliRunner.Result otherKey = CliRunner.run("exceptions", "push", exceptions.toString(), "--endpoint", MOTO.endpoint().toString(),
                    "--region", "eu-west-1", "--key", "config/sandbox-week.yaml");

            assertThat(pushed.exitCode()).as(pushed.err()).isZero();
            assertThat(pushed.out()).contains("Uploaded to s3://stack-reports/config/exceptions.yaml").contains("every sweep reads it from now on");
            assertThat(s3.getObjectAsBytes(r -> r.bucket("stack-reports").key("config/exceptions.yaml")).asUtf8String()).isEqualTo(valid());
            assertThat(refused.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(refused.errLines()).singleElement().asString().contains("INVALID_INPUT: field 'exceptions[0].accounts[0]'");
            assertThat(s3.listObjectsV2(r -> r.bucket("stack-reports")).contents()).extracting(o -> o.key())
                    .containsExactlyInAnyOrder("config/exceptions.yaml", "config/sandbox-week.yaml");
            assertThat(otherKey.out()).contains("a sweep reads it when its input says \"ExceptionsKey\": \"config/sandbox-week.yaml\"");
        }
    }

    @Test
    void theReportTableCountsExceptedResultsApartAndShowsTheEntriesExpiringAndExpired() {
        CliRunner.Result result = CliRunner.run("report", CliRunner.resource("report-with-exceptions.json").toString(), "--out", temp.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains(
                "Checks     iam-password-policy  2 NON_COMPLIANT (1 of them excepted)\n",
                "Exceptions 2 non-compliant results excepted (file 1, securityhub 1), 1 need work; 1 entry in force from"
                        + " s3://reports-bucket/config/exceptions.yaml\n",
                "           expires 2026-12-15: exceptions[0] (owner sandbox@example.com, SEC-4) sandbox: no production data\n",
                "           expired, no longer applied: exceptions[1] (2026-11-30, owner platform@example.com)\n");
        List<String> lines = result.out().lines().toList();
        String header = lines.stream().filter(line -> line.startsWith("ACCOUNT ")).findFirst().orElseThrow();
        assertThat(header).matches("ACCOUNT\\s+NAME\\s+OU\\s+STATUS\\s+CODE\\s+PASSED\\s+EXCEPTED\\s+MESSAGE");
        assertThat(lines).anyMatch(line -> line.matches("222222222222\\s+sandbox-alice\\s+\\S+\\s+SUCCEEDED\\s+-\\s+0/2\\s+2"))
                .anyMatch(line -> line.matches("111111111111\\s+web-prod\\s+\\S+\\s+SUCCEEDED\\s+-\\s+1/2\\s+-\\s+iam-password-policy NON_COMPLIANT.*"));
    }
}
