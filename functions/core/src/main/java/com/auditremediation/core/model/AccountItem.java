package com.auditremediation.core.model;

/** One account for the Map to fan out over: kept to three short fields so that 1,000 of them fit a state's payload. */
public record AccountItem(String id, String name, String ouId) {
}
