package com.auditremediation.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.auditremediation.core.runtime.FunctionError;
import com.auditremediation.core.runtime.InvocationContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
    private static final int MEMORY_LIMIT_MB = 1024;

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
        HttpServer server = LoopbackHttpServer.create(0, 128);
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
                        InvocationContext.start(functionName, timeoutSeconds, MEMORY_LIMIT_MB));
                body = output.toByteArray();
                if (body.length == 0) {
                    body = "null".getBytes(StandardCharsets.UTF_8);
                }
            } catch (Throwable e) {
                body = FunctionError.payload(e).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set(ERROR_HEADER, "Unhandled");
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            // One connection per invocation: the host never sends on a kept-alive connection that this JVM is closing.
            exchange.getResponseHeaders().set("Connection", "close");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
