package com.auditremediation.core.model;

import com.auditremediation.core.LowerCaseEnums;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where an accepted risk comes from: {@code file}, an entry of the exceptions file (with an owner, a reason and an
 * expiry), or {@code securityhub}, a person's suppression in Security Hub (our own finding's, or Security Hub's own
 * control finding's, {@code Workflow.Status} SUPPRESSED).
 */
public enum ExceptionSource {
    FILE, SECURITYHUB;

    @JsonValue
    public String jsonValue() {
        return LowerCaseEnums.value(this);
    }

    @JsonCreator
    public static ExceptionSource fromJson(String value) {
        return LowerCaseEnums.parse(ExceptionSource.class, value, "an exception source; use \"file\" or \"securityhub\"");
    }
}
