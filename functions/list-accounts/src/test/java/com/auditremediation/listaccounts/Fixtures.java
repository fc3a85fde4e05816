package com.auditremediation.listaccounts;

import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.core.model.Mode;
import com.auditremediation.local.OrganizationSpec;
import com.auditremediation.local.OrganizationSpec.Account;
import com.auditremediation.local.OrganizationSpec.OrganizationalUnit;
import java.util.ArrayList;
import java.util.List;

/** Organisations and settings shared by the tests. */
final class Fixtures {

    private Fixtures() {
    }

    /**
     * Workloads (workloads-shared) / Production (prod-a, prod-b) / Payments (payments-1); Workloads / Development
     * (dev-a); Sandbox (sandbox-a, sandbox-closed: suspended); at the root: root-account.
     */
    static OrganizationSpec nestedOrganization() {
        return new OrganizationSpec(List.of(
                new OrganizationalUnit("Workloads", List.of(account("workloads-shared")), List.of(
                        new OrganizationalUnit("Production", List.of(account("prod-a"), account("prod-b")), List.of(
                                new OrganizationalUnit("Payments", List.of(account("payments-1")), List.of()))),
                        new OrganizationalUnit("Development", List.of(account("dev-a")), List.of()))),
                new OrganizationalUnit("Sandbox", List.of(account("sandbox-a"), new Account("sandbox-closed", null, true, null)), List.of())),
                List.of(account("root-account")));
    }

    /** {@code count} accounts at the root, named member-001 and on. */
    static OrganizationSpec flatOrganization(int count) {
        List<Account> accounts = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            accounts.add(account(String.format("member-%03d", i)));
        }
        return new OrganizationSpec(List.of(), accounts);
    }

    static Account account(String name) {
        return new Account(name, null, null, null);
    }

    static ListAccountsSettings settings() {
        return new ListAccountsSettings(ListAccountsSettings.DEFAULT_ROLE_NAME, Mode.AUDIT, CheckCatalog.shipped().ids(), List.of("eu-west-1"),
                List.of(), List.of(), 10, "aws");
    }
}
