package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.testing.CheckArrangement;
import com.auditremediation.checkaccount.testing.CheckFixtures;
import com.auditremediation.checkaccount.testing.CheckInputs;
import com.auditremediation.checkaccount.testing.CheckerHarness;
import com.auditremediation.checkaccount.testing.MemberAccount;
import com.auditremediation.checkaccount.testing.ProxyTraffic;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Mode;
import com.auditremediation.local.MotoExtension;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.RegistryScanningConfiguration;
import software.amazon.awssdk.services.ecr.model.ScanFrequency;
import software.amazon.awssdk.services.ecr.model.ScanType;
import software.amazon.awssdk.services.ecr.model.ScanningRepositoryFilterType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ECR in moto 5.2.1: the registry scanning configuration (basic without rules until one is put, as in a new account)
 * and repositories with their own scan-on-push setting, per account and region, read back through the SDK here.
 */
class EcrScanOnPushCheckTest implements CheckArrangement {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String ACCOUNT_ID = "111122223333";
    private static final String CHECK_ID = "ecr-scan-on-push";
    private static final List<String> CHECK = List.of(CHECK_ID);
    private static final List<Region> REGIONS = List.of(Region.EU_WEST_1, Region.US_EAST_1, Region.EU_CENTRAL_1);
    private static final List<String> READS = List.of("ecr:GetRegistryScanningConfiguration", "ecr:DescribeRepositories");

    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID);

    @Override
    public void arrangeCompliant(CheckFixtures.Fixture fixture) {
        fixture.regions().forEach(region -> {
            scanOnPush(fixture.account(), region, ScanType.BASIC, "*");
            createRepository(fixture.account(), region, "app", false);
        });
    }

    /** A repository that does not scan on push in the first region, in a registry never configured; nothing elsewhere. */
    @Override
    public void arrangeNonCompliant(CheckFixtures.Fixture fixture) {
        createRepository(fixture.account(), fixture.regions().get(0), "app", false);
    }

    @Override
    public Object state(CheckFixtures.Fixture fixture) {
        return fixture.regions().stream().map(region -> region.id() + "=" + configuration(fixture.account(), region) + " "
                + ecr(fixture.account(), region).describeRepositories(r -> { }).repositories().stream()
                .map(repository -> repository.repositoryName() + ":" + repository.imageScanningConfiguration().scanOnPush()).toList()).toList();
    }

    @Test
    void withoutRulesEachRepositorysOwnSettingDecidesWithRulesTheFiltersDo() {
        createRepository(harness.account(), Region.EU_WEST_1, "legacy", true);
        createRepository(harness.account(), Region.EU_WEST_1, "app", false);
        scanOnPush(harness.account(), Region.US_EAST_1, ScanType.BASIC, "prod*");
        createRepository(harness.account(), Region.US_EAST_1, "prod-api", false);
        createRepository(harness.account(), Region.US_EAST_1, "dev-api", true);

        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, CHECK, REGIONS.subList(0, 2)));

        assertThat(result.status()).isEqualTo(AccountStatus.SUCCEEDED);
        assertThat(result.checks()).containsExactly(
                CheckResult.nonCompliant(CHECK_ID, "eu-west-1", "ECR repositories not scanned on push (app); scan every repository on push",
                        Map.of("ScanType", "BASIC", "ScanOnPushFilters", List.of(), "RepositoriesNotScannedOnPush", List.of("app"))),
                CheckResult.nonCompliant(CHECK_ID, "us-east-1", "ECR repositories not scanned on push (dev-api); scan every repository on push",
                        Map.of("ScanType", "BASIC", "ScanOnPushFilters", List.of("prod*"), "RepositoriesNotScannedOnPush", List.of("dev-api"))));
        assertThat(harness.actions()).containsOnlyElementsOf(READS);
    }

    @Test
    void enhancedScanningAWildcardRuleOrNoRepositoryPass() {
        scanOnPush(harness.account(), Region.EU_WEST_1, ScanType.ENHANCED, "prod*");
        createRepository(harness.account(), Region.EU_WEST_1, "app", false);
        scanOnPush(harness.account(), Region.US_EAST_1, ScanType.BASIC, "*");
        createRepository(harness.account(), Region.US_EAST_1, "app", false);

        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, CHECK, REGIONS));

        assertThat(result.checks()).extracting(CheckResult::status).containsOnly(CheckStatus.COMPLIANT);
        assertThat(configuration(harness.account(), Region.EU_WEST_1).scanType()).as("Inspector's, left alone").isEqualTo(ScanType.ENHANCED);
        assertThat(harness.actions()).containsOnlyElementsOf(READS).containsOnlyOnce("ecr:DescribeRepositories");
    }

    @Test
    void filtersMatchAsEcrDocumentsThem() {
        // The ECR User Guide's table: repository names across, filters down.
        List<String> names = List.of("prod", "repo-prod", "prod-repo", "repo-prod-repo", "prodrepo");

        assertThat(names).map(name -> EcrScanOnPushCheck.matches("prod", name)).containsExactly(true, true, true, true, true);
        assertThat(names).map(name -> EcrScanOnPushCheck.matches("*prod", name)).containsExactly(true, true, false, false, false);
        assertThat(names).map(name -> EcrScanOnPushCheck.matches("prod*", name)).containsExactly(true, false, true, false, true);
        assertThat(names).map(name -> EcrScanOnPushCheck.matches("*prod*", name)).containsExactly(true, true, true, true, true);
        assertThat(names).map(name -> EcrScanOnPushCheck.matches("prod*repo", name)).containsExactly(false, false, true, false, true);
    }

    @Test
    void manyRepositoriesAreListedUpToTheCapThenCounted() {
        IntStream.rangeClosed(1, 12).forEach(i -> createRepository(harness.account(), Region.EU_WEST_1, String.format("repo-%02d", i), false));

        CheckResult result = CheckerHarness.only(harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, CHECK, List.of())));

        assertThat(result.detail()).isEqualTo("ECR repositories not scanned on push (repo-01, repo-02, repo-03, ...); scan every repository on push");
        assertThat(result.before().get("RepositoriesNotScannedOnPush")).isEqualTo(List.of("repo-01", "repo-02", "repo-03", "repo-04",
                "repo-05", "repo-06", "repo-07", "repo-08", "repo-09", "repo-10", "and 2 more"));
    }

    @Test
    void remediationScansEveryRepositoryOnPushThenASecondRunWritesNothing() {
        scanOnPush(harness.account(), Region.EU_WEST_1, ScanType.BASIC, "prod*");
        createRepository(harness.account(), Region.EU_WEST_1, "app", false);

        CheckResult fixed = CheckerHarness.only(harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, CHECK, List.of())));
        int actionsAfterFirst = harness.actions().size();
        CheckResult again = CheckerHarness.only(harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, CHECK, List.of())));

        assertThat(fixed).isEqualTo(CheckResult.remediated(CHECK_ID, "eu-west-1", "ecr:PutRegistryScanningConfiguration",
                Map.of("ScanType", "BASIC", "ScanOnPushFilters", List.of("prod*"), "RepositoriesNotScannedOnPush", List.of("app")),
                Map.of("ScanType", "BASIC", "ScanOnPushFilters", List.of("*"), "RepositoriesNotScannedOnPush", List.of())));
        RegistryScanningConfiguration configuration = configuration(harness.account(), Region.EU_WEST_1);
        assertThat(configuration.scanType()).isEqualTo(ScanType.BASIC);
        assertThat(configuration.rules()).singleElement().satisfies(rule -> {
            assertThat(rule.scanFrequency()).isEqualTo(ScanFrequency.SCAN_ON_PUSH);
            assertThat(rule.repositoryFilters()).singleElement().satisfies(filter -> {
                assertThat(filter.filter()).isEqualTo("*");
                assertThat(filter.filterType()).isEqualTo(ScanningRepositoryFilterType.WILDCARD);
            });
        });
        assertThat(again).isEqualTo(CheckResult.compliant(CHECK_ID, "eu-west-1"));
        assertThat(harness.actions().subList(actionsAfterFirst, harness.actions().size())).containsExactly("ecr:GetRegistryScanningConfiguration");
    }

    @Test
    void aRefusedFixIsAnErrorAndTheRegistryStaysAsItWas() {
        createRepository(harness.account(), Region.EU_WEST_1, "app", false);
        MOTO.inject(ProxyTraffic.jsonAccessDenied("AmazonEC2ContainerRegistry_V20150921.PutRegistryScanningConfiguration",
                "ecr:PutRegistryScanningConfiguration"));

        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, CHECK, List.of()));

        assertThat(result.status()).isEqualTo(AccountStatus.FAILED);
        assertThat(result.checks()).singleElement().satisfies(check -> {
            assertThat(check.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(check.detail()).startsWith("could not fix (ECR repositories not scanned on push (app)")
                    .contains("Ecr AccessDeniedException").endsWith("with ecr:PutRegistryScanningConfiguration");
        });
        assertThat(configuration(harness.account(), Region.EU_WEST_1).rules()).isEmpty();
    }

    private static void scanOnPush(MemberAccount account, Region region, ScanType type, String filter) {
        ecr(account, region).putRegistryScanningConfiguration(r -> r.scanType(type).rules(rule -> rule
                .scanFrequency(ScanFrequency.SCAN_ON_PUSH)
                .repositoryFilters(f -> f.filter(filter).filterType(ScanningRepositoryFilterType.WILDCARD))));
    }

    private static void createRepository(MemberAccount account, Region region, String name, boolean scanOnPush) {
        ecr(account, region).createRepository(r -> r.repositoryName(name).imageScanningConfiguration(c -> c.scanOnPush(scanOnPush)));
    }

    private static RegistryScanningConfiguration configuration(MemberAccount account, Region region) {
        return ecr(account, region).getRegistryScanningConfiguration(r -> { }).scanningConfiguration();
    }

    private static EcrClient ecr(MemberAccount account, Region region) {
        return account.client(EcrClient.builder(), region);
    }
}
