package com.auditremediation.core.runtime;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.auditremediation.core.error.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Runs one handler of this artifact once, in this JVM, as Lambda's Java runtime would: the bootstrap behind
 * {@code bin/audit-remediation invoke}. It lives in core so that every function jar carries it and the JVM's
 * classpath is exactly the deployable artifact.
 *
 * <pre>java -cp functions/check-account/target/check-account.jar com.auditremediation.core.runtime.Invoke \
 *     com.auditremediation.checkaccount.CheckAccountHandler::handleRequest &lt; event.json</pre>
 *
 * The event is read from stdin. The handler's output goes to stdout, alone; everything the handler logs goes to
 * stderr (as {@code sam local invoke} separates them). A failure prints the Lambda runtime's error payload to stdout.
 * Exit codes: 0 the handler returned, 1 it threw, 2 it threw {@code InvalidInputException} (the event is wrong),
 * 3 the handler could not be built (init failed).
 * <p>With {@code --repeat N} it then invokes the same handler N more times with the same event and prints one JSON
 * line to stderr with the warm latencies ({@code "harness":"warm"}): the in-process measurement of the benchmark.
 * The context reads AWS_LAMBDA_FUNCTION_NAME, AWS_LAMBDA_FUNCTION_TIMEOUT and AWS_LAMBDA_FUNCTION_MEMORY_SIZE.
 */
public final class Invoke {

    static final int OK = 0;
    static final int FUNCTION_ERROR = 1;
    static final int INVALID_INPUT = 2;
    static final int INIT_FAILED = 3;

    private Invoke() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1 && !(args.length == 3 && args[1].equals("--repeat"))) {
            System.err.println("usage: Invoke <handler class[::method]> [--repeat N] < event.json");
            System.exit(INIT_FAILED);
        }
        byte[] event = System.in.readAllBytes();
        PrintStream output = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        // The handler's log lines (JsonLog writes to System.out) go to stderr, so that stdout carries the output alone.
        System.setOut(System.err);
        int repeat = args.length == 3 ? Integer.parseInt(args[2]) : 0;
        System.exit(run(args[0], event, repeat, output));
    }

    static int run(String handlerSpec, byte[] event, int repeat, PrintStream output) {
        RequestStreamHandler handler;
        try {
            handler = create(handlerSpec);
        } catch (Throwable e) {
            System.err.println("init failed for " + handlerSpec + ": " + e);
            output.println(FunctionError.payload(e));
            return INIT_FAILED;
        }
        ByteArrayOutputStream result = new ByteArrayOutputStream();
        try {
            invoke(handler, event, result);
            if (repeat > 0) {
                System.err.println(warm(handler, event, repeat));
            }
        } catch (Throwable e) {
            output.println(FunctionError.payload(e));
            return e instanceof InvalidInputException ? INVALID_INPUT : FUNCTION_ERROR;
        }
        output.println(result.size() == 0 ? "null" : result.toString(StandardCharsets.UTF_8));
        return OK;
    }

    private static RequestStreamHandler create(String handlerSpec) throws ReflectiveOperationException {
        String className = handlerSpec.contains("::") ? handlerSpec.substring(0, handlerSpec.indexOf("::")) : handlerSpec;
        Object instance = Class.forName(className).getDeclaredConstructor().newInstance();
        if (!(instance instanceof RequestStreamHandler handler)) {
            throw new IllegalArgumentException(className + " does not implement RequestStreamHandler");
        }
        return handler;
    }

    private static void invoke(RequestStreamHandler handler, byte[] event, ByteArrayOutputStream result) throws Exception {
        result.reset();
        handler.handleRequest(new ByteArrayInputStream(event), result, InvocationContext.start(
                env("AWS_LAMBDA_FUNCTION_NAME", "local"),
                Integer.parseInt(env("AWS_LAMBDA_FUNCTION_TIMEOUT", "900")),
                Integer.parseInt(env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024"))));
    }

    /** The same event {@code repeat} more times: one JSON line with the latencies in milliseconds. */
    private static String warm(RequestStreamHandler handler, byte[] event, int repeat) throws Exception {
        ByteArrayOutputStream result = new ByteArrayOutputStream();
        double[] millis = new double[repeat];
        for (int i = 0; i < repeat; i++) {
            long start = System.nanoTime();
            invoke(handler, event, result);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return String.format(java.util.Locale.ROOT,
                "{\"harness\":\"warm\",\"invocations\":%d,\"medianMs\":%.2f,\"p90Ms\":%.2f,\"minMs\":%.2f}",
                repeat, median(sorted), sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.9) - 1)], sorted[0]);
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String env(String name, String defaultValue) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? defaultValue : value;
    }
}
