package com.auditremediation.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The execution input, as a person writes it (every field optional; {@code {}} sweeps every ACTIVE account with the
 * template's defaults). Field names are PascalCase, like Step Functions' own; the original single-account event
 * {@code {"TargetAccountId": "123456789012"}} stays valid.
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
        @JsonProperty("SecurityControlIds") List<String> securityControlIds,
        @JsonProperty("Approval") Approval approval,
        @JsonProperty("ExceptionsKey") String exceptionsKey,
        @JsonProperty("SecurityHubFindings") Boolean securityHubFindings) {

    /** A list left out stays null: the template's default applies, where an empty list is refused. */
    public ExecutionInput {
        accountIds = Copies.orAbsent(accountIds);
        organizationalUnitIds = Copies.orAbsent(organizationalUnitIds);
        excludeAccountIds = Copies.orAbsent(excludeAccountIds);
        checks = Copies.orAbsent(checks);
        regions = Copies.orAbsent(regions);
        securityControlIds = Copies.orAbsent(securityControlIds);
    }

    /** Every field name, for error messages that list what is accepted. */
    public static final List<String> FIELDS = List.of(
            "TargetAccountId", "AccountIds", "OrganizationalUnitIds", "ExcludeAccountIds",
            "RoleName", "Checks", "Mode", "Regions", "SecurityControlIds", "Approval", "ExceptionsKey", "SecurityHubFindings");

    /** An input that leaves ExceptionsKey and SecurityHubFindings to the template. */
    public ExecutionInput(String targetAccountId, List<String> accountIds, List<String> organizationalUnitIds, List<String> excludeAccountIds,
                          String roleName, List<String> checks, Mode mode, List<String> regions, List<String> securityControlIds,
                          Approval approval) {
        this(targetAccountId, accountIds, organizationalUnitIds, excludeAccountIds, roleName, checks, mode, regions, securityControlIds,
                approval, null, null);
    }

    public static ExecutionInput empty() {
        return new ExecutionInput(null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
