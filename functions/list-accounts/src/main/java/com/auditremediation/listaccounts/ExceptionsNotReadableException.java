package com.auditremediation.listaccounts;

/**
 * The exceptions object exists (or cannot be told to exist) but cannot be read. The sweep stops here rather than go on
 * without exceptions: a missing exception must never silently turn into a remediation. Not retried (transient faults
 * are, as the core's exceptions); its class name is the Lambda error type that the state machine sees.
 */
public final class ExceptionsNotReadableException extends RuntimeException {

    public ExceptionsNotReadableException(String call, String location, String awsErrorCode, Throwable cause) {
        super(call + " for the exceptions file " + location + " was refused (" + awsErrorCode + "). The sweep does not go on"
                + " without its exceptions. The ListAccounts function's role needs s3:ListBucket on the report bucket for the"
                + " prefix config/ and s3:GetObject on config/* (the template grants both); a bucket of your own"
                + " (ReportBucketName) must allow them in its policy, and its KMS key must let the role decrypt.", cause);
    }
}
