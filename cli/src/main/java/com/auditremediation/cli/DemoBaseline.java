package com.auditremediation.cli;

import com.auditremediation.core.Json;
import com.auditremediation.local.DemoOrganization;
import com.auditremediation.local.LambdaHost;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the demo organisation's {@code compliantWith} checks compliant before the sweep, by invoking check-account
 * itself, directly, in remediate mode for those checks in that account: the settings that the sweep then finds are
 * the ones our own fixes write, and no list of checks or settings lives in the local run.
 */
final class DemoBaseline {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private DemoBaseline() {
    }

    static void apply(DemoOrganization.Seeded seeded, LambdaHost host, String checkAccountFunction, PrintWriter out) {
        List<DemoOrganization.SeededAccount> accounts = seeded.accounts().stream()
                .filter(account -> !account.compliantWith().isEmpty() && !account.suspended() && !account.executionRoleMissing())
                .toList();
        if (accounts.isEmpty()) {
            return;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI invoke = host.endpoint().resolve("/2015-03-31/functions/" + checkAccountFunction + "/invocations");
        for (DemoOrganization.SeededAccount account : accounts) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("TargetAccountId", account.id());
            event.put("Mode", "remediate");
            event.put("Checks", account.compliantWith());
            HttpResponse<String> response = send(http, invoke, Json.write(event));
            if (response.statusCode() >= 300 || response.headers().firstValue("X-Amz-Function-Error").isPresent()) {
                throw CliException.badInput("the demo organisation's compliantWith " + account.compliantWith() + " for "
                        + account.name() + " could not be applied: " + Commands.oneLine(response.body()));
            }
            out.println("Demo baseline: " + account.name() + " made compliant with " + String.join(", ", account.compliantWith())
                    + " (" + fixed(response.body()) + " fixed by check-account in remediate mode)");
        }
        out.flush();
    }

    private static long fixed(String body) {
        try {
            JsonNode row = Json.mapper().readTree(body);
            long count = 0;
            for (JsonNode check : row.path("checks")) {
                if ("REMEDIATED".equals(check.path("status").asText())) {
                    count++;
                }
            }
            return count;
        } catch (IOException e) {
            throw CliException.unavailable("check-account answered the demo baseline with something that is not JSON: " + body, e);
        }
    }

    private static HttpResponse<String> send(HttpClient http, URI invoke, String event) {
        try {
            return http.send(HttpRequest.newBuilder(invoke).timeout(TIMEOUT).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw CliException.unavailable("the local Lambda host did not answer the demo baseline's invocation: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(130, "interrupted", e);
        }
    }
}
