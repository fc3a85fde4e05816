package com.auditremediation.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * One function's runtime in its own JVM, started by {@link LambdaHost} with the function's artifact (its CodeUri)
 * first on the classpath and the function's environment, as Lambda would run it. It builds the handler once (the
 * init phase), then serves invocations on a loopback port and answers failures the way the Java runtime reports them:
 * {@code errorType} is the exception's class name, which Step Functions matches in Retry and Catch.
 * <p>Arguments: handler ({@code pkg.Class::method}), function name, timeout in seconds. Its first stdout line is
 * {@code LAMBDA_WORKER_PORT=<port>}; everything after is the function's own output (its log).
 */
public final class LambdaWorker {

    public static final String READY_PREFIX = "LAMBDA_WORKER_PORT=";
    public static final String ERROR_HEADER = "X-Function-Error";

    private LambdaWorker() {
    }

    public static void main(String[] args) throws Exception {
        String handlerSpec = args[0];
        String functionName = args[1];
        int timeoutSeconds = Integer.parseInt(args[2]);
        PrintStream stdout = System.out;
        RequestStreamHandler handler;
        try {
            String className = handlerSpec.contains("::") ? handlerSpec.substring(0, handlerSpec.indexOf("::")) : handlerSpec;
            Object instance = Class.forName(className).getDeclaredConstructor().newInstance();
            if (!(instance instanceof RequestStreamHandler streamHandler)) {
                throw new IllegalArgumentException(className + " does not implement RequestStreamHandler");
            }
            handler = streamHandler;
        } catch (Throwable e) {
            System.err.println("init failed for " + functionName + " (" + handlerSpec + "): " + e);
            e.printStackTrace();
            System.exit(3);
            return;
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.setExecutor(Executors.newFixedThreadPool(48));
        server.createContext("/invoke", exchange -> invoke(exchange, handler, functionName, timeoutSeconds));
        server.start();
        stdout.println(READY_PREFIX + server.getAddress().getPort());
        stdout.flush();
    }

    private static void invoke(HttpExchange exchange, RequestStreamHandler handler, String functionName, int timeoutSeconds) throws IOException {
        try (exchange) {
            byte[] input = exchange.getRequestBody().readAllBytes();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            byte[] body;
            try {
                handler.handleRequest(new ByteArrayInputStream(input), output,
                        new LocalContext(functionName, timeoutSeconds, System.currentTimeMillis()));
                body = output.toByteArray();
                if (body.length == 0) {
                    body = "null".getBytes(StandardCharsets.UTF_8);
                }
            } catch (Throwable e) {
                body = errorPayload(e).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set(ERROR_HEADER, "Unhandled");
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The Java runtime's error shape: errorMessage, errorType (the class name) and the stack trace. */
    static String errorPayload(Throwable e) {
        StringBuilder json = new StringBuilder("{\"errorMessage\":").append(quote(String.valueOf(e.getMessage())))
                .append(",\"errorType\":").append(quote(e.getClass().getName()))
                .append(",\"stackTrace\":[");
        StackTraceElement[] trace = e.getStackTrace();
        for (int i = 0; i < Math.min(trace.length, 20); i++) {
            json.append(i == 0 ? "" : ",").append(quote(trace[i].toString()));
        }
        return json.append("]}").toString();
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private record LocalContext(String functionName, int timeoutSeconds, long startMillis) implements Context {

        @Override
        public String getAwsRequestId() {
            return UUID.randomUUID().toString();
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
            return 1024;
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
}
