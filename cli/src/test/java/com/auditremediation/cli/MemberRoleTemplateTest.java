package com.auditremediation.cli;

import com.auditremediation.core.Json;
import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.local.SamTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * member-role.yaml against the live output of {@code policy}: when the catalog changes (a new check), these fail until
 * {@value MemberRoleTemplate#REGENERATE} has written the new documents.
 */
class MemberRoleTemplateTest {

    private static final Path FILE = CliRunner.HOME.resolve(MemberRoleTemplate.FILE);

    @Test
    void eachModesPolicyIsWhatPolicyPrintsForThatMode() throws IOException {
        SamTemplate template = SamTemplate.load(FILE);

        for (String mode : List.of("audit", "remediate")) {
            CliRunner.Result printed = CliRunner.run("policy", "--mode", mode);
            JsonNode inTemplate = Json.mapper().valueToTree(template.resolveTree(policyDocument(template), context(template, mode)));

            assertThat(printed.exitCode()).as(printed.err()).isZero();
            assertThat(inTemplate).as("member-role.yaml's policy for Mode %s differs from `policy --mode %s`: run %s",
                    mode, mode, MemberRoleTemplate.REGENERATE).isEqualTo(Json.mapper().readTree(printed.out()));
        }
    }

    @Test
    void theFileIsExactlyWhatTheRegenerationWrites() throws IOException {
        String current = Files.readString(FILE);

        assertThat(MemberRoleTemplate.render(current, CheckCatalog.shipped()))
                .as("member-role.yaml is not what %s writes", MemberRoleTemplate.REGENERATE).isEqualTo(current);
    }

    @Test
    void updateMemberRoleWritesBothDocumentsIntoACopyAndThenFindsNothingToChange(@TempDir Path dir) throws IOException {
        Path copy = dir.resolve(MemberRoleTemplate.FILE);
        Files.writeString(copy, Files.readString(FILE).replaceAll("(?s)(# policy --mode (audit|remediate): start\\n).*?( *# policy --mode \\2: end)",
                "$1            - {}\n$3"));

        CliRunner.Result first = CliRunner.run("policy", "--update-member-role", copy.toString());
        CliRunner.Result second = CliRunner.run("policy", "--update-member-role", copy.toString());

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("policies written from the catalog");
        assertThat(Files.readString(copy)).isEqualTo(Files.readString(FILE));
        assertThat(second.out()).contains("already match the catalog");
    }

    @Test
    void updateMemberRoleRefusesAPartialPolicyAndAFileWithoutMarkers(@TempDir Path dir) throws IOException {
        Path unmarked = Files.writeString(dir.resolve("other.yaml"), "Resources: {}\n");

        CliRunner.Result partial = CliRunner.run("policy", "--update-member-role", FILE.toString(), "--checks", "iam-password-policy");
        CliRunner.Result noMarkers = CliRunner.run("policy", "--update-member-role", unmarked.toString());

        assertThat(partial.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(partial.err()).contains("leave out --checks");
        assertThat(noMarkers.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(noMarkers.err()).contains("found 0 marked blocks");
        assertThat(Files.readString(unmarked)).isEqualTo("Resources: {}\n");
    }

    @Test
    void theRoleTrustsOnlyTheAuditRoleAndIsNamedByItsParameter() {
        SamTemplate template = SamTemplate.load(FILE);
        SamTemplate.Context context = context(template, "audit");
        Map<String, Object> properties = properties(template);

        assertThat(template.resolveTree(properties.get("AssumeRolePolicyDocument"), context)).isEqualTo(Map.of(
                "Version", "2012-10-17",
                "Statement", List.of(Map.of("Effect", "Allow",
                        "Principal", Map.of("AWS", "arn:aws:iam::111122223333:role/audit-remediation-CheckAccountRole"),
                        "Action", "sts:AssumeRole"))));
        assertThat(template.resolve(properties.get("RoleName"), context)).isEqualTo("audit-remediation-execution");
        String pattern = String.valueOf(castMap(castMap(template.raw().get("Parameters")).get("ExecutionRoleName")).get("AllowedPattern"));
        assertThat("audit-remediation-execution").matches(pattern);
        assertThat("aws-controltower-AdministratorExecutionRole").doesNotMatch(pattern);
    }

    @Test
    void theRemediatePolicyFitsTheSizeIamAllowsForARolesInlinePolicies() {
        SamTemplate template = SamTemplate.load(FILE);

        String minified = Json.write(template.resolveTree(policyDocument(template), context(template, "remediate")));

        // IAM counts a role's inline policies together, without white space, against 10,240 characters.
        assertThat(minified.length()).as("characters of the remediate policy; split it before it reaches IAM's limit").isLessThan(10_240);
    }

    private static SamTemplate.Context context(SamTemplate template, String mode) {
        return SamTemplate.Context.of(template, Map.of("Mode", mode,
                "AuditRoleArn", "arn:aws:iam::111122223333:role/audit-remediation-CheckAccountRole"), "us-east-1", "444455556666");
    }

    private static Object policyDocument(SamTemplate template) {
        List<?> policies = (List<?>) properties(template).get("Policies");
        assertThat(policies).hasSize(1);
        return castMap(policies.get(0)).get("PolicyDocument");
    }

    private static Map<String, Object> properties(SamTemplate template) {
        return castMap(castMap(template.resources().get("ExecutionRole")).get("Properties"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }
}
