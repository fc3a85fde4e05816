package com.auditremediation.core.error;

/**
 * Input that cannot be acted on. The message names the field and the fix; the state machine does not retry it.
 * Its class name is the Lambda error type that Step Functions sees.
 */
public final class InvalidInputException extends RuntimeException {

    private final String field;

    public InvalidInputException(String field, String problemAndFix) {
        super(ErrorCode.INVALID_INPUT + ": field '" + field + "': " + problemAndFix);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
