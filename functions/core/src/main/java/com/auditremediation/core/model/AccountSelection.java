package com.auditremediation.core.model;

import java.util.List;
import java.util.TreeSet;

/**
 * Which accounts a sweep selected, as ListAccounts resolved the input against the template's defaults: the account
 * ids named ({@code TargetAccountId} and {@code AccountIds}), the OUs ({@code OrganizationalUnitIds}, with their
 * child OUs) and the accounts left out ({@code ExcludeAccountIds}); each sorted, without repeats. No ids and no OUs
 * select the whole organisation. With the run's checks and regions it is the sweep's scope: two sweeps of the same
 * selection, checks and regions are compared in full (see {@link SweepChanges}).
 */
public record AccountSelection(List<String> accountIds, List<String> organizationalUnitIds, List<String> excludeAccountIds) {

    public AccountSelection {
        accountIds = sorted(accountIds);
        organizationalUnitIds = sorted(organizationalUnitIds);
        excludeAccountIds = sorted(excludeAccountIds);
    }

    /** Every account of the organisation but {@code excludeAccountIds}. */
    public static AccountSelection wholeOrganization(List<String> excludeAccountIds) {
        return new AccountSelection(List.of(), List.of(), excludeAccountIds);
    }

    public boolean wholeOrganization() {
        return accountIds.isEmpty() && organizationalUnitIds.isEmpty();
    }

    private static List<String> sorted(List<String> values) {
        return values == null ? List.of() : List.copyOf(new TreeSet<>(values));
    }
}
