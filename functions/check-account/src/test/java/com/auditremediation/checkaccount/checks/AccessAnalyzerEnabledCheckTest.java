package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.testing.CheckArrangement;
import com.auditremediation.checkaccount.testing.CheckFixtures;
import com.auditremediation.checkaccount.testing.CheckInputs;
import com.auditremediation.checkaccount.testing.CheckerHarness;
import com.auditremediation.checkaccount.testing.MemberAccount;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Mode;
import com.auditremediation.local.FaultRule;
import com.auditremediation.local.LocalClients;
import com.auditremediation.local.MotoExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.accessanalyzer.AccessAnalyzerClient;
import software.amazon.awssdk.services.accessanalyzer.model.AnalyzerSummary;
import software.amazon.awssdk.services.accessanalyzer.model.Type;
import software.amazon.awssdk.services.organizations.OrganizationsClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * IAM Access Analyzer from the stand-in at moto's endpoint (moto 5.2.1 has no Access Analyzer): analyzers per account
 * and region, {@code ACTIVE} once created, one {@code ACCOUNT} analyzer per region, organisation analyzers only in
 * the management account or the delegated administrator that moto's Organizations names.
 */
class AccessAnalyzerEnabledCheckTest implements CheckArrangement {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String ACCOUNT_ID = "111122223333";
    private static final String CHECK_ID = "access-analyzer-enabled";
    private static final List<String> CHECK = List.of(CHECK_ID);
    private static final List<Region> REGIONS = List.of(Region.EU_WEST_1, Region.US_EAST_1);
    private static final Map<String, Object> NONE = Map.of("ExternalAccessAnalyzer", "none");

    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID);

    @Override
    public void arrangeCompliant(CheckFixtures.Fixture fixture) {
        fixture.regions().forEach(region -> createAnalyzer(fixture.account(), region, "external-access", Type.ACCOUNT));
    }

    /** No analyzer in the first region (a new account), an account analyzer in the others. */
    @Override
    public void arrangeNonCompliant(CheckFixtures.Fixture fixture) {
        fixture.regions().stream().skip(1).forEach(region -> createAnalyzer(fixture.account(), region, "external-access", Type.ACCOUNT));
    }

    @Override
    public Object state(CheckFixtures.Fixture fixture) {
        return fixture.regions().stream().map(region -> region.id() + "=" + analyzer(fixture.account(), region).listAnalyzers(r -> { })
                .analyzers().stream().map(a -> a.name() + ":" + a.typeAsString() + ":" + a.statusAsString()).toList()).toList();
    }

    @Test
    void anActiveAccountAnalyzerIsCompliantAnUnusedAccessAnalyzerIsNoExternalAccessAnalyzer() {
        createAnalyzer(harness.account(), Region.EU_WEST_1, "external-access", Type.ACCOUNT);
        createAnalyzer(harness.account(), Region.US_EAST_1, "unused-access", Type.ACCOUNT_UNUSED_ACCESS);

        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, CHECK, REGIONS));

        assertThat(result.status()).isEqualTo(AccountStatus.SUCCEEDED);
        assertThat(result.checks()).containsExactly(CheckResult.compliant(CHECK_ID, "eu-west-1"),
                CheckResult.nonCompliant(CHECK_ID, "us-east-1", "no IAM Access Analyzer external access analyzer with the"
                        + " account as zone of trust; create one", NONE));
        assertThat(harness.actions()).containsOnly("access-analyzer:ListAnalyzers");
    }

    /** IAM.28's note: an analyzer with the organisation as zone of trust is not factored, even in the delegated administrator. */
    @Test
    void anOrganisationAnalyzerInTheDelegatedAdministratorDoesNotCount() {
        String audit;
        try (OrganizationsClient organizations = LocalClients.build(OrganizationsClient.builder(), MOTO.endpoint(), Region.US_EAST_1)) {
            organizations.createOrganization(r -> r.featureSet("ALL"));
            audit = organizations.createAccount(r -> r.accountName("audit").email("audit@example.com")).createAccountStatus().accountId();
            organizations.registerDelegatedAdministrator(r -> r.accountId(audit).servicePrincipal("access-analyzer.amazonaws.com"));
        }
        try (CheckerHarness administrator = new CheckerHarness(MOTO, audit).start()) {
            createAnalyzer(administrator.account(), Region.EU_WEST_1, "organization", Type.ORGANIZATION);

            CheckResult result = CheckerHarness.only(administrator.checker().check(CheckInputs.of(audit, Mode.AUDIT, CHECK, List.of())));

            assertThat(result).isEqualTo(CheckResult.nonCompliant(CHECK_ID, "eu-west-1", "no IAM Access Analyzer external access"
                    + " analyzer with the account as zone of trust; create one", NONE));
        }
    }

    @Test
    void remediationCreatesAnAccountAnalyzerThenASecondRunWritesNothing() {
        CheckResult fixed = CheckerHarness.only(harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, CHECK, List.of())));
        int actionsAfterFirst = harness.actions().size();
        CheckResult again = CheckerHarness.only(harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, CHECK, List.of())));

        assertThat(fixed).isEqualTo(CheckResult.remediated(CHECK_ID, "eu-west-1", "access-analyzer:CreateAnalyzer, iam:CreateServiceLinkedRole",
                NONE, Map.of("ExternalAccessAnalyzer", "audit-remediation-external-access ACTIVE")));
        assertThat(analyzer(harness.account(), Region.EU_WEST_1).listAnalyzers(r -> { }).analyzers())
                .extracting(AnalyzerSummary::name, AnalyzerSummary::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(AccessAnalyzerEnabledCheck.ANALYZER_NAME, Type.ACCOUNT));
        assertThat(again).isEqualTo(CheckResult.compliant(CHECK_ID, "eu-west-1"));
        assertThat(harness.actions().subList(actionsAfterFirst, harness.actions().size())).containsOnly("access-analyzer:ListAnalyzers");
    }

    /**
     * A failed analyzer takes the region's one account analyzer: nothing is created. Neither moto nor the stand-in
     * fails an analyzer, so ListAnalyzers answers from the proxy as AWS does for one whose service-linked role could
     * not be created.
     */
    @Test
    void aFailedAnalyzerIsReportedAndLeftForAPerson() {
        MOTO.inject(new FaultRule("access-analyzer:ListAnalyzers answers a failed analyzer", request -> request.call().equals("GET /analyzer"),
                FaultRule.UNLIMITED, 200, "application/json", "{\"analyzers\":[{\"arn\":\"arn:aws:access-analyzer:eu-west-1:" + ACCOUNT_ID
                + ":analyzer/external-access\",\"name\":\"external-access\",\"type\":\"ACCOUNT\",\"createdAt\":\"2026-01-05T10:00:00Z\","
                + "\"status\":\"FAILED\",\"statusReason\":{\"code\":\"SERVICE_LINKED_ROLE_CREATION_FAILED\"}}]}"));

        CheckResult result = CheckerHarness.only(harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, CHECK, List.of())));

        assertThat(result).isEqualTo(CheckResult.nonCompliant(CHECK_ID, "eu-west-1", "the external access analyzer is not active"
                + " (external-access FAILED (SERVICE_LINKED_ROLE_CREATION_FAILED)); not fixed: an account can have only one such"
                + " analyzer in a region; see why external-access is not active (IAM console, Access analyzer), or delete it and run"
                + " remediate mode again", Map.of("ExternalAccessAnalyzer", "external-access FAILED (SERVICE_LINKED_ROLE_CREATION_FAILED)")));
        assertThat(harness.actions()).containsOnly("access-analyzer:ListAnalyzers");
    }

    @Test
    void aRefusedFixIsAnErrorAndCreatesNothing() {
        MOTO.inject(FaultRule.restJsonError("PUT /analyzer", 403, "AccessDeniedException", "User: arn:aws:sts::" + ACCOUNT_ID
                + ":assumed-role/aws-controltower-ReadOnlyExecutionRole/s is not authorized to perform: access-analyzer:CreateAnalyzer",
                FaultRule.UNLIMITED));

        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, CHECK, List.of()));

        assertThat(result.status()).isEqualTo(AccountStatus.FAILED);
        assertThat(result.checks()).singleElement().satisfies(check -> {
            assertThat(check.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(check.detail()).startsWith("could not fix (no IAM Access Analyzer external access analyzer")
                    .contains("AccessAnalyzer AccessDeniedException")
                    .endsWith("with access-analyzer:CreateAnalyzer, iam:CreateServiceLinkedRole");
            assertThat(check.before()).isEqualTo(NONE);
        });
        assertThat(analyzer(harness.account(), Region.EU_WEST_1).listAnalyzers(r -> { }).analyzers()).isEmpty();
    }

    private static void createAnalyzer(MemberAccount account, Region region, String name, Type type) {
        analyzer(account, region).createAnalyzer(r -> r.analyzerName(name).type(type));
    }

    private static AccessAnalyzerClient analyzer(MemberAccount account, Region region) {
        return account.client(AccessAnalyzerClient.builder(), region);
    }
}
