package com.auditremediation.systemtests;

import com.auditremediation.core.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An EventBridge target's input transformer, applied as EventBridge's documentation describes it (moto's differs: it
 * inserts a string value unquoted, which makes our template invalid JSON). Each variable of {@code InputPathsMap} is a
 * JSON path into the event (dot notation and array indices); each {@code <variable>} of {@code InputTemplate} is
 * replaced by its value. In a JSON template, a placeholder outside quotes becomes the value as JSON (a string quoted,
 * a number or object as it is: {@code {"myInstance": <instance>}} gives {@code {"myInstance": "i-0123456789"}}); one
 * inside a JSON string becomes the value's text, escaped for that string ({@code "<instance> is in state <status>"}).
 * A path that is not in the event gives null.
 */
final class InputTransformer {

    private static final Pattern PATH_STEP = Pattern.compile("\\.([A-Za-z0-9_-]+)|\\[(\\d+)]");
    private static final Pattern PLACEHOLDER = Pattern.compile("<([A-Za-z0-9_.-]+)>");

    private final Map<String, String> inputPathsMap;
    private final String inputTemplate;

    InputTransformer(Map<String, String> inputPathsMap, String inputTemplate) {
        this.inputPathsMap = new LinkedHashMap<>(inputPathsMap);
        this.inputTemplate = inputTemplate;
    }

    /** The target's input for {@code event}. */
    String apply(JsonNode event) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        inputPathsMap.forEach((name, path) -> values.put(name, select(event, path)));
        StringBuilder out = new StringBuilder();
        boolean inString = false;
        int i = 0;
        while (i < inputTemplate.length()) {
            char c = inputTemplate.charAt(i);
            if (c == '\\' && inString && i + 1 < inputTemplate.length()) {
                out.append(c).append(inputTemplate.charAt(i + 1));
                i += 2;
                continue;
            }
            if (c == '"') {
                inString = !inString;
            }
            Matcher placeholder = PLACEHOLDER.matcher(inputTemplate).region(i, inputTemplate.length());
            if (c == '<' && placeholder.lookingAt() && values.containsKey(placeholder.group(1))) {
                JsonNode value = values.get(placeholder.group(1));
                out.append(inString ? insideString(value) : asJson(value));
                i = placeholder.end();
                continue;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** The node at a path such as {@code $.detail.findings[0].AwsAccountId}, or null when the event has none. */
    static JsonNode select(JsonNode event, String path) {
        if (!path.startsWith("$")) {
            throw new IllegalArgumentException("an InputPathsMap path starts with $: " + path);
        }
        JsonNode node = event;
        Matcher step = PATH_STEP.matcher(path).region(1, path.length());
        int at = 1;
        while (at < path.length()) {
            if (!step.find() || step.start() != at) {
                throw new IllegalArgumentException("not a path EventBridge supports: " + path);
            }
            node = step.group(1) != null ? node.path(step.group(1)) : node.path(Integer.parseInt(step.group(2)));
            at = step.end();
        }
        return node.isMissingNode() ? null : node;
    }

    private static String asJson(JsonNode value) {
        return value == null ? "null" : write(value);
    }

    private static String insideString(JsonNode value) {
        if (value == null) {
            return "null";
        }
        String text = value.isTextual() ? value.asText() : write(value);
        String quoted = write(Json.mapper().getNodeFactory().textNode(text));
        return quoted.substring(1, quoted.length() - 1);
    }

    private static String write(JsonNode value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
