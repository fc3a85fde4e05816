package com.auditremediation.cli;

import picocli.CommandLine.Option;

/** {@code --execution-arn}: the execution that a command acts on (a picocli mixin). */
final class ExecutionArnOption {

    @Option(names = "--execution-arn", required = true, paramLabel = "ARN", description = "The execution, as start-execution printed it: " + ExecutionArn.SHAPE + ".")
    String executionArn;

    /** The ARN given, checked: a bad one is exit code 2 naming the option. */
    ExecutionArn parse() {
        return ExecutionArn.parse(executionArn);
    }
}
