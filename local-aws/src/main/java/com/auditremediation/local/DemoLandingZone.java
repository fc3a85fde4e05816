package com.auditremediation.local;

import com.auditremediation.core.AwsClients;
import com.auditremediation.core.Json;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.controltower.ControlTowerClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;

/**
 * What Control Tower and the organisation's administrators would have set up around the demo organisation before
 * anyone deploys audit-remediation: the landing zone (the stand-in's Control Tower, from the management account), with
 * its security roles in the audit account when they are on, and the audit account as the delegated administrator for
 * Security Hub (and its organisation administrator) and for account management, which lets it read the organisation
 * and the member accounts' regions. With roles of our own, {@link #createMemberRoles} plays the StackSet of
 * member-role.yaml.
 */
public final class DemoLandingZone {

    /** The account that holds the deployment: the demo's {@code audit} account, else the management account. */
    public record Accounts(String managementAccountId, String auditAccountId, String logArchiveAccountId) {
    }

    /** The role Organizations creates in each account it creates, trusted by the management account. */
    static final String ORGANIZATION_ACCESS_ROLE = "OrganizationAccountAccessRole";

    private final URI endpoint;
    private final Region region;

    public DemoLandingZone(URI endpoint, Region region) {
        this.endpoint = endpoint;
        this.region = region;
    }

    public static Accounts accounts(DemoOrganization.Seeded seeded) {
        String audit = seeded.accounts().stream().filter(a -> a.name().equals("audit")).map(DemoOrganization.SeededAccount::id).findFirst()
                .orElse(seeded.managementAccountId());
        String logArchive = seeded.accounts().stream().filter(a -> a.name().equals("log-archive")).map(DemoOrganization.SeededAccount::id)
                .findFirst().orElse(audit);
        return new Accounts(seeded.managementAccountId(), audit, logArchive);
    }

    /**
     * The landing zone of {@code version} (3.3, or 4.0 where the security roles may be off), Control Tower's audit roles
     * in the audit account when {@code securityRoles}, and the audit account's delegations.
     */
    public void setUp(Accounts accounts, String version, boolean securityRoles) {
        try (ControlTowerClient controlTower = LocalClients.build(ControlTowerClient.builder(), endpoint, region)) {
            controlTower.createLandingZone(r -> r.version(version).manifest(manifest(accounts, version, securityRoles)));
        }
        if (securityRoles) {
            AwsCredentialsProvider audit = LocalDeployment.credentials(endpoint, region,
                    accounts.auditAccountId(), ORGANIZATION_ACCESS_ROLE, "control-tower");
            createAuditRole(audit, "aws-controltower-AuditAdministratorRole", "aws-controltower-AdministratorExecutionRole");
            createAuditRole(audit, "aws-controltower-AuditReadOnlyRole", "aws-controltower-ReadOnlyExecutionRole");
        }
        if (accounts.auditAccountId().equals(accounts.managementAccountId())) {
            return;
        }
        try (OrganizationsClient organizations = LocalClients.build(OrganizationsClient.builder(), endpoint, region);
             SecurityHubClient hub = LocalClients.build(SecurityHubClient.builder(), endpoint, region)) {
            for (String service : List.of("securityhub.amazonaws.com", "account.amazonaws.com")) {
                organizations.registerDelegatedAdministrator(r -> r.accountId(accounts.auditAccountId()).servicePrincipal(service));
            }
            hub.enableOrganizationAdminAccount(r -> r.adminAccountId(accounts.auditAccountId()));
        }
    }

    private Document manifest(Accounts accounts, String version, boolean securityRoles) {
        Document regions = Document.listBuilder().addString(region.id()).build();
        Document logging = Document.fromMap(Map.of("enabled", Document.fromBoolean(true),
                "accountId", Document.fromString(accounts.logArchiveAccountId())));
        if (version.startsWith("3.")) {
            return Document.fromMap(Map.of("governedRegions", regions,
                    "organizationStructure", Document.fromMap(Map.of("security", Document.fromMap(Map.of("name", Document.fromString("Security"))))),
                    "centralizedLogging", logging,
                    "securityRoles", Document.fromMap(Map.of("accountId", Document.fromString(accounts.auditAccountId()))),
                    "accessManagement", Document.fromMap(Map.of("enabled", Document.fromBoolean(true)))));
        }
        Document roles = securityRoles
                ? Document.fromMap(Map.of("enabled", Document.fromBoolean(true), "accountId", Document.fromString(accounts.auditAccountId())))
                : Document.fromMap(Map.of("enabled", Document.fromBoolean(false)));
        return Document.fromMap(Map.of("governedRegions", regions, "centralizedLogging", logging, "securityRoles", roles,
                "config", Document.fromMap(Map.of("enabled", Document.fromBoolean(true), "accountId", Document.fromString(accounts.auditAccountId()))),
                "accessManagement", Document.fromMap(Map.of("enabled", Document.fromBoolean(false)))));
    }

