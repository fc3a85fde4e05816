package com.auditremediation.core.runtime;

import com.auditremediation.core.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An unhandled exception the way the Lambda Java runtime reports it: {@code errorMessage}, {@code errorType} (the
 * exception's class name, which Step Functions matches in Retry and Catch) and the first lines of the stack trace.
 */
public final class FunctionError {

    private static final int STACK_LINES = 20;

    private FunctionError() {
    }

    public static String payload(Throwable e) {
        List<String> trace = new ArrayList<>();
        StackTraceElement[] elements = e.getStackTrace();
        for (int i = 0; i < Math.min(elements.length, STACK_LINES); i++) {
            trace.add(elements[i].toString());
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("errorMessage", String.valueOf(e.getMessage()));
        payload.put("errorType", e.getClass().getName());
        payload.put("stackTrace", trace);
        return Json.write(payload);
    }
}
