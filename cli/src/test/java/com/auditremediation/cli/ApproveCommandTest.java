package com.auditremediation.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What plan and approve refuse before any call; the flow itself runs end to end in system-tests' ApprovalFlowTest. */
class ApproveCommandTest {

    @Test
    void aWrongExecutionArnIsExitCode2WithTheShapeExpectedAndNothingSent() {
        CliRunner.Result approve = CliRunner.run("approve", "--execution-arn", "arn:aws:states:us-east-1:123456789012:stateMachine:sweep");
        CliRunner.Result plan = CliRunner.run("plan", "--execution-arn", "sweep-1");

        assertThat(approve.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(approve.errLines()).singleElement().asString().contains("is not an execution ARN", ExecutionArn.SHAPE);
        assertThat(plan.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(plan.errLines()).singleElement().asString().contains("'sweep-1' is not an execution ARN");
    }

    @Test
    void theHelpListsBothCommandsAndTheirOptions() {
        CliRunner.Result help = CliRunner.run("--help");
        CliRunner.Result approve = CliRunner.run("approve", "--help");

        assertThat(help.out()).contains("plan", "approve");
        assertThat(approve.exitCode()).isZero();
        assertThat(approve.out()).contains("--execution-arn", "--reject", "--reason", "--endpoint");
    }
}
