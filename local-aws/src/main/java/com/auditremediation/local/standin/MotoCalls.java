package com.auditremediation.local.standin;

import com.auditremediation.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Requests from the stand-in to moto itself, as a given account and region: what a stand-in operation reads from or
 * writes to moto's own state (whether Security Hub is enabled, a finding, the organisation). moto does not check
 * signatures; it routes a request by the signing name of its credential scope and gives it the account of
 * {@code x-moto-account-id} (or, without that header, the account that holds the access key).
 */
public final class MotoCalls {

    /** AWS's documented example key: moto reads the account from x-moto-account-id, not from this key. */
    private static final String EXAMPLE_ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private final URI moto;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public MotoCalls(URI moto) {
        this.moto = moto;
    }

    public URI endpoint() {
        return moto;
    }

    /** A moto answer: its status, content type and body. */
    public record Answer(int status, String contentType, String body) {

        /** The answer as the stand-in's own, for an operation it relays to moto. */
        StandInResponse relayed() {
            return StandInResponse.of(status, contentType, body);
        }

        public boolean ok() {
            return status / 100 == 2;
        }

        public JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Sends one request to moto for {@code signingName} in {@code region}, as {@code accountId} when given (else as
     * whichever account holds {@code accessKeyId}, moto's own lookup).
     */
    public Answer send(String method, String path, String signingName, String region, String accountId, String accessKeyId,
                       String contentType, String target, String body) {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        HttpRequest.Builder request = HttpRequest.newBuilder(moto.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("X-Amz-Date", AMZ_DATE.format(now))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + accessKeyId + "/" + AMZ_DATE.format(now).substring(0, 8)
                        + "/" + region + "/" + signingName + "/aws4_request, SignedHeaders=host;x-amz-date, Signature="
                        + "0".repeat(64))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (accountId != null) {
            request.header("x-moto-account-id", accountId);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (target != null) {
            request.header("X-Amz-Target", target);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse("application/json"), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("moto at " + moto + " did not answer " + method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling moto", e);
        }
    }

    /** A REST-JSON call (Security Hub) as {@code caller}. */
    public Answer restJson(Caller caller, String signingName, String method, String path, String body) {
        return send(method, path, signingName, caller.region(), caller.accountId(), EXAMPLE_ACCESS_KEY, "application/json", null, body);
    }

    /** A query-protocol call (EC2) as {@code caller}, with the form fields {@code form} (already encoded). */
    public Answer query(Caller caller, String signingName, String form) {
        return send("POST", "/", signingName, caller.region(), caller.accountId(), EXAMPLE_ACCESS_KEY,
                "application/x-www-form-urlencoded; charset=utf-8", null, form);
    }

    /** A JSON 1.1 call (Organizations) as {@code caller}: {@code target} is the X-Amz-Target. */
    public Answer awsJson(Caller caller, String signingName, String target, String body) {
        return send("POST", "/", signingName, caller.region(), caller.accountId(), EXAMPLE_ACCESS_KEY, "application/x-amz-json-1.1", target, body);
    }
}
