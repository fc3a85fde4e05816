package com.auditremediation.checkaccount;

import com.auditremediation.core.AwsClients;
import com.auditremediation.core.Env;
import com.auditremediation.core.Inputs;
import com.auditremediation.core.Json;
import com.auditremediation.core.Validate;
import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.model.AccountItem;
import com.auditremediation.core.model.CheckAccountInput;
import com.auditremediation.core.model.ExecutionInput;
import com.auditremediation.core.model.Mode;
import com.auditremediation.core.model.RunContext;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import software.amazon.awssdk.regions.Region;

/**
 * The original walkthrough's event, {@code {"TargetAccountId": "123456789012"}}, sent straight to the function (a
 * Lambda console test event, {@code aws lambda invoke}) rather than by the state machine: the function is then a
 * drop-in replacement for the original Python one and answers with that account's result row.
 * <p>Such an event is written like an execution input for one account: {@code TargetAccountId} (required) and,
 * optionally, {@code RoleName}, {@code Checks}, {@code SecurityControlIds}, {@code Mode}, {@code Regions} and
 * {@code SecurityHubFindings} ({@code false}: no finding is imported, as {@code bin/audit-remediation doctor} invokes it). What it leaves out comes from the
 * function's environment: {@code EXECUTION_ROLE_NAME} (the template's ExecutionRoleName), every check, mode audit,
 * the function's region. The STS session is named {@code audit-remediation-direct-<Lambda request id>}, so the member
 * account's CloudTrail shows a direct invocation and which one.
 */
public final class DirectInvocation {

    /** The execution name given to the checker: it becomes the session name's suffix. */
    static final String EXECUTION_NAME_PREFIX = "direct";

    private final String defaultRoleName;
    private final String partition;

    private DirectInvocation(String defaultRoleName, String partition) {
        this.defaultRoleName = defaultRoleName;
        this.partition = partition;
    }

    /**
     * Reads {@code EXECUTION_ROLE_NAME} (default aws-controltower-AdministratorExecutionRole); {@code region} is the
     * function's own, whose partition the event's {@code Regions} must be in.
     */
    public static DirectInvocation fromEnv(Env env, Region region) {
        return new DirectInvocation(Validate.roleName("EXECUTION_ROLE_NAME",
                env.get("EXECUTION_ROLE_NAME", "aws-controltower-AdministratorExecutionRole")), AwsClients.partition(region));
    }

    /**
     * Whether {@code event} is a direct invocation: a JSON object without the Map item's {@code account} that has a
     * field of the execution input. Anything else (including JSON that does not parse) is left to the Map item's
     * reader, which explains what is wrong.
     */
    static boolean accepts(byte[] event) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(event);
        } catch (IOException e) {
            return false;
        }
        if (node == null || !node.isObject() || node.has("account")) {
            return false;
        }
        for (String field : ExecutionInput.FIELDS) {
            if (node.has(field)) {
                return true;
            }
        }
        return false;
    }

    /** The Map item this event stands for; {@code requestId} (may be null) names the STS session. */
    CheckAccountInput toCheckAccountInput(byte[] event, String requestId) {
        ExecutionInput input = Inputs.read(new ByteArrayInputStream(event), ExecutionInput.class);
        if (input.targetAccountId() == null) {
            throw new InvalidInputException("TargetAccountId", "is missing; a direct invocation checks one account: send"
                    + " {\"TargetAccountId\": \"123456789012\"}");
        }
        String accountId = Validate.accountId("TargetAccountId", input.targetAccountId());
        refuseSweepField("AccountIds", input.accountIds(), accountId);
        refuseSweepField("OrganizationalUnitIds", input.organizationalUnitIds(), accountId);
        refuseSweepField("ExcludeAccountIds", input.excludeAccountIds(), accountId);
        if (input.approval() != null) {
            // A plan and its approval need the state machine's wait; directly, the function would only read or fix at once.
            throw new InvalidInputException("Approval", "applies to a sweep, which waits for the approval; start the state machine"
                    + " with this input, or leave Approval out");
        }
        // Validated here too, so that an error names the event's own field (Checks[0]), not the Map item's.
        String roleName = input.roleName() == null ? defaultRoleName : Validate.roleName("RoleName", input.roleName());
        List<String> checks = CheckCatalog.shipped().select(input.checks(), input.securityControlIds());
        List<String> regions = input.regions() == null ? List.of() : Validate.regions("Regions", input.regions(), partition);
        RunContext context = new RunContext(roleName, input.mode() == null ? Mode.AUDIT : input.mode(), checks, regions, null,
                null, input.securityHubFindings());
        String executionName = requestId == null || requestId.isBlank()
                ? EXECUTION_NAME_PREFIX : EXECUTION_NAME_PREFIX + "-" + requestId;
        return new CheckAccountInput(new AccountItem(accountId, null, null), context, executionName);
    }

    private static void refuseSweepField(String field, List<String> value, String accountId) {
        if (value != null) {
            throw new InvalidInputException(field, "applies to a sweep, not to a direct invocation of the check function;"
                    + " start the state machine with this input, or send only {\"TargetAccountId\": \"" + accountId + "\"}");
        }
    }
}
