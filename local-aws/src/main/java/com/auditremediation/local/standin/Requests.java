package com.auditremediation.local.standin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/** Reading the members of a JSON request, with AWS's own validation message when one is missing or wrong. */
final class Requests {

    private Requests() {
    }

    /** A required string member; missing or not a string is a {@code ValidationException}, as AWS answers. */
    static String requiredText(JsonNode input, String member) {
        JsonNode value = input.get(member);
        if (value == null || value.isNull()) {
            throw invalid(member, "null", "Member must not be null");
        }
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw invalid(member, value.toString(), "Member must be a non-empty string");
        }
        return value.asText();
    }

    /** An optional string member: null when absent. */
    static String optionalText(JsonNode input, String member) {
        JsonNode value = input.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(member, value.toString(), "Member must be a string");
        }
        return value.asText();
    }

    /** A member whose value must be one of {@code allowed} (an enum of the model). */
    static String requiredEnum(JsonNode input, String member, Set<String> allowed) {
        String value = requiredText(input, member);
        if (!allowed.contains(value)) {
            throw invalid(member, value, "Member must satisfy enum value set: " + allowed.stream().sorted().toList());
        }
        return value;
    }

    static AwsError invalid(String member, String value, String constraint) {
        return new AwsError(400, "ValidationException", "1 validation error detected: Value " + value + " at '"
                + Character.toLowerCase(member.charAt(0)) + member.substring(1) + "' failed to satisfy constraint: " + constraint);
    }
}
