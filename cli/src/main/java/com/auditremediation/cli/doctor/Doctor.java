package com.auditremediation.cli.doctor;

import com.auditremediation.core.AwsClients;
import com.auditremediation.core.AwsFaults;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.AccountStatus;
import software.amazon.awssdk.services.organizations.model.Organization;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * Checks a deployment before its first sweep, reading only: who runs it and where (the caller, the organisation, the
 * landing zone), the roles the sweep relies on, the stack and what it created, Organizations access and the role chain
 * into one member account (proven by invoking the deployed functions with an input that reads and writes nothing:
 * caller identity only, findings export off), Security Hub here and the regions swept. Each item is PASS, WARN or FAIL
 * with one sentence of what to do. It changes nothing and writes no finding.
 */
public final class Doctor {

    static final String CONTROL_TOWER_AUDIT_ROLE_PREFIX = "aws-controltower-Audit";

    /** What doctor is asked: the stack, the account whose role chain it proves (null: the first active member), the region. */
    public record Settings(String stackName, String sampleAccount, Region region) {
    }

    final DoctorClients clients;
    final Settings settings;
    final String partition;

    // What the items learn, in order, and share.
    String accountId;
    String callerArn;
    Organization organization;
    Stack stack;
    final Map<String, String> parameters = new LinkedHashMap<>();
    final Map<String, String> outputs = new LinkedHashMap<>();
    /** The role the check functions run as (name and ARN); null until the stack names it. */
    String auditRoleName;
    String auditRoleArn;
    boolean auditRoleExists;
    /** Landing zone facts, where readable: null when not known. */
    Boolean securityRolesEnabled;
    String securityRolesAccount;
    String sampleAccount;

    public Doctor(DoctorClients clients, Settings settings) {
        this.clients = clients;
        this.settings = settings;
        this.partition = AwsClients.partition(settings.region());
    }

    /** Every item, in the order a person would fix them. */
    public List<DoctorItem> run() {
        List<DoctorItem> items = new ArrayList<>();
        GetCallerIdentityResponse identity = clients.sts().getCallerIdentity();
        accountId = identity.account();
        callerArn = identity.arn();
        StackItems stackItems = new StackItems(this);
        IdentityItems identityItems = new IdentityItems(this);
        ReachItems reachItems = new ReachItems(this);
        DoctorItem stackItem = stackItems.stack();
        items.add(identityItems.caller());
        items.add(identityItems.landingZone());
        items.add(identityItems.auditRole());
        items.add(identityItems.assumePolicy());
        items.add(stackItem);
        if (stack != null) {
            items.add(stackItems.stateMachine());
            items.add(stackItems.schedule());
            items.add(stackItems.reportBucket());
            items.add(stackItems.notifications());
            items.add(stackItems.snapStart());
        }
        items.add(reachItems.organizationsAccess());
        items.add(reachItems.roleChain());
        items.add(reachItems.securityHub());
        items.add(reachItems.regions());
        return items;
    }

    String parameter(String name, String fallback) {
        return parameters.getOrDefault(name, fallback);
    }

    String executionRoleName() {
        return parameter("ExecutionRoleName", "aws-controltower-AdministratorExecutionRole");
    }

    boolean controlTowerRoles() {
        return auditRoleName == null || auditRoleName.startsWith(CONTROL_TOWER_AUDIT_ROLE_PREFIX);
    }

    String organizationId() {
        return organization == null ? null : organization.id();
    }

    String managementAccount() {
        return organization == null ? null : organization.masterAccountId();
    }

    /** The account to prove the role chain on: --sample-account, else the first ACTIVE member that is neither this nor the management account. */
    String sampleAccount() {
        if (sampleAccount != null || settings.sampleAccount() != null) {
            return sampleAccount = sampleAccount != null ? sampleAccount : settings.sampleAccount();
        }
        try {
            for (var page : clients.organizations().listAccountsPaginator(r -> r.maxResults(20))) {
                for (Account account : page.accounts()) {
                    if (account.status() == AccountStatus.ACTIVE && !account.id().equals(accountId) && !account.id().equals(managementAccount())) {
                        return sampleAccount = account.id();
                    }
                }
            }
        } catch (SdkException e) {
            return null;
        }
        return null;
    }

    void readStack(Stack found) {
        stack = found;
        for (Parameter parameter : found.parameters()) {
            parameters.put(parameter.parameterKey(), parameter.parameterValue() == null ? "" : parameter.parameterValue());
        }
        for (Output output : found.outputs()) {
            outputs.put(output.outputKey(), output.outputValue());
        }
        String ownRole = outputs.get("CheckAccountRoleArn");
        if (ownRole != null && !ownRole.isEmpty()) {
            auditRoleArn = ownRole;
            auditRoleName = ownRole.substring(ownRole.lastIndexOf('/') + 1);
        } else {
            auditRoleName = parameter("AuditRoleName", "aws-controltower-AuditAdministratorRole");
            auditRoleArn = "arn:" + partition + ":iam::" + accountId + ":role/" + auditRoleName;
        }
    }

    /** "AccessDenied: message" for an AWS error, the exception's text otherwise. */
    static String describe(SdkException e) {
        String code = AwsFaults.errorCode(e);
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return code + ": " + service.awsErrorDetails().errorMessage();
        }
        return code != null ? code : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    static boolean accessDenied(SdkException e) {
        String code = AwsFaults.errorCode(e);
        return code != null && (code.startsWith("AccessDenied") || code.equals("UnauthorizedOperation"));
    }
}
