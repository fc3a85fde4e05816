package com.auditremediation.core.model;

import com.auditremediation.core.Validate;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** {@code audit} only reads; {@code remediate} fixes what is NON_COMPLIANT and needs the administrator roles. */
public enum Mode {
    AUDIT, REMEDIATE;

    @JsonValue
    public String jsonValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The exact lower-case spelling only: no case folding, which would let a look-alike ({@code audıt} with a dotless
     * {@code ı} upper-cases to {@code AUDIT}) select a mode nobody typed.
     */
    @JsonCreator
    public static Mode fromJson(String value) {
        for (Mode mode : values()) {
            if (mode.jsonValue().equals(value)) {
                return mode;
            }
        }
        // Inputs turns this into an InvalidInputException naming the field where the value stood.
        throw new IllegalArgumentException(Validate.describe(value) + " is not a mode; use \"audit\" (read only, the default) or \"remediate\", in lower case");
    }
}
