package com.auditremediation.core.model;

import java.util.List;

/**
 * The ids of the checks that check-account can run. ListAccounts validates {@code Checks} against this list so a
 * typo fails the run before any account is touched; check-account's registry is tested to match it.
 */
public final class KnownChecks {

    public static final String CALLER_IDENTITY = "caller-identity";

    public static final List<String> IDS = List.of(CALLER_IDENTITY);

    private KnownChecks() {
    }
}
