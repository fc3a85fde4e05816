package com.auditremediation.core.model;

import com.auditremediation.core.LowerCaseEnums;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** {@code audit} only reads; {@code remediate} fixes what is NON_COMPLIANT and needs the administrator roles. */
public enum Mode {
    AUDIT, REMEDIATE;

    @JsonValue
    public String jsonValue() {
        return LowerCaseEnums.value(this);
    }

    /** The exact lower-case spelling only (see {@link LowerCaseEnums}); Inputs names the field where the value stood. */
    @JsonCreator
    public static Mode fromJson(String value) {
        return LowerCaseEnums.parse(Mode.class, value, "a mode; use \"audit\" (read only, the default) or \"remediate\", in lower case");
    }
}
