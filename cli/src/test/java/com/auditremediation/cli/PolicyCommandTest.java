package com.auditremediation.cli;

import com.auditremediation.core.Json;
import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyCommandTest {

    @Test
    void auditGrantsEachChecksReadActionsInOneStatementNamedAfterIt() throws Exception {
        CliRunner.Result result = CliRunner.run("policy", "--mode", "audit");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode policy = Json.mapper().readTree(result.out());
        assertThat(policy.get("Version").asText()).isEqualTo("2012-10-17");
        List<CheckDescriptor> checks = CheckCatalog.shipped().descriptors();
        assertThat(policy.get("Statement")).hasSize(checks.size() + 1);
        JsonNode findings = policy.get("Statement").get(checks.size());
        assertThat(findings.get("Sid").asText()).isEqualTo("SecurityHubFindings");
        assertThat(actions(findings)).containsExactly("securityhub:BatchImportFindings", "securityhub:BatchUpdateFindings",
                "securityhub:DescribeHub", "securityhub:GetFindings");
        for (int i = 0; i < checks.size(); i++) {
            JsonNode statement = policy.get("Statement").get(i);
            assertThat(statement.get("Sid").asText()).matches("[A-Za-z0-9]+");
            assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
            assertThat(actions(statement)).containsExactlyInAnyOrderElementsOf(checks.get(i).readActions());
        }
        assertThat(policy.get("Statement").get(0).get("Sid").asText()).isEqualTo(PolicyCommand.sid(checks.get(0).id()));
    }

    @Test
    void remediateAddsTheFixActionsOfTheSelectedChecksOnly() throws Exception {
        CliRunner.Result result = CliRunner.run("policy", "--mode", "remediate", "--checks", "iam-password-policy",
                "--no-security-hub-findings");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode statements = Json.mapper().readTree(result.out()).get("Statement");
        assertThat(statements).hasSize(1);
        assertThat(statements.get(0).get("Sid").asText()).isEqualTo("IamPasswordPolicy");
        assertThat(actions(statements.get(0))).containsExactly("iam:GetAccountPasswordPolicy", "iam:UpdateAccountPasswordPolicy");
    }

    @Test
    void aModeOrCheckThatDoesNotExistIsRefusedNamingIt() {
        CliRunner.Result mode = CliRunner.run("policy", "--mode", "Audit");
        CliRunner.Result check = CliRunner.run("policy", "--checks", "iam-password-policy,nope");

        assertThat(mode.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(mode.errLines()).containsExactly("audit-remediation: --mode 'Audit' is not a mode; use audit or remediate");
        assertThat(check.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(check.err()).contains("--checks[1]", "'nope' is not a check");
    }

    private static List<String> actions(JsonNode statement) {
        List<String> actions = new ArrayList<>();
        statement.get("Action").forEach(action -> actions.add(action.asText()));
        return actions;
    }
}
