package com.auditremediation.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A state machine ARN, checked for its shape before any call: {@code arn:<partition>:states:<region>:<account>:stateMachine:<name>}. */
record StateMachineArn(String arn, String partition, String region, String accountId, String name) {

    static final String SHAPE = "arn:<partition>:states:<region>:<12-digit account id>:stateMachine:<name>";
    private static final Pattern ARN = Pattern.compile(
            "^arn:(aws[a-z-]*):states:([a-z]{2}(?:-[a-z]+)+-\\d{1,2}):(\\d{12}):stateMachine:([A-Za-z0-9_-]{1,80})(?::[A-Za-z0-9_$-]{1,80})?$");

    static StateMachineArn parse(String text) {
        Matcher matcher = ARN.matcher(text == null ? "" : text.trim());
        if (!matcher.matches()) {
            throw CliException.badInput("--state-machine-arn '" + text + "' is not a state machine ARN: expected " + SHAPE
                    + ", for example the StateMachineArn output of the stack");
        }
        return new StateMachineArn(text.trim(), matcher.group(1), matcher.group(2), matcher.group(3), matcher.group(4));
    }
}
