package com.auditremediation.systemtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The definition through asl-validator (pinned in package-lock.json), the template and member-role.yaml through cfn-lint. */
class DefinitionAndTemplateLintTest {

    private static final String ASL_VALIDATOR = ProjectFiles.ROOT.resolve("node_modules/.bin/asl-validator").toString();
    private static final String NPM_HINT = "run npm ci in the checkout's root (mvn verify does it in system-tests)";
    private static final String CFN_LINT_HINT = "install it with pip install cfn-lint (1.51 or later; it brings the SAM translator)";

    @Test
    void definitionPassesAslValidator() {
        ProjectFiles.Result result = ProjectFiles.run(List.of(ASL_VALIDATOR, "--json-path", ProjectFiles.DEFINITION.toString()), NPM_HINT);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("is valid");
    }

    @Test
    void aslValidatorRejectsABrokenDefinition(@TempDir Path dir) throws IOException {
        String broken = ProjectFiles.read(ProjectFiles.DEFINITION).replace("\"StartAt\": \"List accounts\"", "\"StartAt\": \"No such state\"");
        Path file = Files.writeString(dir.resolve("broken.asl.json"), broken);

        ProjectFiles.Result result = ProjectFiles.run(List.of(ASL_VALIDATOR, "--json-path", file.toString()), NPM_HINT);

        assertThat(result.exitCode()).as(result.output()).isNotZero();
    }

    @Test
    void templatePassesCfnLintWithoutErrors() {
        ProjectFiles.Result result = ProjectFiles.run(List.of("cfn-lint", ProjectFiles.TEMPLATE.toString()), CFN_LINT_HINT);

        // cfn-lint's exit code is a bit field: 2 errors, 4 warnings, 8 informational.
        assertThat(result.exitCode() & 2).as(result.output()).isZero();
    }

    @Test
    void memberRoleTemplatePassesCfnLintWithoutErrors() {
        ProjectFiles.Result result = ProjectFiles.run(List.of("cfn-lint", ProjectFiles.ROOT.resolve("member-role.yaml").toString()), CFN_LINT_HINT);

        assertThat(result.exitCode() & 2).as(result.output()).isZero();
    }

    @Test
    void cfnLintReportsAnErrorInABrokenTemplate(@TempDir Path dir) throws IOException {
        String broken = ProjectFiles.read(ProjectFiles.TEMPLATE).replace("Runtime: java21", "Runtime: java2");
        Path file = Files.writeString(dir.resolve("template.yaml"), broken);

        ProjectFiles.Result result = ProjectFiles.run(List.of("cfn-lint", file.toString()), CFN_LINT_HINT);

        assertThat(result.exitCode() & 2).as(result.output()).isEqualTo(2);
    }
}
