package com.auditremediation.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ThreadLocalRandom;

/** A function for tests of the host itself: answers with its input after a few milliseconds, so invocations overlap. */
public final class EchoHandler implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] payload = input.readAllBytes();
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(2, 15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        output.write(payload);
    }
}
