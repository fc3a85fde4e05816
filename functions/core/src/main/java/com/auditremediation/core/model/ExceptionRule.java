package com.auditremediation.core.model;

import java.util.List;

/**
 * One entry of the exceptions file as it reaches the check function: resolved by ListAccounts (controls mapped to
 * checks, expired entries and entries that apply to no listed account left out) and carried once per sweep in the
 * {@link RunContext}. Which accounts it covers is said by the accounts themselves: {@code allAccounts} for an entry of
 * {@code "*"}, else each {@link AccountItem} lists the positions of the rules that cover it ({@code exceptions}), so a
 * rule's text travels once however many accounts it covers.
 *
 * @param entry       the entry's index in the file ({@code exceptions[entry]}), for the report and the finding's note
 * @param allAccounts true for {@code accounts: ["*"]} (or an organisation's root); null otherwise
 * @param checks      the check ids covered (those named, and those implementing the controls named); null: every check
 * @param regions     the regions covered, for regional checks' results only; null: every region
 */
public record ExceptionRule(int entry, Boolean allAccounts, List<String> checks, List<String> regions, String reason,
                            String owner, String expires, String ticket) {

    public ExceptionRule {
        allAccounts = Boolean.TRUE.equals(allAccounts) ? Boolean.TRUE : null;
        checks = Copies.orAbsent(checks);
        regions = Copies.orAbsent(regions);
    }

    /**
     * Whether this rule covers the result of {@code checkId} in {@code region} (null for a check that is not regional):
     * a rule with regions covers only regional results in those regions.
     */
    public boolean covers(String checkId, String region) {
        if (checks != null && !checks.contains(checkId)) {
            return false;
        }
        return regions == null || (region != null && regions.contains(region));
    }

    /** What a result that this rule covers carries. */
    public AcceptedRisk risk() {
        return AcceptedRisk.fromFile(entry, reason, owner, expires, ticket);
    }
}