    /**
     * One of Control Tower's audit roles as Control Tower creates it: trusted by Lambda, with the AWS managed policy
     * AWSLambdaExecute and the inline policy {@code AssumeRole-<role>} that lets it assume {@code executionRole} in any account.
     */
    private void createAuditRole(AwsCredentialsProvider audit, String roleName, String executionRole) {
        String partition = AwsClients.partition(region);
        try (IamClient iam = client(audit)) {
            iam.createRole(r -> r.roleName(roleName).assumeRolePolicyDocument(Json.write(Map.of("Version", "2012-10-17",
                    "Statement", List.of(Map.of("Effect", "Allow", "Principal", Map.of("Service", "lambda.amazonaws.com"),
                            "Action", "sts:AssumeRole"))))));
            try {
                iam.attachRolePolicy(r -> r.roleName(roleName).policyArn("arn:" + partition + ":iam::aws:policy/AWSLambdaExecute"));
            } catch (NoSuchEntityException withoutManagedPolicies) {
                // a moto started without AWS managed policies has no AWSLambdaExecute; the role's inline policy is what matters here
            }
            iam.putRolePolicy(r -> r.roleName(roleName).policyName("AssumeRole-" + roleName).policyDocument(Json.write(Map.of(
                    "Version", "2012-10-17", "Statement", List.of(Map.of("Effect", "Allow", "Action", "sts:AssumeRole",
                            "Resource", "arn:" + partition + ":iam::*:role/" + executionRole))))));
        }
    }

    /**
     * member-role.yaml's role in every account that a StackSet deploying it to the whole organisation reaches: the active
     * members (not the management account, which StackSets never deploy to, and not {@code skipped}, standing for accounts
     * it has not reached yet), trusting {@code auditRoleArn}, with the policy of {@code mode}. Returns the accounts.
     */
    public List<String> createMemberRoles(DemoOrganization.Seeded seeded, Path memberRoleTemplate, String auditRoleArn, String mode,
                                          String executionRoleName) {
        SamTemplate template = SamTemplate.load(memberRoleTemplate);
        List<String> created = new ArrayList<>();
        for (DemoOrganization.SeededAccount account : seeded.accounts()) {
            if (account.suspended() || account.executionRoleMissing()) {
                continue;
            }
            SamTemplate.Context context = SamTemplate.Context.of(template, Map.of("AuditRoleArn", auditRoleArn, "Mode", mode,
                    "ExecutionRoleName", executionRoleName), region.id(), account.id());
            @SuppressWarnings("unchecked")
            Map<String, Object> properties = (Map<String, Object>) template.resolveTree(
                    ((Map<?, ?>) template.resources().get("ExecutionRole")).get("Properties"), context);
            AwsCredentialsProvider admin = LocalDeployment.credentials(endpoint, region, account.id(),
                    ORGANIZATION_ACCESS_ROLE, "stackset");
            try (IamClient iam = client(admin)) {
                String roleName = String.valueOf(properties.get("RoleName"));
                iam.createRole(r -> r.roleName(roleName).maxSessionDuration(3600)
                        .assumeRolePolicyDocument(Json.write(properties.get("AssumeRolePolicyDocument"))));
                for (Object policy : (List<?>) properties.get("Policies")) {
                    Map<?, ?> inline = (Map<?, ?>) policy;
                    iam.putRolePolicy(r -> r.roleName(roleName).policyName(String.valueOf(inline.get("PolicyName")))
                            .policyDocument(Json.write(inline.get("PolicyDocument"))));
                }
            }
            created.add(account.id());
        }
        return created;
    }

    private IamClient client(AwsCredentialsProvider credentials) {
        return IamClient.builder().httpClient(AwsClients.httpClient()).endpointOverride(endpoint).region(Region.AWS_GLOBAL)
                .credentialsProvider(credentials).build();
    }
}
