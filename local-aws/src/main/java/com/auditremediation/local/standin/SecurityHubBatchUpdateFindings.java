package com.auditremediation.local.standin;

import com.auditremediation.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Security Hub {@code BatchUpdateFindings} (REST-JSON), which moto 5.2.1 lacks: what a customer uses to set a finding's
 * {@code Workflow.Status}, {@code Note}, {@code VerificationState}, {@code Confidence}, {@code Criticality},
 * {@code Severity}, {@code Types}, {@code UserDefinedFields} and {@code RelatedFindings}. The findings stay moto's: each
 * is read from moto ({@code GetFindings}, filtered here by {@code Id} and {@code ProductArn}, since moto ignores
 * filters) and written back with the new values through moto's {@code BatchImportFindings}, which replaces the
 * finding's top-level members it is given, so that {@code GetFindings} reads the update back. As AWS documents,
 * {@code UpdatedAt} is left alone and a note gets its own {@code UpdatedAt}. The answer is AWS's
 * {@code ProcessedFindings} and {@code UnprocessedFindings} ({@code FindingNotFound},
 * {@code DuplicatedFindingIdentifier}); a disabled hub is {@code InvalidAccessException}.
 */
final class SecurityHubBatchUpdateFindings implements StandInService {

    private static final Descriptor DESCRIPTOR = new Descriptor("securityhub-batch-update-findings", "securityhub", Protocol.REST_JSON_CAPITALISED,
            List.of("securityhub:BatchUpdateFindings"));

    private static final Set<String> WORKFLOW = Set.of("NEW", "NOTIFIED", "RESOLVED", "SUPPRESSED");
    private static final Set<String> VERIFICATION = Set.of("UNKNOWN", "TRUE_POSITIVE", "FALSE_POSITIVE", "BENIGN_POSITIVE");
    private static final Set<String> SEVERITY = Set.of("INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL");
    private static final List<String> UPDATABLE = List.of("Note", "Severity", "VerificationState", "Confidence", "Criticality",
            "Types", "UserDefinedFields", "Workflow", "RelatedFindings");

    private final MotoCalls moto;
    private final SecurityHubAccount hub;

    SecurityHubBatchUpdateFindings(MotoCalls moto) {
        this.moto = moto;
        this.hub = new SecurityHubAccount(moto);
    }

    @Override
    public Descriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public boolean serves(StandInRequest request) {
        return request.method().equals("PATCH") && request.path().equals("/findings/batchupdate");
    }

    @Override
    public synchronized StandInResponse answer(StandInRequest request, Caller caller) {
        JsonNode input = request.json();
        JsonNode identifiers = input.get("FindingIdentifiers");
        if (identifiers == null || !identifiers.isArray() || identifiers.isEmpty() || identifiers.size() > 100) {
            throw new AwsError(400, "InvalidInputException", "FindingIdentifiers must be a list of 1 to 100 finding identifiers.");
        }
        ObjectNode updates = updates(input);
        hub.requireEnabled(caller);
        Map<String, ObjectNode> findings = findings(caller);
        ObjectNode output = Json.mapper().createObjectNode();
        ArrayNode processed = output.putArray("ProcessedFindings");
        ArrayNode unprocessed = output.putArray("UnprocessedFindings");
        ArrayNode changed = Json.mapper().createArrayNode();
        Set<String> seen = new HashSet<>();
        for (JsonNode identifier : identifiers) {
            String key = Requests.requiredText(identifier, "Id") + "\n" + Requests.requiredText(identifier, "ProductArn");
            ObjectNode finding = findings.get(key);
            if (!seen.add(key)) {
                unprocessed.add(unprocessed(identifier, "DuplicatedFindingIdentifier", "Finding Identifier is duplicated"));
            } else if (finding == null) {
                unprocessed.add(unprocessed(identifier, "FindingNotFound", "Finding Not Found"));
            } else {
                changed.add(apply(finding, updates));
                processed.add(identifier);
            }
        }
        if (!changed.isEmpty()) {
            write(caller, changed);
        }
        return protocol().success(output.toString());
    }

