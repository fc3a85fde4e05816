package com.auditremediation.listaccounts;

import com.auditremediation.core.Validate;
import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.exceptions.ExceptionsFile;
import com.auditremediation.core.model.Approval;
import com.auditremediation.core.model.ExecutionInput;
import com.auditremediation.core.model.Mode;
import com.auditremediation.core.model.RunContext;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * What to list, resolved from the execution input and the template's defaults, every value validated.
 *
 * <p>Rules, in the order a reader would ask about them:
 * <ul>
 *   <li>{@code Checks} and {@code SecurityControlIds} select the union of the checks named and the checks that
 *       implement those Security Hub controls; either one replaces the default checks.</li>
 *   <li>Each input field, when present, replaces its default: {@code RoleName}, {@code Mode}, {@code Checks},
 *       {@code Regions}, {@code ExcludeAccountIds} (the input's list replaces {@code DEFAULT_EXCLUDE_ACCOUNT_IDS}, it
 *       is not added to it), {@code OrganizationalUnitIds}.</li>
 *   <li>{@code TargetAccountId} and {@code AccountIds} together select their union: the original single-account
 *       event keeps working and a list can be added to it without an error.</li>
 *   <li>{@code OrganizationalUnitIds} and account ids together also select the union (every account under those
 *       OUs, recursively, plus the named accounts), not the intersection, which would silently drop accounts.</li>
 *   <li>Explicit account ids ignore {@code DEFAULT_ORGANIZATIONAL_UNIT_IDS}: naming accounts means "these", not
 *       "these, if they are in the default OUs". With neither ids nor OUs, the default OUs apply; with none of those
 *       either, the whole organisation.</li>
 *   <li>Exclusions win over every selection, explicit ids included; each account left out is counted.</li>
 *   <li>An id repeated within one list is refused, naming the second occurrence (often a copy-paste that meant
 *       another id); an account named both by {@code TargetAccountId} and in {@code AccountIds} is one account.
 *       OU ids may be OUs ({@code ou-...}) or the root ({@code r-...}).</li>
 *   <li>{@code Regions} must be regions of the stack's partition, as the SDK's region metadata lists them.</li>
 *   <li>{@code Approval: "required"} needs {@code Mode: "remediate"} (after the template's default mode applies): in
 *       audit mode there is nothing to approve, and a silent no-op would hide a mistaken input.</li>
 *   <li>{@code ExceptionsKey} names another exceptions object of the report bucket for this run: a key under
 *       {@code config/} ending in .yaml, .yml or .json (ListAccounts may read nothing else there).</li>
 * </ul>
 *
 * @param organizationalUnitField the field that {@code organizationalUnitIds} came from, for error messages
 *                                ({@code OrganizationalUnitIds} or {@code DEFAULT_ORGANIZATIONAL_UNIT_IDS})
 * @param exceptionsKey           the input's {@code ExceptionsKey}; null: the template's (EXCEPTIONS_KEY)
 */
public record ListAccountsRequest(
        RunContext context,
        int maxConcurrency,
        List<String> accountIds,
        List<String> organizationalUnitIds,
        String organizationalUnitField,
        List<String> excludeAccountIds,
        String exceptionsKey) {

    public ListAccountsRequest {
        accountIds = accountIds == null ? List.of() : List.copyOf(new TreeSet<>(accountIds));
        organizationalUnitIds = organizationalUnitIds == null ? List.of() : List.copyOf(organizationalUnitIds);
        excludeAccountIds = excludeAccountIds == null ? List.of() : List.copyOf(new TreeSet<>(excludeAccountIds));
    }

    /** Neither accounts nor OUs named: every account of the organisation. */
    public boolean wholeOrganization() {
        return accountIds.isEmpty() && organizationalUnitIds.isEmpty();
    }

    public static ListAccountsRequest resolve(ExecutionInput input, ListAccountsSettings settings) {
        List<String> accountIds = new ArrayList<>();
        if (input.targetAccountId() != null) {
            accountIds.add(Validate.accountId("TargetAccountId", input.targetAccountId()));
        }
        if (input.accountIds() != null) {
            accountIds.addAll(Validate.accountIds("AccountIds", input.accountIds()));
        }

        List<String> organizationalUnitIds;
        String organizationalUnitField;
        if (input.organizationalUnitIds() != null) {
            organizationalUnitIds = Validate.parentIds("OrganizationalUnitIds", input.organizationalUnitIds());
            organizationalUnitField = "OrganizationalUnitIds";
        } else if (accountIds.isEmpty()) {
            organizationalUnitIds = settings.organizationalUnitIds();
            organizationalUnitField = "DEFAULT_ORGANIZATIONAL_UNIT_IDS";
        } else {
            organizationalUnitIds = List.of();
            organizationalUnitField = "OrganizationalUnitIds";
        }

        List<String> excludeAccountIds = input.excludeAccountIds() != null
                ? Validate.accountIds("ExcludeAccountIds", input.excludeAccountIds())
                : settings.excludeAccountIds();
        String roleName = input.roleName() != null ? Validate.roleName("RoleName", input.roleName()) : settings.roleName();
        Mode mode = input.mode() != null ? input.mode() : settings.mode();
        List<String> checks = input.checks() != null || input.securityControlIds() != null
                ? CheckCatalog.shipped().select(input.checks(), input.securityControlIds())
                : settings.checks();
        List<String> regions = input.regions() != null
                ? Validate.regions("Regions", input.regions(), settings.partition())
                : settings.regions();

        Approval approval = input.approval() == null ? Approval.NONE : input.approval();
        if (approval == Approval.REQUIRED && mode != Mode.REMEDIATE) {
            throw new InvalidInputException("Approval", "\"required\" applies to fixes, and this run is in "
                    + mode.jsonValue() + " mode, which fixes nothing; add \"Mode\": \"remediate\" to plan fixes and apply them"
                    + " after approval, or leave Approval out");
        }
        String exceptionsKey = input.exceptionsKey() == null ? null : ExceptionsFile.validateKey("ExceptionsKey", input.exceptionsKey());
        return new ListAccountsRequest(new RunContext(roleName, mode, checks, regions, approval, null, input.securityHubFindings()),
                settings.maxConcurrency(), accountIds, organizationalUnitIds, organizationalUnitField, excludeAccountIds, exceptionsKey);
    }
}
