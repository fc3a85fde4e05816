package com.auditremediation.local.standin;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error a stand-in operation answers with, as the service documents it: HTTP status, error code and message, and
 * the error shape's other members (Access Analyzer's {@code resourceId}, for example). The service's {@link Protocol}
 * puts it on the wire.
 */
public final class AwsError extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, String> fields;

    public AwsError(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    public AwsError(int status, String code, String message, Map<String, String> fields) {
        super(message);
        this.status = status;
        this.code = code;
        this.fields = Map.copyOf(new LinkedHashMap<>(fields));
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, String> fields() {
        return fields;
    }
}