    /** The members to set, validated; at least one is required. */
    private static ObjectNode updates(JsonNode input) {
        ObjectNode updates = Json.mapper().createObjectNode();
        for (String member : UPDATABLE) {
            if (input.hasNonNull(member)) {
                updates.set(member, input.get(member));
            }
        }
        if (updates.isEmpty()) {
            throw new AwsError(400, "InvalidInputException", "At least one of " + String.join(", ", UPDATABLE) + " must be given.");
        }
        if (updates.has("Workflow")) {
            oneOf(updates.path("Workflow"), "Status", WORKFLOW, "Workflow.Status");
        }
        if (updates.has("VerificationState") && !VERIFICATION.contains(updates.get("VerificationState").asText())) {
            throw new AwsError(400, "InvalidInputException", "VerificationState must be one of " + VERIFICATION.stream().sorted().toList());
        }
        if (updates.has("Note")) {
            String text = Requests.requiredText(updates.get("Note"), "Text");
            Requests.requiredText(updates.get("Note"), "UpdatedBy");
            if (text.length() > 512) {
                throw new AwsError(400, "InvalidInputException", "Note.Text must be at most 512 characters.");
            }
        }
        if (updates.has("Severity")) {
            oneOf(updates.get("Severity"), "Label", SEVERITY, "Severity.Label");
            ratio(updates.get("Severity").get("Normalized"), "Severity.Normalized");
        }
        ratio(updates.get("Confidence"), "Confidence");
        ratio(updates.get("Criticality"), "Criticality");
        return updates;
    }

    private static void oneOf(JsonNode parent, String member, Set<String> allowed, String name) {
        JsonNode value = parent.get(member);
        if (value != null && !allowed.contains(value.asText())) {
            throw new AwsError(400, "InvalidInputException", name + " must be one of " + allowed.stream().sorted().toList());
        }
    }

    private static void ratio(JsonNode value, String name) {
        if (value != null && (!value.canConvertToInt() || value.asInt() < 0 || value.asInt() > 100)) {
            throw new AwsError(400, "InvalidInputException", name + " must be an integer from 0 to 100.");
        }
    }

    /** The finding with {@code updates} applied, as AWS applies BatchUpdateFindings. */
    private static ObjectNode apply(ObjectNode finding, ObjectNode updates) {
        ObjectNode updated = finding.deepCopy();
        updates.fields().forEachRemaining(entry -> {
            switch (entry.getKey()) {
                case "Workflow" -> updated.putObject("Workflow").put("Status", entry.getValue().path("Status").asText());
                case "Note" -> updated.putObject("Note")
                        .put("Text", entry.getValue().get("Text").asText())
                        .put("UpdatedBy", entry.getValue().get("UpdatedBy").asText())
                        .put("UpdatedAt", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
                case "Severity" -> updated.set("Severity", severity(updated.path("Severity"), entry.getValue()));
                default -> updated.set(entry.getKey(), entry.getValue());
            }
        });
        return updated;
    }

    /** The finding's severity with the update's members; a {@code Normalized} alone sets the label as AWS documents. */
    private static ObjectNode severity(JsonNode current, JsonNode update) {
        ObjectNode severity = current.isObject() ? ((ObjectNode) current).deepCopy() : Json.mapper().createObjectNode();
        update.fields().forEachRemaining(entry -> severity.set(entry.getKey(), entry.getValue()));
        if (!update.has("Label") && update.has("Normalized")) {
            int normalized = update.get("Normalized").asInt();
            severity.put("Label", normalized == 0 ? "INFORMATIONAL" : normalized < 40 ? "LOW" : normalized < 70 ? "MEDIUM"
                    : normalized < 90 ? "HIGH" : "CRITICAL");
        }
        return severity;
    }

    private static ObjectNode unprocessed(JsonNode identifier, String code, String message) {
        ObjectNode entry = Json.mapper().createObjectNode();
        entry.set("FindingIdentifier", identifier);
        return entry.put("ErrorCode", code).put("ErrorMessage", message);
    }

    /** Every finding moto holds for the caller, by Id and ProductArn (moto's GetFindings ignores filters). */
    private Map<String, ObjectNode> findings(Caller caller) {
        Map<String, ObjectNode> findings = new LinkedHashMap<>();
        String token = null;
        do {
            ObjectNode body = Json.mapper().createObjectNode().put("MaxResults", 100);
            if (token != null) {
                body.put("NextToken", token);
            }
            MotoCalls.Answer answer = moto.restJson(caller, "securityhub", "POST", "/findings", body.toString());
            if (!answer.ok()) {
                throw new IllegalStateException("moto answered " + answer.status() + " to GetFindings: " + answer.body());
            }
            JsonNode page = answer.json();
            for (JsonNode finding : page.path("Findings")) {
                findings.put(finding.path("Id").asText() + "\n" + finding.path("ProductArn").asText(), (ObjectNode) finding);
            }
            token = page.hasNonNull("NextToken") && !page.get("NextToken").asText().isEmpty() ? page.get("NextToken").asText() : null;
        } while (token != null);
        return findings;
    }

    private void write(Caller caller, ArrayNode findings) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.set("Findings", findings);
        MotoCalls.Answer answer = moto.restJson(caller, "securityhub", "POST", "/findings/import", body.toString());
        if (!answer.ok() || answer.json().path("FailedCount").asInt() != 0) {
            throw new IllegalStateException("moto answered " + answer.status() + " to BatchImportFindings: " + answer.body());
        }
    }

    @Override
    public void reset() {
        // the findings are moto's: nothing of its own to forget
    }
}
