package com.auditremediation.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.auditremediation.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One account checked again and again in one JVM, as a warm Lambda environment checks the accounts of a sweep: the
 * measuring end of {@link AccountLatencyBenchmark}. It builds {@code CheckAccountHandler} with its no-arg constructor
 * (as Lambda does; it reads AWS_REGION, AWS_ENDPOINT_URL and the credentials from the environment), invokes it once
 * with every check to learn the check ids, once more for each event as a warm-up, then {@code rounds} rounds of: the
 * account with every check, then each check alone, timing each invocation around the handler. The handler comes
 * from the classpath by name, so the probe measures any check-account.jar (today's and an earlier one) without
 * depending on it; it uses nothing else of this module.
 *
 * <pre>java -cp local-aws/target/classes:check-account.jar com.auditremediation.local.AccountLatencyProbe \
 *     111122223333 eu-west-1,us-east-1 5</pre>
 *
 * Prints one JSON line per event on stdout: {@code {"event": "all" or a check id, "ms": [...], "status": "SUCCEEDED",
 * "results": [[check id, region, status], ...]}} (the results of its last invocation); the handler's own log lines
 * are dropped.
 */
public final class AccountLatencyProbe {

    static final String EVERY_CHECK = "all";
    private static final String HANDLER = "com.auditremediation.checkaccount.CheckAccountHandler";
    private static final ObjectMapper JSON = Json.mapper();

    private AccountLatencyProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: AccountLatencyProbe <account id> <region,region,...> <rounds>");
            System.exit(2);
        }
        String accountId = args[0];
        List<String> regions = List.of(args[1].split(","));
        int rounds = Integer.parseInt(args[2]);
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(HANDLER).getConstructor().newInstance();

        Map<String, byte[]> events = new LinkedHashMap<>();
        events.put(EVERY_CHECK, event(accountId, regions, null));
        for (String checkId : checkIds(invoke(handler, events.get(EVERY_CHECK)))) {
            events.put(checkId, event(accountId, regions, checkId));
        }
        Map<String, List<Double>> millis = new LinkedHashMap<>();
        Map<String, JsonNode> last = new LinkedHashMap<>();
        events.forEach((name, event) -> millis.put(name, new ArrayList<>()));
        for (Map.Entry<String, byte[]> event : events.entrySet()) {
            invoke(handler, event.getValue());
        }
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, byte[]> event : events.entrySet()) {
                long start = System.nanoTime();
                JsonNode row = invoke(handler, event.getValue());
                millis.get(event.getKey()).add((System.nanoTime() - start) / 1e6);
                last.put(event.getKey(), row);
            }
        }
        for (String name : events.keySet()) {
            ObjectNode line = JSON.createObjectNode();
            line.put("event", name);
            ArrayNode ms = line.putArray("ms");
            millis.get(name).forEach(ms::add);
            line.put("status", last.get(name).path("status").asText());
            ArrayNode results = line.putArray("results");
            for (JsonNode check : last.get(name).path("checks")) {
                results.addArray().add(check.path("checkId").asText()).add(check.path("region").asText("-"))
                        .add(check.path("status").asText());
            }
            out.println(JSON.writeValueAsString(line));
        }
    }

    /** The walkthrough's direct event for one account: every check when {@code checkId} is null. */
    private static byte[] event(String accountId, List<String> regions, String checkId) throws Exception {
        ObjectNode event = JSON.createObjectNode();
        event.put("TargetAccountId", accountId);
        regions.forEach(event.putArray("Regions")::add);
        if (checkId != null) {
            event.putArray("Checks").add(checkId);
        }
        return JSON.writeValueAsBytes(event);
    }

    private static JsonNode invoke(RequestStreamHandler handler, byte[] event) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), output, null);
        return JSON.readTree(output.toByteArray());
    }

    private static Set<String> checkIds(JsonNode row) {
        Set<String> ids = new LinkedHashSet<>();
        row.path("checks").forEach(check -> ids.add(check.path("checkId").asText()));
        if (ids.isEmpty()) {
            throw new IllegalStateException("the account's check with every check returned no result: " + row);
        }
        return ids;
    }
}
