package com.auditremediation.local.standin;

import com.auditremediation.core.Validate;
import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.awssdk.regions.Region;

/** The fields of an admin endpoint's JSON body; a bad one is an {@link IllegalArgumentException} naming it. */
final class AdminInput {

    private AdminInput() {
    }

    static String text(JsonNode body, String field) {
        String value = optionalText(body, field, null);
        if (value == null) {
            throw new IllegalArgumentException("field '" + field + "' is required");
        }
        return value;
    }

    static String optionalText(JsonNode body, String field, String fallback) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "': " + value + " is not a string; write it in quotes");
        }
        return value.asText();
    }

    static String accountId(JsonNode body) {
        return Validate.accountId("accountId", text(body, "accountId"));
    }

    static String region(JsonNode body) {
        String region = text(body, "region");
        if (!Region.regions().contains(Region.of(region))) {
            throw new IllegalArgumentException("field 'region': " + Validate.describe(region) + " is not a region code; use one such as \"eu-west-1\"");
        }
        return region;
    }

    /** One of {@code allowed}, or {@code fallback} when absent. */
    static String choice(JsonNode body, String field, String fallback, java.util.Set<String> allowed) {
        String value = optionalText(body, field, fallback);
        if (value != null && !allowed.contains(value)) {
            throw new IllegalArgumentException("field '" + field + "': " + Validate.describe(value) + " is not one of "
                    + String.join(", ", allowed.stream().sorted().toList()));
        }
        return value;
    }
}
