package com.auditremediation.core.runtime;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The Lambda {@link Context} of one invocation outside Lambda (the local host, {@code bin/audit-remediation invoke}):
 * a fresh request id, the function's name and timeout, a logger that writes to stdout as Lambda's does.
 */
public record InvocationContext(String awsRequestId, String functionName, int timeoutSeconds, int memoryLimitInMb,
                                long startMillis) implements Context {

    /** A new invocation that starts now, with a random request id. */
    public static InvocationContext start(String functionName, int timeoutSeconds, int memoryLimitInMb) {
        return new InvocationContext(UUID.randomUUID().toString(), functionName, timeoutSeconds, memoryLimitInMb,
                System.currentTimeMillis());
    }

    @Override
    public String getAwsRequestId() {
        return awsRequestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return functionName;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, timeoutSeconds * 1000L - (System.currentTimeMillis() - startMillis));
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryLimitInMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                System.out.println(message);
            }

            @Override
            public void log(byte[] message) {
                System.out.println(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
