package com.auditremediation.core.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What our HTML pages share: the stylesheet, a Content-Security-Policy that allows exactly the page's own inline style
 * and script, by hash, and the small text helpers their views use. The pages themselves are templates
 * ({@link PageTemplates}), which escape every value.
 */
final class Html {

    static final String CSS = resource("report.css");

    private Html() {
    }

    /**
     * default-src 'none', the stylesheet (and the style that a page without script uses instead, when it has one) by
     * hash, the script by hash ({@code 'none'} when the page has none), nothing else.
     */
    static String contentSecurityPolicy(String script, String noScriptStyle) {
        return "default-src 'none'; style-src '" + sha256(CSS) + "'" + (noScriptStyle == null ? "" : " '" + sha256(noScriptStyle) + "'")
                + "; script-src " + (script == null ? "'none'" : "'" + sha256(script) + "'")
                + "; img-src 'none'; base-uri 'none'; form-action 'none'";
    }

    /** {@code {"MinimumPasswordLength": 8, "RequireSymbols": false}} as "MinimumPasswordLength 8, RequireSymbols false". */
    static String settings(Map<String, Object> settings) {
        if (settings == null || settings.isEmpty()) {
            return "";
        }
        return settings.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    /** An ISO-8601 time to the second, in UTC. */
    static String time(String iso) {
        return iso == null ? "-" : iso.replaceAll("\\.\\d+(Z|[+-]\\d\\d:\\d\\d)$", "$1").replace('T', ' ').replaceAll("Z$", " UTC");
    }

    static String orDash(String text) {
        return text == null || text.isBlank() ? "-" : text;
    }

    static String resource(String name) {
        try (InputStream in = Html.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing beside " + Html.class.getName() + " in the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A CSP source for an inline block: its exact text's SHA-256, base64. */
    private static String sha256(String text) {
        try {
            return "sha256-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
