package com.auditremediation.local.standin;

import com.auditremediation.local.LocalClients;
import com.auditremediation.local.MotoExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.account.AccountClient;
import software.amazon.awssdk.services.account.model.AccessDeniedException;
import software.amazon.awssdk.services.account.model.RegionOptStatus;
import software.amazon.awssdk.services.account.model.ValidationException;
import software.amazon.awssdk.services.organizations.OrganizationsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccountRegionsTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    @Test
    void regionsAreEnabledByDefaultExceptOptInOnesUntilEnabledPerAccount() {
        try (AccountClient account = StandInClients.client(AccountClient.builder(), MOTO.proxyEndpoint(), Region.US_EAST_1,
                StandInClients.assumedRole(MOTO, StandInClients.MEMBER_A));
             AccountClient other = StandInClients.client(AccountClient.builder(), MOTO.proxyEndpoint(), Region.US_EAST_1,
                     StandInClients.assumedRole(MOTO, StandInClients.MEMBER_B))) {

            RegionOptStatus ireland = account.getRegionOptStatus(r -> r.regionName("eu-west-1")).regionOptStatus();
            RegionOptStatus capeTown = account.getRegionOptStatus(r -> r.regionName("af-south-1")).regionOptStatus();
            StandInAdmin.at(MOTO.endpoint()).regionOptStatus(StandInClients.MEMBER_A, "af-south-1", "ENABLED");

            assertThat(ireland).isEqualTo(RegionOptStatus.ENABLED_BY_DEFAULT);
            assertThat(capeTown).isEqualTo(RegionOptStatus.DISABLED);
            assertThat(account.getRegionOptStatus(r -> r.regionName("af-south-1")).regionOptStatus()).isEqualTo(RegionOptStatus.ENABLED);
            assertThat(other.getRegionOptStatus(r -> r.regionName("af-south-1")).regionOptStatus()).isEqualTo(RegionOptStatus.DISABLED);
            assertThat(account.listRegions(r -> r.regionOptStatusContains(RegionOptStatus.DISABLED)).regions())
                    .allSatisfy(region -> assertThat(region.regionOptStatus()).isEqualTo(RegionOptStatus.DISABLED))
                    .noneSatisfy(region -> assertThat(region.regionName()).isEqualTo("af-south-1"));
            assertThatThrownBy(() -> account.getRegionOptStatus(r -> r.regionName("xx-nowhere-1"))).isInstanceOf(ValidationException.class);
        }
    }

    @Test
    void anotherAccountsRegionsAreReadOnlyByTheManagementAccountOrTheDelegatedAdministratorForAccountManagement() {
        String audit;
        String workload;
        try (OrganizationsClient management = LocalClients.build(OrganizationsClient.builder(), MOTO.proxyEndpoint(), Region.US_EAST_1)) {
            management.createOrganization(r -> r.featureSet("ALL"));
            audit = management.createAccount(r -> r.accountName("audit").email("audit@example.com")).createAccountStatus().accountId();
            workload = management.createAccount(r -> r.accountName("web").email("web@example.com")).createAccountStatus().accountId();
        }
        try (AccountClient fromManagement = LocalClients.build(AccountClient.builder(), MOTO.proxyEndpoint(), Region.US_EAST_1);
             AccountClient fromAudit = StandInClients.client(AccountClient.builder(), MOTO.proxyEndpoint(), Region.US_EAST_1,
                     StandInClients.assumedRole(MOTO, audit));
             OrganizationsClient management = LocalClients.build(OrganizationsClient.builder(), MOTO.proxyEndpoint(), Region.US_EAST_1)) {

            RegionOptStatus read = fromManagement.getRegionOptStatus(r -> r.accountId(workload).regionName("eu-west-1")).regionOptStatus();
            assertThatThrownBy(() -> fromAudit.getRegionOptStatus(r -> r.accountId(workload).regionName("eu-west-1")))
                    .isInstanceOf(AccessDeniedException.class);
            management.registerDelegatedAdministrator(r -> r.accountId(audit).servicePrincipal("account.amazonaws.com"));

            assertThat(read).isEqualTo(RegionOptStatus.ENABLED_BY_DEFAULT);
            assertThat(fromAudit.getRegionOptStatus(r -> r.accountId(workload).regionName("eu-west-1")).regionOptStatus())
                    .isEqualTo(RegionOptStatus.ENABLED_BY_DEFAULT);
        }
    }
}
