package com.auditremediation.local.standin;

import com.auditremediation.local.FaultRule;
import com.auditremediation.local.LocalClients;
import com.auditremediation.local.MotoExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.accessanalyzer.AccessAnalyzerClient;
import software.amazon.awssdk.services.accessanalyzer.model.AnalyzerStatus;
import software.amazon.awssdk.services.accessanalyzer.model.AnalyzerSummary;
import software.amazon.awssdk.services.accessanalyzer.model.ConflictException;
import software.amazon.awssdk.services.accessanalyzer.model.ResourceNotFoundException;
import software.amazon.awssdk.services.accessanalyzer.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.accessanalyzer.model.ThrottlingException;
import software.amazon.awssdk.services.accessanalyzer.model.Type;
import software.amazon.awssdk.services.accessanalyzer.model.ValidationException;
import software.amazon.awssdk.services.organizations.OrganizationsClient;

import static com.auditremediation.local.standin.StandInClients.MEMBER_A;
import static com.auditremediation.local.standin.StandInClients.MEMBER_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessAnalyzerAnalyzersTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private AccessAnalyzerClient analyzer(String accountId, Region region) {
        return StandInClients.client(AccessAnalyzerClient.builder(), MOTO.proxyEndpoint(), region, StandInClients.assumedRole(MOTO, accountId));
    }

    @Test
    void anAccountAnalyzerIsCreatedListedByTypeReadAndDeleted() {
        try (AccessAnalyzerClient client = analyzer(MEMBER_A, Region.EU_WEST_1)) {
            int before = client.listAnalyzers(r -> { }).analyzers().size();

            String arn = client.createAnalyzer(r -> r.analyzerName("external-access").type(Type.ACCOUNT).tags(Map.of("team", "security"))).arn();
            AnalyzerSummary read = client.getAnalyzer(r -> r.analyzerName("external-access")).analyzer();
            int accountAnalyzers = client.listAnalyzers(r -> r.type(Type.ACCOUNT)).analyzers().size();
            int organizationAnalyzers = client.listAnalyzers(r -> r.type(Type.ORGANIZATION)).analyzers().size();
            client.deleteAnalyzer(r -> r.analyzerName("external-access"));

            assertThat(before).isZero();
            assertThat(arn).isEqualTo("arn:aws:access-analyzer:eu-west-1:" + MEMBER_A + ":analyzer/external-access");
            assertThat(read.arn()).isEqualTo(arn);
            assertThat(read.type()).isEqualTo(Type.ACCOUNT);
            assertThat(read.status()).isEqualTo(AnalyzerStatus.ACTIVE);
            assertThat(read.createdAt()).isNotNull();
            assertThat(read.tags()).containsEntry("team", "security");
            assertThat(accountAnalyzers).isEqualTo(1);
            assertThat(organizationAnalyzers).isZero();
            assertThat(client.listAnalyzers(r -> { }).analyzers()).isEmpty();
            assertThatThrownBy(() -> client.getAnalyzer(r -> r.analyzerName("external-access"))).isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> client.deleteAnalyzer(r -> r.analyzerName("external-access"))).isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void duplicateNamesASecondAccountAnalyzerAndBadNamesAreRefused() {
        try (AccessAnalyzerClient client = analyzer(MEMBER_A, Region.EU_WEST_1)) {
            client.createAnalyzer(r -> r.analyzerName("external-access").type(Type.ACCOUNT));

            assertThatThrownBy(() -> client.createAnalyzer(r -> r.analyzerName("external-access").type(Type.ACCOUNT_UNUSED_ACCESS)))
                    .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.resourceId()).isEqualTo("external-access"));
            assertThatThrownBy(() -> client.createAnalyzer(r -> r.analyzerName("another").type(Type.ACCOUNT)))
                    .isInstanceOf(ServiceQuotaExceededException.class);
            assertThatThrownBy(() -> client.createAnalyzer(r -> r.analyzerName("9 starts with a digit").type(Type.ACCOUNT_UNUSED_ACCESS)))
                    .isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> client.createAnalyzer(r -> r.analyzerName("no-type")))
                    .isInstanceOf(ValidationException.class);
            assertThat(client.listAnalyzers(r -> { }).analyzers()).extracting(AnalyzerSummary::name).containsExactly("external-access");
        }
    }

    @Test
    void eachAccountAndRegionHasItsOwnAnalyzers() {
        try (AccessAnalyzerClient memberA = analyzer(MEMBER_A, Region.EU_WEST_1);
             AccessAnalyzerClient memberAElsewhere = analyzer(MEMBER_A, Region.US_EAST_1);
             AccessAnalyzerClient memberB = analyzer(MEMBER_B, Region.EU_WEST_1)) {

            memberA.createAnalyzer(r -> r.analyzerName("external-access").type(Type.ACCOUNT));
            memberB.createAnalyzer(r -> r.analyzerName("external-access").type(Type.ACCOUNT));

            assertThat(memberA.listAnalyzers(r -> { }).analyzers()).hasSize(1);
            assertThat(memberAElsewhere.listAnalyzers(r -> { }).analyzers()).isEmpty();
            assertThat(memberB.getAnalyzer(r -> r.analyzerName("external-access")).analyzer().arn()).contains(":" + MEMBER_B + ":");
        }
    }

    @Test
    void organizationAnalyzersOnlyInTheManagementAccountOrTheDelegatedAdministrator() {
        String delegated;
        String member;
        try (OrganizationsClient organizations = LocalClients.build(OrganizationsClient.builder(), MOTO.endpoint(), Region.US_EAST_1)) {
            organizations.createOrganization(r -> r.featureSet("ALL"));
            delegated = organizations.createAccount(r -> r.accountName("audit").email("audit@example.com")).createAccountStatus().accountId();
            member = organizations.createAccount(r -> r.accountName("workload").email("workload@example.com")).createAccountStatus().accountId();
            organizations.registerDelegatedAdministrator(r -> r.accountId(delegated).servicePrincipal("access-analyzer.amazonaws.com"));
        }
        try (AccessAnalyzerClient management = LocalClients.build(AccessAnalyzerClient.builder(), MOTO.proxyEndpoint(), Region.EU_WEST_1);
             AccessAnalyzerClient audit = analyzer(delegated, Region.EU_WEST_1);
             AccessAnalyzerClient workload = analyzer(member, Region.EU_WEST_1);
             AccessAnalyzerClient outside = analyzer(MEMBER_A, Region.EU_WEST_1)) {

            management.createAnalyzer(r -> r.analyzerName("organization").type(Type.ORGANIZATION));
            audit.createAnalyzer(r -> r.analyzerName("organization").type(Type.ORGANIZATION));

            assertThat(audit.listAnalyzers(r -> r.type(Type.ORGANIZATION)).analyzers()).hasSize(1);
            assertThatThrownBy(() -> workload.createAnalyzer(r -> r.analyzerName("organization").type(Type.ORGANIZATION)))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.getMessage()).contains("delegated administrator"));
            assertThatThrownBy(() -> outside.createAnalyzer(r -> r.analyzerName("organization").type(Type.ORGANIZATION)))
                    .isInstanceOf(ValidationException.class);
        }
    }

    @Test
    void faultRulesApplyBeforeTheStandIn() {
        FaultRule throttled = MOTO.inject(FaultRule.restJsonError("GET /analyzer", 429, "ThrottlingException", "Rate exceeded", 1));
        try (AccessAnalyzerClient client = analyzer(MEMBER_A, Region.EU_WEST_1)) {

            assertThatThrownBy(() -> client.listAnalyzers(r -> { })).isInstanceOf(ThrottlingException.class);
            assertThat(client.listAnalyzers(r -> { }).analyzers()).isEmpty();
            assertThat(throttled.hits()).isEqualTo(1);
        }
    }
}
