package com.auditremediation.core;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Structured logging: one JSON object a line on stdout, which Lambda sends to CloudWatch Logs. Callers pass the
 * fields explicitly; nothing is logged by reflection, so credentials cannot slip in through an object's fields.
 */
public final class JsonLog {

    private JsonLog() {
    }

    public static void info(String event, Object... keysAndValues) {
        write("INFO", event, keysAndValues);
    }

    public static void warn(String event, Object... keysAndValues) {
        write("WARN", event, keysAndValues);
    }

    public static void error(String event, Object... keysAndValues) {
        write("ERROR", event, keysAndValues);
    }

    private static void write(String level, String event, Object[] keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keysAndValues must come in pairs");
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", Instant.now().toString());
        line.put("level", level);
        line.put("event", event);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object value = keysAndValues[i + 1];
            if (value != null) {
                line.put(String.valueOf(keysAndValues[i]), value);
            }
        }
        // System.out is read at each call so that tests (and the local host) can capture the lines.
        System.out.println(Json.write(line));
    }
}
