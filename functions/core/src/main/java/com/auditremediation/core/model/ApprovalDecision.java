package com.auditremediation.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import com.auditremediation.core.LowerCaseEnums;

/**
 * The result of the state "Wait for approval": the task output that {@code approve} sends with SendTaskSuccess (a
 * rejection travels as a success too, since moto drops SendTaskFailure's cause), or what the state machine records when
 * the wait timed out ({@code timedOut}) or failed. {@code by} is the caller identity (an ARN) that decided, {@code at}
 * when (ISO-8601 UTC).
 */
public record ApprovalDecision(Decision decision, String by, String at, String reason, Boolean timedOut) {

    public static ApprovalDecision approved(String by, String at, String reason) {
        return new ApprovalDecision(Decision.APPROVED, by, at, reason, null);
    }

    public static ApprovalDecision rejected(String by, String at, String reason) {
        return new ApprovalDecision(Decision.REJECTED, by, at, reason, null);
    }

    @JsonIgnore
    public boolean isApproved() {
        return decision == Decision.APPROVED;
    }

    public enum Decision {
        APPROVED, REJECTED;

        @JsonValue
        public String jsonValue() {
            return LowerCaseEnums.value(this);
        }

        @JsonCreator
        public static Decision fromJson(String value) {
            return LowerCaseEnums.parse(Decision.class, value, "a decision; use \"approved\" or \"rejected\"");
        }
    }
}
