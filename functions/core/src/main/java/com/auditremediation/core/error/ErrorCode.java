package com.auditremediation.core.error;

/** Error and skip reason codes that a person can act on; they appear in report rows and in {@code failuresByCode}. */
public enum ErrorCode {
    /** AssumeRole was refused: the execution role is missing or does not trust the Audit account. */
    ROLE_NOT_ASSUMABLE,
    /** The account is SUSPENDED or otherwise not ACTIVE; it was not attempted. */
    ACCOUNT_NOT_ACTIVE,
    /** The organisation's management account has no Control Tower execution role; it was not attempted. */
    MANAGEMENT_ACCOUNT,
    /** An account id that was asked for is not a member of the organisation. */
    NOT_IN_ORGANIZATION,
    /** AWS kept throttling after every retry. */
    THROTTLED,
    /** A call or the function itself ran out of time after every retry. */
    TIMEOUT,
    /** An AWS service kept answering with a server error after every retry. */
    SERVICE_UNAVAILABLE,
    /** The account was reached but at least one check did not pass. */
    CHECK_FAILED,
    /** The input was rejected before anything was done. */
    INVALID_INPUT,
    /** The check function failed in a way that is not one of the codes above. */
    FUNCTION_ERROR,
    /** A listed account has no result from the Map: reported instead of dropped. */
    MISSING_RESULT,
    /** An account has more than one result from the Map: reported instead of silently merged. */
    DUPLICATE_RESULT,
    /**
     * The account was checked but the check function could not write its row to the report bucket, so its results
     * are not in the report (its counts are); the function's log has the row.
     */
    RESULT_NOT_STORED
}
