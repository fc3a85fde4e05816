package com.auditremediation.core.model;

import java.util.Map;

/**
 * The outcome of one check in one account (and region, for regional checks). {@code before} and {@code after} hold
 * the settings read, as evidence; both are left out where there is nothing to show.
 */
public record CheckResult(
        String checkId,
        String region,
        CheckStatus status,
        String detail,
        Map<String, Object> before,
        Map<String, Object> after) {

    public static CheckResult of(String checkId, CheckStatus status, String detail) {
        return new CheckResult(checkId, null, status, detail, null, null);
    }
}
