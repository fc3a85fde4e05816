package com.auditremediation.checkaccount.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Captures System.out (where JsonLog writes) until closed. */
public final class CapturedOut implements AutoCloseable {

    private final PrintStream original = System.out;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    private CapturedOut() {
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    }

    public static CapturedOut start() {
        return new CapturedOut();
    }

    public String text() {
        System.out.flush();
        return buffer.toString(StandardCharsets.UTF_8);
    }

    public List<String> lines() {
        return text().lines().filter(line -> !line.isBlank()).toList();
    }

    @Override
    public void close() {
        System.setOut(original);
    }
}
