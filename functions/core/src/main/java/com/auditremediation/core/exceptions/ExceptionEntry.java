package com.auditremediation.core.exceptions;

import java.util.List;

/**
 * One entry of the exceptions file, as a person writes it: which accounts ({@code accounts}: 12-digit ids, or
 * {@code "*"}; and/or {@code organizationalUnits}: OU ids, covering every account beneath), which checks
 * ({@code checks}: check ids, or {@code "*"}; and/or {@code controls}: Security Hub control ids, meaning the checks
 * that implement them), optionally which {@code regions}, and always a {@code reason}, an {@code owner} and the day it
 * {@code expires} (YYYY-MM-DD); optionally a {@code ticket}. {@link ExceptionsFile} validates it.
 */
public record ExceptionEntry(
        List<String> accounts,
        List<String> organizationalUnits,
        List<String> checks,
        List<String> controls,
        List<String> regions,
        String reason,
        String owner,
        String expires,
        String ticket) {

    /** Every field name, in the order the docs list them. */
    public static final List<String> FIELDS = List.of("accounts", "organizationalUnits", "checks", "controls", "regions", "reason",
            "owner", "expires", "ticket");
}
