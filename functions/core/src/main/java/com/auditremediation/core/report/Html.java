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
 * What our HTML pages share: the escaping split ({@link Page#raw} for our markup, {@link Page#text} for every value),
 * the stylesheet, and a Content-Security-Policy that allows exactly the page's own inline style and script, by hash.
 */
final class Html {

    static final String CSS = resource("report.css");

    private Html() {
    }

    /** default-src 'none', the style by hash, the script by hash ({@code 'none'} when the page has none), nothing else. */
    static String contentSecurityPolicy(String script) {
        return "default-src 'none'; style-src '" + sha256(CSS) + "'; script-src " + (script == null ? "'none'" : "'" + sha256(script) + "'")
                + "; img-src 'none'; base-uri 'none'; form-action 'none'";
    }

    /** The document's head, through the opening {@code <body>}: charset, viewport, policy, no referrer, title, style. */
    static Page head(String title, String script) {
        return new Page().raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .raw("<meta http-equiv=\"Content-Security-Policy\" content=\"").text(contentSecurityPolicy(script)).raw("\">\n")
                .raw("<meta name=\"referrer\" content=\"no-referrer\">\n")
                .raw("<title>").text(title).raw("</title>\n")
                .raw("<style>").raw(CSS).raw("</style>\n</head>\n<body>\n");
    }

    /** Text for HTML content and for quoted attribute values alike. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
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

    /** The page being written: {@link #raw} for markup of ours, {@link #text} for every value, escaped. */
    static final class Page {

        private final StringBuilder html = new StringBuilder(16_384);

        Page raw(String markup) {
            html.append(markup);
            return this;
        }

        Page text(String value) {
            html.append(escape(value == null ? "" : value));
            return this;
        }

        byte[] bytes() {
            return html.toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return html.toString();
        }
    }
}
