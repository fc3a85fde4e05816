package com.auditremediation.core.exceptions;

import com.auditremediation.core.model.ExceptionNote;
import com.auditremediation.core.model.ExceptionRule;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * An entry of the exceptions file once {@link ExceptionsFile} has checked it: the accounts and OUs it names, the checks
 * it covers (controls mapped to the checks that implement them; null for every check), its regions (null for every
 * region) and its text.
 *
 * @param index       its position in the file: {@code exceptions[index]}
 * @param allAccounts {@code "*"} in accounts, or an organisation's root among the OUs
 */
public record ValidatedEntry(int index, boolean allAccounts, Set<String> accounts, Set<String> organizationalUnits,
                             List<String> checks, List<String> regions, String reason, String owner, LocalDate expires,
                             String ticket) {

    /** Whether the entry names {@code accountId} or an OU (or root) among {@code ancestors}, the account's parents up to the root. */
    public boolean names(String accountId, List<String> ancestors) {
        return allAccounts || accounts.contains(accountId) || ancestors.stream().anyMatch(organizationalUnits::contains);
    }

    /** Whether its last day is before {@code today}: it no longer applies. */
    public boolean expiredOn(LocalDate today) {
        return expires.isBefore(today);
    }

    public ExceptionRule rule() {
        return new ExceptionRule(index, allAccounts, checks, regions, reason, owner, expires.toString(), ticket);
    }

    public ExceptionNote note() {
        return new ExceptionNote(index, checks, owner, expires.toString(), reason, ticket, null);
    }
}
