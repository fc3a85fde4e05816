package com.auditremediation.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a Step Functions Catch hands on: the error name and, when there is one, its cause. */
public record CaughtError(@JsonProperty("Error") String error, @JsonProperty("Cause") String cause) {
}
