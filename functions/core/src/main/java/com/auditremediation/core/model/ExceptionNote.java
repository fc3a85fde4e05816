package com.auditremediation.core.model;

import java.util.List;

/**
 * One entry of the exceptions file as the report lists it: in force (with how many results it covered), expiring
 * soon, or expired (no longer applied).
 *
 * @param checks  the checks it covers; null: every check
 * @param results the NON_COMPLIANT results it covered in this sweep; null where not counted (an expired entry)
 */
public record ExceptionNote(int entry, List<String> checks, String owner, String expires, String reason, String ticket, Integer results) {

    public ExceptionNote {
        checks = Copies.orAbsent(checks);
    }

    public static ExceptionNote of(ExceptionRule rule, Integer results) {
        return new ExceptionNote(rule.entry(), rule.checks(), rule.owner(), rule.expires(), rule.reason(), rule.ticket(), results);
    }
}
