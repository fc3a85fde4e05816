package com.auditremediation.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Measures a Lambda handler's cold start in a fresh JVM, as scripts/measure-check-account.sh runs it: builds the
 * handler with its no-arg constructor (as the Lambda runtime does), invokes it once with the event in a file, and
 * prints one JSON line with the milliseconds from the JVM's start (RuntimeMXBean) to the result, and the result's
 * size. The handler comes from the classpath by name, so the probe measures any artifact without depending on it;
 * it uses nothing else of this module. The handler reads AWS_REGION, AWS_ENDPOINT_URL and credentials from the
 * environment, as in Lambda.
 *
 * <pre>java -cp local-aws/target/classes:functions/check-account/target/check-account.jar \
 *     com.auditremediation.local.ColdStartProbe com.auditremediation.checkaccount.CheckAccountHandler event.json</pre>
 */
public final class ColdStartProbe {

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ColdStartProbe <handler class> <event file>");
            System.exit(2);
        }
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getConstructor().newInstance();
        handler.handleRequest(new ByteArrayInputStream(event), output, null);
        long finished = System.currentTimeMillis();

        long started = ManagementFactory.getRuntimeMXBean().getStartTime();
        String result = output.toString(java.nio.charset.StandardCharsets.UTF_8);
        // The handler logs to stdout; the measurement goes to stderr, on a line of its own.
        System.err.println("{\"probe\":\"cold-start\",\"startToResultMs\":" + (finished - started)
                + ",\"resultBytes\":" + output.size() + ",\"succeeded\":" + result.contains("\"status\":\"SUCCEEDED\"") + "}");
    }
}
