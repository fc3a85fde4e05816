package com.auditremediation.core.report;

import com.auditremediation.core.Json;
import com.auditremediation.core.model.AccountSelection;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.SweepChanges.ResultRef;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the next sweep needs of an earlier report (report.json): its execution, scope, and each account's status and
 * check results' statuses; read as a stream, so that a report of 10,000 accounts with their evidence never sits in
 * memory whole, and leniently (fields it does not know are skipped: a report written by another version still reads).
 *
 * @param location   where it was read (an S3 URI or a file), for the report to name
 * @param checks     the checks it ran ({@code context.checks}); null when it does not say
 * @param regions    the regions it ran in ({@code context.regions}); null when it does not say
 * @param selection  the accounts it selected; null in a report written before reports recorded it
 * @param truncated  whether its rows were cut to fit a state's output (only failures and skips kept)
 * @param total      its summary's account count (the rows may be fewer when truncated)
 * @param rows       its rows by account id, in its order
 */
public record PreviousReport(String executionName, String startedAt, String location, List<String> checks, List<String> regions,
                             AccountSelection selection, boolean truncated, int total, Map<String, Row> rows) {

    /** Reads one value of the stream as a tree, the stream going on after it. */
    private static final ObjectReader TREES = Json.mapper().reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** One account of the earlier report: its status and each check result's status, by check and region. */
    public record Row(String accountName, String ouId, AccountStatus status, Map<ResultRef, CheckStatus> results) {
    }

    /** Reads report.json from {@code in}; an {@link IOException} when it is not JSON or not a report. */
    public static PreviousReport read(InputStream in, String location) throws IOException {
        Builder report = new Builder();
        try (JsonParser parser = Json.mapper().getFactory().createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException(location + " is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "executionName" -> report.executionName = parser.getValueAsString();
                    case "startedAt" -> report.startedAt = parser.getValueAsString();
                    case "truncated" -> report.truncated = parser.getValueAsBoolean();
                    case "context" -> {
                        JsonNode context = TREES.readTree(parser);
                        report.checks = strings(context.get("checks"));
                        report.regions = strings(context.get("regions"));
                    }
                    case "selection" -> {
                        JsonNode selection = TREES.readTree(parser);
                        report.selection = selection == null || !selection.isObject() ? null : new AccountSelection(
                                strings(selection.get("accountIds")), strings(selection.get("organizationalUnitIds")),
                                strings(selection.get("excludeAccountIds")));
                    }
                    case "summary" -> {
                        JsonNode summary = TREES.readTree(parser);
                        report.total = summary == null ? 0 : summary.path("total").asInt(0);
                    }
                    case "accounts" -> readRows(parser, report.rows);
                    default -> parser.skipChildren();
                }
            }
        }
        if (report.executionName == null && report.rows.isEmpty()) {
            throw new IOException(location + " is not an audit-remediation report: it has neither an executionName nor accounts");
        }
        return new PreviousReport(report.executionName, report.startedAt, location, report.checks, report.regions, report.selection,
                report.truncated, Math.max(report.total, report.rows.size()), report.rows);
    }

    private static void readRows(JsonParser parser, Map<String, Row> rows) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return;
        }
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            String accountId = null;
            String accountName = null;
            String ouId = null;
            AccountStatus status = null;
            Map<ResultRef, CheckStatus> results = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "accountId" -> accountId = parser.getValueAsString();
                    case "accountName" -> accountName = parser.getValueAsString();
                    case "ouId" -> ouId = parser.getValueAsString();
                    case "status" -> status = parse(AccountStatus.class, parser.getValueAsString());
                    case "checks" -> readResults(parser, results);
                    default -> parser.skipChildren();
                }
            }
            if (accountId != null) {
                rows.put(accountId, new Row(accountName, ouId, status, results));
            }
        }
    }

    /** A row's check results, without their detail and evidence. */
    private static void readResults(JsonParser parser, Map<ResultRef, CheckStatus> results) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return;
        }
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                parser.skipChildren();
                continue;
            }
            String checkId = null;
            String region = null;
            CheckStatus status = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "checkId" -> checkId = parser.getValueAsString();
                    case "region" -> region = parser.getValueAsString();
                    case "status" -> status = parse(CheckStatus.class, parser.getValueAsString());
                    default -> parser.skipChildren();
                }
            }
            if (checkId != null && status != null) {
                results.put(new ResultRef(checkId, region), status);
            }
        }
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static List<String> strings(JsonNode node) {
        if (node == null || !node.isArray()) {
            return null;
        }
        List<String> values = new ArrayList<>();
        node.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static final class Builder {
        String executionName;
        String startedAt;
        boolean truncated;
        List<String> checks;
        List<String> regions;
        AccountSelection selection;
        int total;
        final Map<String, Row> rows = new LinkedHashMap<>();
    }
}
