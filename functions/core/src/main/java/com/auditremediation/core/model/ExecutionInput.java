package com.auditremediation.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The execution input, as a person writes it (every field optional; {@code {}} sweeps every ACTIVE account with the
 * template's defaults). Field names are PascalCase, like Step Functions' own; the original single-account event
 * {@code {"TargetAccountId": "123456789012"}} stays valid. {@code SecurityControlIds} selects the checks that implement
 * those Security Hub controls (with {@code Checks}, the union): what a run started by a failed control's finding sends.
 */
public record ExecutionInput(
        @JsonProperty("TargetAccountId") String targetAccountId,
        @JsonProperty("AccountIds") List<String> accountIds,
        @JsonProperty("OrganizationalUnitIds") List<String> organizationalUnitIds,
        @JsonProperty("ExcludeAccountIds") List<String> excludeAccountIds,
        @JsonProperty("RoleName") String roleName,
        @JsonProperty("Checks") List<String> checks,
        @JsonProperty("Mode") Mode mode,
        @JsonProperty("Regions") List<String> regions,
        @JsonProperty("SecurityControlIds") List<String> securityControlIds) {

    /** Every field name, for error messages that list what is accepted. */
    public static final List<String> FIELDS = List.of(
            "TargetAccountId", "AccountIds", "OrganizationalUnitIds", "ExcludeAccountIds",
            "RoleName", "Checks", "Mode", "Regions", "SecurityControlIds");

    /** An input without {@code SecurityControlIds}. */
    public ExecutionInput(String targetAccountId, List<String> accountIds, List<String> organizationalUnitIds,
                          List<String> excludeAccountIds, String roleName, List<String> checks, Mode mode, List<String> regions) {
        this(targetAccountId, accountIds, organizationalUnitIds, excludeAccountIds, roleName, checks, mode, regions, null);
    }

    public static ExecutionInput empty() {
        return new ExecutionInput(null, null, null, null, null, null, null, null, null);
    }
}
