package com.auditremediation.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An execution ARN, checked for its shape before any call: {@code arn:<partition>:states:<region>:<account>:execution:<machine>:<name>}. */
record ExecutionArn(String arn, String region, String name) {

    static final String SHAPE = "arn:<partition>:states:<region>:<12-digit account id>:execution:<state machine>:<execution name>";
    private static final Pattern ARN = Pattern.compile(
            "^arn:aws[a-z-]*:states:([a-z]{2}(?:-[a-z]+)+-\\d{1,2}):\\d{12}:execution:[A-Za-z0-9_-]{1,80}:([^:\\s]{1,80})$");

    static ExecutionArn parse(String text) {
        Matcher matcher = ARN.matcher(text == null ? "" : text.trim());
        if (!matcher.matches()) {
            throw CliException.badInput("--execution-arn '" + text + "' is not an execution ARN: expected " + SHAPE
                    + ", as start-execution prints it");
        }
        return new ExecutionArn(text.trim(), matcher.group(1), matcher.group(2));
    }
}
