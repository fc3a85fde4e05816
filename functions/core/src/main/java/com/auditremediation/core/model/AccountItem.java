package com.auditremediation.core.model;

import java.util.List;

/**
 * One account for the Map to fan out over: kept to a few short fields so that 1,000 of them fit a state's payload.
 * {@code exceptions} lists the positions, in the run context's {@code exceptions}, of the exceptions file's entries
 * that name this account or an OU above it (an entry for every account is not listed here); absent when none does.
 */
public record AccountItem(String id, String name, String ouId, List<Integer> exceptions) {

    public AccountItem {
        exceptions = exceptions == null || exceptions.isEmpty() ? null : Copies.orAbsent(exceptions);
    }

    /** An account that no exceptions file entry names. */
    public AccountItem(String id, String name, String ouId) {
        this(id, name, ouId, null);
    }

    /** This account with the positions of the rules that name it. */
    public AccountItem withExceptions(List<Integer> positions) {
        return new AccountItem(id, name, ouId, positions);
    }
}
