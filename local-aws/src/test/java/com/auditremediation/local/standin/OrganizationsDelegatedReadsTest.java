package com.auditremediation.local.standin;

import com.auditremediation.local.LocalClients;
import com.auditremediation.local.MotoExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.AccessDeniedException;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.DelegatedAdministrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrganizationsDelegatedReadsTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private record Organisation(String audit, String workload) {
    }

    private static Organisation organisation() {
        try (OrganizationsClient management = LocalClients.build(OrganizationsClient.builder(), MOTO.endpoint(), Region.US_EAST_1)) {
            management.createOrganization(r -> r.featureSet("ALL"));
            String audit = management.createAccount(r -> r.accountName("audit").email("audit@example.com")).createAccountStatus().accountId();
            String workload = management.createAccount(r -> r.accountName("web").email("web@example.com")).createAccountStatus().accountId();
            return new Organisation(audit, workload);
        }
    }

    private static OrganizationsClient member(String accountId) {
        return StandInClients.client(OrganizationsClient.builder(), MOTO.proxyEndpoint(), Region.US_EAST_1, StandInClients.assumedRole(MOTO, accountId));
    }

    @Test
    void aMemberThatIsNoDelegatedAdministratorIsRefusedTheOrganisationsStructureButMayDescribeIt() {
        Organisation organisation = organisation();
        try (OrganizationsClient audit = member(organisation.audit())) {

            String described = audit.describeOrganization().organization().masterAccountId();

            assertThat(described).isEqualTo(LocalClients.MOTO_DEFAULT_ACCOUNT);
            assertThatThrownBy(audit::listAccounts).isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("You don't have permissions to access this resource.");
            assertThatThrownBy(audit::listRoots).isInstanceOf(AccessDeniedException.class);
        }
    }

    @Test
    void aDelegatedAdministratorReadsTheWholeOrganisationAsTheManagementAccountHasIt() {
        Organisation organisation = organisation();
        try (OrganizationsClient management = LocalClients.build(OrganizationsClient.builder(), MOTO.proxyEndpoint(), Region.US_EAST_1);
             OrganizationsClient audit = member(organisation.audit())) {
            management.registerDelegatedAdministrator(r -> r.accountId(organisation.audit()).servicePrincipal("access-analyzer.amazonaws.com"));

            var accounts = audit.listAccounts().accounts().stream().map(Account::id).toList();
            var roots = audit.listRoots().roots();

            assertThat(accounts).containsExactlyInAnyOrder(LocalClients.MOTO_DEFAULT_ACCOUNT, organisation.audit(), organisation.workload());
            assertThat(roots).hasSize(1);
        }
    }

    @Test
    void delegatedAdministratorsOfServicesMotoRefusesAreKeptListedAndDeregistered() {
        Organisation organisation = organisation();
        try (OrganizationsClient management = LocalClients.build(OrganizationsClient.builder(), MOTO.proxyEndpoint(), Region.US_EAST_1);
             OrganizationsClient audit = member(organisation.audit())) {
            management.registerDelegatedAdministrator(r -> r.accountId(organisation.audit()).servicePrincipal("securityhub.amazonaws.com"));

            var listed = management.listDelegatedAdministrators(r -> r.servicePrincipal("securityhub.amazonaws.com")).delegatedAdministrators();
            int readable = audit.listAccounts().accounts().size();
            management.deregisterDelegatedAdministrator(r -> r.accountId(organisation.audit()).servicePrincipal("securityhub.amazonaws.com"));

            assertThat(listed).extracting(DelegatedAdministrator::id).containsExactly(organisation.audit());
            assertThat(readable).isEqualTo(3);
            assertThat(management.listDelegatedAdministrators(r -> { }).delegatedAdministrators()).isEmpty();
            assertThatThrownBy(audit::listAccounts).isInstanceOf(AccessDeniedException.class);
        }
    }
}
