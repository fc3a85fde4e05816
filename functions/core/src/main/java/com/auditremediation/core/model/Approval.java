package com.auditremediation.core.model;

import com.auditremediation.core.LowerCaseEnums;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Execution input {@code Approval}: {@code none} (the default) fixes in the sweep itself, {@code required} (only with
 * {@code Mode: "remediate"}) sweeps read-only first, writes a plan and fixes only the planned items after a person
 * approves it.
 */
public enum Approval {
    NONE, REQUIRED;

    @JsonValue
    public String jsonValue() {
        return LowerCaseEnums.value(this);
    }

    /** Exact lower-case values only, as written in the input. */
    @JsonCreator
    public static Approval fromJson(String value) {
        return LowerCaseEnums.parse(Approval.class, value, "an approval; use \"none\" (the default) or \"required\""
                + " (with \"Mode\": \"remediate\": plan first, fix after a person approves)");
    }
}
