package com.auditremediation.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The JDK's HTTP server on the loopback interface, with {@code TCP_NODELAY} on its connections. Without it, each answer
 * to an SDK client waits about 40 ms: the server writes the headers and the body as two segments, Nagle's algorithm
 * holds the second until the first is acknowledged, and the client acknowledges late (delayed ACK). Measured here on
 * STS GetCallerIdentity, medians of 200: 44 to 50 ms through the fault proxy without it, 6 to 8 ms with it, moto
 * itself 4 ms. The JDK reads {@code sun.net.httpserver.nodelay} once, when its first server starts in the JVM, so every
 * server of ours is created here (unless the property was set otherwise on the command line).
 */
public final class LoopbackHttpServer {

    static {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private LoopbackHttpServer() {
    }

    /** A server on 127.0.0.1:{@code port} (0: a free port), not yet started. */
    public static HttpServer create(int port, int backlog) throws IOException {
        return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
    }
}
