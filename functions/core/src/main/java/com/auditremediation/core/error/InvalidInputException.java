package com.auditremediation.core.error;

/**
 * Input that cannot be acted on. The message names the field and the fix; the state machine does not retry it.
 * Its class name is the Lambda error type that Step Functions sees.
 */
public final class InvalidInputException extends RuntimeException {

    private final String field;
    private final String problem;

    public InvalidInputException(String field, String problemAndFix) {
        super(ErrorCode.INVALID_INPUT + ": field '" + field + "': " + problemAndFix);
        this.field = field;
        this.problem = problemAndFix;
    }

    public String field() {
        return field;
    }

    /** The problem and its fix, without the field. */
    public String problem() {
        return problem;
    }

    /** The same refusal, saying where the field stood: "in s3://bucket/config/exceptions.yaml: ...". */
    public InvalidInputException in(String where) {
        return new InvalidInputException(field, "in " + where + ": " + problem);
    }
}
