package com.auditremediation.local.standin;

import com.auditremediation.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One HTTP request as an SDK client sent it, with what the stand-in dispatches on: the SigV4 credential scope of its
 * {@code Authorization} header (access key, region and signing name), the JSON protocols' {@code X-Amz-Target}, the
 * query protocols' form fields and the REST protocols' method and path.
 */
public final class StandInRequest {

    private static final Pattern CREDENTIAL_SCOPE = Pattern.compile("Credential=([^/,\\s]+)/\\d{8}/([^/]+)/([^/]+)/aws4_request");

    private final String method;
    private final String path;
    private final Map<String, String> query;
    private final Map<String, String> headers;
    private final byte[] body;
    private final Matcher scope;
    /** The form fields, decoded once: several services look at the action of every EC2 request. */
    private Map<String, String> form;

    StandInRequest(String method, String rawPathAndQuery, Map<String, List<String>> headers, byte[] body) {
        this.method = method;
        int question = rawPathAndQuery.indexOf('?');
        String rawPath = question < 0 ? rawPathAndQuery : rawPathAndQuery.substring(0, question);
        // A path keeps its '+' (only a form encodes a space as '+').
        this.path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        this.query = question < 0 ? Map.of() : decodeFormLeniently(rawPathAndQuery.substring(question + 1));
        Map<String, String> firstValues = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> {
            if (name != null && !values.isEmpty()) {
                firstValues.put(name, values.get(0));
            }
        });
        this.headers = Collections.unmodifiableMap(firstValues);
        this.body = body;
        Matcher matcher = CREDENTIAL_SCOPE.matcher(header("Authorization"));
        if (!matcher.find()) {
            matcher = CREDENTIAL_SCOPE.matcher("Credential=" + query.getOrDefault("X-Amz-Credential", ""));
            matcher = matcher.find() ? matcher : null;
        }
        this.scope = matcher;
    }

    public String method() {
        return method;
    }

    /** The decoded path, without the query string. */
    public String path() {
        return path;
    }

    public Map<String, String> query() {
        return query;
    }

    /** A header's first value, or empty; names are case-insensitive. */
    public String header(String name) {
        return headers.getOrDefault(name, "");
    }

    /** Whether the request is signed (SigV4), so that its service, region and caller are known. */
    public boolean signed() {
        return scope != null;
    }

    /** The signing name of the credential scope ({@code ssm}, {@code ec2}, {@code access-analyzer}), or empty. */
    public String signingName() {
        return scope == null ? "" : scope.group(3);
    }

    /** The region of the credential scope, or empty. */
    public String region() {
        return scope == null ? "" : scope.group(2);
    }

    public String accessKeyId() {
        return scope == null ? "" : scope.group(1);
    }

    /** The {@code X-Amz-Target} header: the JSON protocols' operation, {@code AmazonSSM.GetServiceSetting}. */
    public String target() {
        return header("X-Amz-Target");
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The form fields of a query-protocol request body (EC2, STS); empty for any other body. */
    public Map<String, String> form() {
        if (form == null) {
            String text = bodyText();
            form = !header("Content-Type").startsWith("application/x-www-form-urlencoded") || text.isEmpty()
                    ? Map.of() : Collections.unmodifiableMap(decodeFormLeniently(text));
        }
        return form;
    }

    /** The query protocols' operation ({@code Action}), or empty. */
    public String action() {
        return form().getOrDefault("Action", query.getOrDefault("Action", ""));
    }

    /**
     * The body as JSON; an empty body reads as an empty object. A body that is not JSON is the client's error, which
     * the caller reports in the service's own protocol.
     */
    public JsonNode json() {
        if (body.length == 0) {
            return Json.mapper().createObjectNode();
        }
        try {
            JsonNode node = Json.mapper().readTree(body);
            return node == null ? MissingNode.getInstance() : node;
        } catch (IOException e) {
            throw new AwsError(400, "SerializationException", "the request body is not valid JSON: " + e.getMessage());
        }
    }

    /** The fields of a form, or none when it is not one (a '%' that starts no escape). */
    private static Map<String, String> decodeFormLeniently(String text) {
        try {
            return decodeForm(text);
        } catch (IllegalArgumentException notAForm) {
            return Map.of();
        }
    }

    private static Map<String, String> decodeForm(String text) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            form.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return form;
    }
}
