package com.auditremediation.local;

import com.auditremediation.core.AwsClients;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.organizations.model.CreateAccountStatus;

/** Creates an {@link OrganizationSpec} in moto's Organizations and says which accounts ended up where. */
public final class DemoOrganization {

    private DemoOrganization() {
    }

    public record SeededAccount(String id, String name, String ouId, String ouPath, boolean suspended, boolean executionRoleMissing,
                                List<String> compliantWith, boolean securityHubEnabled, List<String> nonCompliantWith,
                                Map<String, Map<String, Object>> declarativePolicies) {
    }

    public record Seeded(String managementAccountId, String rootId, List<SeededAccount> accounts) {

        public SeededAccount byName(String name) {
            return accounts.stream().filter(a -> a.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no account named " + name));
        }

        /** The accounts whose AssumeRole must be refused (see {@link FaultRule#stsAccessDenied}). */
        public List<SeededAccount> withoutExecutionRole() {
            return accounts.stream().filter(SeededAccount::executionRoleMissing).toList();
        }
    }

    public static Seeded seed(OrganizationsClient organizations, OrganizationSpec spec) {
        var organization = organizations.createOrganization(r -> r.featureSet("ALL")).organization();
        String rootId = organizations.listRoots().roots().get(0).id();
        List<SeededAccount> seeded = new ArrayList<>();
        for (OrganizationSpec.Account account : spec.accounts()) {
            seeded.add(createAccount(organizations, account, rootId, rootId, "/"));
        }
        for (OrganizationSpec.OrganizationalUnit unit : spec.organizationalUnits()) {
            seedUnit(organizations, unit, rootId, rootId, "", seeded);
        }
        return new Seeded(organization.masterAccountId(), rootId, List.copyOf(seeded));
    }

    private static void seedUnit(OrganizationsClient organizations, OrganizationSpec.OrganizationalUnit unit, String rootId,
                                 String parentId, String parentPath, List<SeededAccount> seeded) {
        String ouId = organizations.createOrganizationalUnit(r -> r.parentId(parentId).name(unit.name())).organizationalUnit().id();
        String path = parentPath + "/" + unit.name();
        for (OrganizationSpec.Account account : unit.accounts()) {
            seeded.add(createAccount(organizations, account, rootId, ouId, path));
        }
        for (OrganizationSpec.OrganizationalUnit child : unit.organizationalUnits()) {
            seedUnit(organizations, child, rootId, ouId, path, seeded);
        }
    }

    private static SeededAccount createAccount(OrganizationsClient organizations, OrganizationSpec.Account account, String rootId,
                                               String parentId, String path) {
        String email = account.email() != null ? account.email()
                : account.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + "@example.com";
        CreateAccountStatus status = organizations.createAccount(r -> r.accountName(account.name()).email(email)).createAccountStatus();
        String accountId = status.accountId();
        if (!parentId.equals(rootId)) {
            organizations.moveAccount(r -> r.accountId(accountId).sourceParentId(rootId).destinationParentId(parentId));
        }
        if (account.isSuspended()) {
            organizations.closeAccount(r -> r.accountId(accountId));
        }
        return new SeededAccount(accountId, account.name(), parentId, path, account.isSuspended(), account.isExecutionRoleMissing(),
                account.compliantWith(), account.isSecurityHubEnabled() && !account.isSuspended() && !account.isExecutionRoleMissing(),
                account.nonCompliantWith(), account.declarativePolicies());
    }

    /**
     * Enables Security Hub in {@code region} in each seeded account that has it ({@link SeededAccount#securityHubEnabled}),
     * acting in the account as moto tells accounts apart: with credentials from an AssumeRole into it. Returns those
     * accounts.
     */
    public static List<SeededAccount> enableSecurityHub(URI endpoint, Seeded seeded, Region region) {
        List<SeededAccount> enabled = new ArrayList<>();
        try (StsClient sts = LocalClients.build(StsClient.builder(), endpoint, region)) {
            for (SeededAccount account : seeded.accounts()) {
                if (!account.securityHubEnabled()) {
                    continue;
                }
                Credentials issued = sts.assumeRole(r -> r.roleArn("arn:" + AwsClients.partition(region) + ":iam::" + account.id() + ":role/demo-setup")
                        .roleSessionName("demo-setup")).credentials();
                try (SecurityHubClient hub = SecurityHubClient.builder().httpClient(AwsClients.httpClient()).endpointOverride(endpoint)
                        .region(region).credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                                issued.accessKeyId(), issued.secretAccessKey(), issued.sessionToken()))).build()) {
                    hub.enableSecurityHub(r -> r.enableDefaultStandards(false));
                }
                enabled.add(account);
            }
        }
        return enabled;
    }
}
