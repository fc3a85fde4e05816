package com.auditremediation.checkaccount.findings;

import com.auditremediation.checkaccount.check.Check;
import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.checks.CheckRegistry;
import com.auditremediation.checkaccount.testing.CheckFixtures;
import com.auditremediation.checkaccount.testing.CheckInputs;
import com.auditremediation.checkaccount.testing.CheckerHarness;
import com.auditremediation.checkaccount.testing.FixableSettings;
import com.auditremediation.checkaccount.testing.MemberAccount;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.FindingsDelivery;
import com.auditremediation.core.model.Mode;
import com.auditremediation.local.FaultRule;
import com.auditremediation.local.MotoExtension;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.ComplianceStatus;
import software.amazon.awssdk.services.securityhub.model.RecordState;
import software.amazon.awssdk.services.securityhub.model.SeverityLabel;
import software.amazon.awssdk.services.securityhub.model.WorkflowStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Security Hub export against moto: member accounts with Security Hub enabled in some regions and not in others,
 * a refusal and throttling injected in the proxy as AWS sends them, and a second sweep after a remediate run.
 */
class FindingsExporterTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.restartedBeforeEachTest();

    private static final Region HOME = Region.EU_WEST_1;
    private static final List<Region> REGIONS = List.of(Region.EU_WEST_1, Region.US_EAST_1);
    private static final List<String> EXPORT_ACTIONS = com.auditremediation.core.catalog.CheckCatalog.SECURITY_HUB_FINDINGS_ACTIONS;
    private static int accounts;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private CheckerHarness harness;
    private String accountId;

    @BeforeEach
    void setUp() {
        // A fresh account for each test: moto keeps Security Hub's state per account and region.
        accountId = String.format("%012d", 330000000000L + ++accounts);
        harness = new CheckerHarness(MOTO, accountId, FixableSettings.ALL, FindingsExporter.enabled(clock)).start();
    }

    /** The regional checks: their second region's findings go to that region's Security Hub. */
    private static final List<String> REGIONAL = CheckRegistry.create().all().stream().filter(Check::regional).map(Check::id).toList();

    @AfterEach
    void tearDown() {
        harness.close();
    }

    @Test
    void everyResultBecomesOneFindingInTheMemberAccountsSecurityHubWithEveryRequiredField() {
        enableSecurityHub(harness.account(), REGIONS);
        CheckFixtures.arrangeNonCompliant(new CheckFixtures.Fixture(harness.account(), MOTO, REGIONS));

        AccountResult result = harness.checker().check(CheckInputs.of(accountId, Mode.AUDIT, List.of(), REGIONS));

        assertThat(result.status()).isEqualTo(AccountStatus.SUCCEEDED);
        assertThat(result.findings()).isEqualTo(new FindingsDelivery(result.checks().size(), 0, 0, Map.of(), null));
        Map<String, AwsSecurityFinding> home = findings(harness.account(), HOME);
        Map<String, AwsSecurityFinding> other = findings(harness.account(), Region.US_EAST_1);
        assertThat(home.size() + other.size()).isEqualTo(result.checks().size());
        assertThat(other).containsOnlyKeys(REGIONAL.stream().map(id -> AsffFindings.findingId(accountId, Region.US_EAST_1, id)).toList());
        for (CheckResult check : result.checks()) {
            Region region = check.region() == null ? HOME : Region.of(check.region());
            AwsSecurityFinding finding = (region.equals(HOME) ? home : other).get(AsffFindings.findingId(accountId, region, check.checkId()));
            assertThat(finding).as("%s in %s", check.checkId(), region).isNotNull();
            assertRequiredFields(finding, check, region);
        }
        AwsSecurityFinding passwordPolicy = home.get(AsffFindings.findingId(accountId, HOME, "iam-password-policy"));
        assertThat(passwordPolicy.compliance().status()).isEqualTo(ComplianceStatus.FAILED);
        assertThat(passwordPolicy.severity().label()).isEqualTo(SeverityLabel.MEDIUM);
        assertThat(passwordPolicy.workflow().status()).isEqualTo(WorkflowStatus.NEW);
        assertThat(passwordPolicy.compliance().relatedRequirements()).contains("IAM.15", "CIS AWS Foundations Benchmark v3.0.0/1.8");
        assertThat(passwordPolicy.types()).containsExactly(AsffFindings.TYPE_BEST_PRACTICES, AsffFindings.TYPE_CIS);
        AwsSecurityFinding caller = home.get(AsffFindings.findingId(accountId, HOME, "caller-identity"));
        assertThat(caller.compliance().status()).isEqualTo(ComplianceStatus.PASSED);
        assertThat(caller.severity().label()).isEqualTo(SeverityLabel.INFORMATIONAL);
        assertThat(caller.workflow().status()).isEqualTo(WorkflowStatus.RESOLVED);
        // securityhub-enabled, one of the checks run here, reads the hub too: its reads are counted apart from the export's.
        List<String> checkReads = CheckRegistry.create().get("securityhub-enabled").descriptor().readActions();
        List<String> exportOrCheck = new ArrayList<>(EXPORT_ACTIONS);
        exportOrCheck.addAll(checkReads);
        assertThat(harness.actions()).filteredOn(action -> action.startsWith("securityhub:"))
                .containsOnlyElementsOf(exportOrCheck)
                .containsAll(EXPORT_ACTIONS)
                .filteredOn("securityhub:DescribeHub"::equals).as("DescribeHub once per region by the export, once by the check")
                .hasSize(2 * REGIONS.size());
    }

    @Test
    void whereSecurityHubIsNotEnabledTheFindingsAreSkippedWithANoteAndTheAccountStillSucceeds() {
        String elsewhere = String.format("%012d", 330000000000L + ++accounts);
        enableSecurityHub(harness.account(), List.of(HOME));
        try (MemberAccount disabledEverywhere = MemberAccount.of(elsewhere, MOTO.endpoint(), HOME)) {
            AccountResult partly = harness.checker().check(CheckInputs.of(accountId, Mode.AUDIT, List.of(), REGIONS));
            AccountResult none = harness.checker().check(CheckInputs.of(elsewhere, Mode.AUDIT, List.of(), REGIONS));

            assertThat(partly.status()).isEqualTo(AccountStatus.SUCCEEDED);
            int regional = REGIONAL.size();
            assertThat(partly.findings().exported()).isEqualTo(partly.checks().size() - regional);
            assertThat(partly.findings().skipped()).isEqualTo(regional);
            assertThat(partly.findings().reasons()).isEqualTo(Map.of(FindingsDelivery.NOT_ENABLED, regional));
            assertThat(partly.findings().note()).isEqualTo("Security Hub is not enabled in us-east-1 (" + regional + " skipped)");
            assertThat(findings(harness.account(), HOME)).hasSize(partly.checks().size() - regional);
            assertThat(none.status()).isEqualTo(AccountStatus.SUCCEEDED);
            assertThat(none.findings()).extracting(FindingsDelivery::exported, FindingsDelivery::skipped, FindingsDelivery::refused)
                    .containsExactly(0, none.checks().size(), 0);
            assertThat(none.findings().note()).contains("not enabled in eu-west-1", "not enabled in us-east-1");
            // moto would accept them (AWS would not): nothing was imported where the hub is off.
            assertThat(findings(disabledEverywhere, HOME)).isEmpty();
            assertThat(findings(harness.account(), Region.US_EAST_1)).isEmpty();
        }
    }

    @Test
    void aSecondSweepAfterRemediateUpdatesTheSameFindingsKeepingCreatedAtAndWorkflow() {
        enableSecurityHub(harness.account(), REGIONS);
        CheckFixtures.arrangeNonCompliant(new CheckFixtures.Fixture(harness.account(), MOTO, REGIONS));
        harness.checker().check(CheckInputs.of(accountId, Mode.AUDIT, List.of(), REGIONS));
        Map<String, AwsSecurityFinding> first = allFindings(harness.account());
        clock.set(Instant.parse("2026-03-02T10:00:00Z"));

        AccountResult remediated = harness.checker().check(CheckInputs.of(accountId, Mode.REMEDIATE, List.of(), REGIONS));

        Map<String, AwsSecurityFinding> second = allFindings(harness.account());
        assertThat(second).as("the same ids, no new ones").containsOnlyKeys(first.keySet());
        List<String> fixed = remediated.checks().stream().filter(check -> check.status() == CheckStatus.REMEDIATED)
                .map(check -> AsffFindings.findingId(accountId, check.region() == null ? HOME : Region.of(check.region()), check.checkId()))
                .toList();
        assertThat(fixed).isNotEmpty();
        for (String id : fixed) {
            AwsSecurityFinding before = first.get(id);
            AwsSecurityFinding after = second.get(id);
            assertThat(before.compliance().status()).as(id).isEqualTo(ComplianceStatus.FAILED);
            assertThat(after.compliance().status()).as(id).isEqualTo(ComplianceStatus.PASSED);
            assertThat(after.createdAt()).as(id).isEqualTo(before.createdAt()).isEqualTo("2026-03-01T10:00:00Z");
            assertThat(after.updatedAt()).as(id).isEqualTo("2026-03-02T10:00:00Z");
            assertThat(after.workflow()).as("%s: Workflow is the customer's after creation", id).isEqualTo(before.workflow());
            assertThat(after.workflow().status()).isEqualTo(WorkflowStatus.NEW);
            assertThat(after.findingProviderFields().severity().label()).as(id).isEqualTo(SeverityLabel.INFORMATIONAL);
            assertThat(after.productFields()).containsEntry("audit-remediation/Mode", "remediate")
                    .containsEntry("audit-remediation/CheckStatus", "REMEDIATED");
        }
        assertThat(remediated.findings().exported()).isEqualTo(remediated.checks().size());
    }

    @Test
    void aRefusedImportIsCountedAndNeverFailsTheAccount() {
        enableSecurityHub(harness.account(), REGIONS);
        FaultRule denied = MOTO.inject(new FaultRule("securityhub:BatchImportFindings denied",
                request -> request.method().equals("POST") && request.path().startsWith("/findings/import"),
                FaultRule.UNLIMITED, 403, "application/json",
                "{\"__type\":\"AccessDeniedException\",\"Message\":\"User: arn:aws:sts::" + accountId
                        + ":assumed-role/aws-controltower-ReadOnlyExecutionRole/audit-remediation is not authorized to perform:"
                        + " securityhub:BatchImportFindings\"}"));

        AccountResult result = harness.checker().check(CheckInputs.of(accountId, Mode.AUDIT, List.of(), REGIONS));

        assertThat(result.status()).isEqualTo(AccountStatus.SUCCEEDED);
        assertThat(result.findings()).extracting(FindingsDelivery::exported, FindingsDelivery::skipped, FindingsDelivery::refused)
                .containsExactly(0, 0, result.checks().size());
        assertThat(result.findings().reasons()).isEqualTo(Map.of(FindingsDelivery.ACCESS_DENIED, result.checks().size()));
        assertThat(result.findings().note()).contains("BatchImportFindings in eu-west-1 was denied (AccessDeniedException)");
        assertThat(denied.hits()).as("one refused call per region, not retried").isEqualTo(REGIONS.size());
    }

    @Test
    void throttlingIsRetriedWithTheSdksBackoff() {
        enableSecurityHub(harness.account(), List.of(HOME));
        FaultRule throttled = MOTO.inject(new FaultRule("securityhub:BatchImportFindings throttled",
                request -> request.method().equals("POST") && request.path().startsWith("/findings/import"),
                2, 429, "application/json", "{\"__type\":\"TooManyRequestsException\",\"Message\":\"Rate exceeded\"}"));

        AccountResult result = harness.checker().check(CheckInputs.of(accountId, Mode.AUDIT, List.of(), List.of(HOME)));

        assertThat(throttled.hits()).isEqualTo(2);
        assertThat(result.findings()).isEqualTo(new FindingsDelivery(result.checks().size(), 0, 0, Map.of(), null));
        assertThat(findings(harness.account(), HOME)).hasSize(result.checks().size());
    }

    @Test
    void moreThanOneHundredResultsInARegionGoInBatchesOfOneHundred() {
        enableSecurityHub(harness.account(), List.of(HOME));
        CheckDescriptor template = CheckRegistry.create().get("iam-password-policy").descriptor();
        List<CheckResult> results = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            String id = String.format("synthetic-%03d", i);
            results.add(i % 2 == 0 ? CheckResult.compliant(id, null) : CheckResult.nonCompliant(id, null, null, null));
        }
        Function<String, CheckDescriptor> descriptors = id -> new CheckDescriptor(id, template.title(), template.controls(),
                template.cis(), template.severity(), false, template.readActions(), template.fixActions(), template.recommendation());
        CheckContext context = harness.context(accountId, Mode.AUDIT, List.of(HOME));

        FindingsDelivery delivery = FindingsExporter.enabled(clock).export(context, results, "sweep-batches", descriptors);
        context.close();

        assertThat(delivery).isEqualTo(new FindingsDelivery(150, 0, 0, Map.of(), null));
        assertThat(findings(harness.account(), HOME)).hasSize(150);
        assertThat(harness.actions()).filteredOn("securityhub:BatchImportFindings"::equals).hasSize(2);
        assertThat(harness.actions()).filteredOn("securityhub:GetFindings"::equals).as("20 ids per GetFindings filter")
                .hasSizeGreaterThanOrEqualTo(8);
    }

    @Test
    void turnedOffItCallsNothingAndTheResultHasNoFindings() {
        FindingsExporter off = FindingsExporter.fromEnv(com.auditremediation.core.Env.of(Map.of("SECURITY_HUB_FINDINGS", "false")));
        try (CheckerHarness plain = new CheckerHarness(MOTO, accountId, FixableSettings.ALL, off).start()) {
            // Every check but securityhub-enabled, whose own reads are Security Hub calls.
            List<String> checks = com.auditremediation.checkaccount.checks.CheckRegistry.create().ids().stream()
                    .filter(id -> !id.equals("securityhub-enabled")).toList();
            AccountResult result = plain.checker().check(CheckInputs.of(accountId, Mode.AUDIT, checks, REGIONS));

            assertThat(result.findings()).isNull();
            assertThat(plain.actions()).noneMatch(action -> action.startsWith("securityhub:"));
        }
    }

    private static void assertRequiredFields(AwsSecurityFinding finding, CheckResult check, Region region) {
        CheckDescriptor descriptor = CheckRegistry.create().get(check.checkId()).descriptor();
        String account = finding.awsAccountId();
        assertThat(finding.schemaVersion()).isEqualTo("2018-10-08");
        assertThat(finding.id()).isEqualTo("audit-remediation/" + account + "/" + region.id() + "/" + check.checkId());
        assertThat(finding.productArn()).isEqualTo("arn:aws:securityhub:" + region.id() + ":" + account + ":product/" + account + "/default");
        assertThat(finding.generatorId()).isEqualTo("audit-remediation/" + check.checkId());
        assertThat(finding.types()).isNotEmpty().allMatch(type -> type.startsWith("Software and Configuration Checks/"));
        assertThat(Instant.parse(finding.createdAt())).isNotNull();
        assertThat(Instant.parse(finding.updatedAt())).isNotNull();
        boolean failed = check.status() == CheckStatus.NON_COMPLIANT;
        assertThat(finding.severity().label()).isEqualTo(failed ? SeverityLabel.fromValue(descriptor.severity().name()) : SeverityLabel.INFORMATIONAL);
        assertThat(finding.findingProviderFields().severity().label()).isEqualTo(finding.severity().label());
        assertThat(finding.findingProviderFields().types()).isEqualTo(finding.types());
        assertThat(finding.title()).isEqualTo(descriptor.title());
        assertThat(finding.description()).isNotBlank().hasSizeLessThanOrEqualTo(1024);
        assertThat(finding.resources()).singleElement().satisfies(resource -> {
            assertThat(resource.type()).isEqualTo("AwsAccount");
            assertThat(resource.id()).isEqualTo("AWS::::Account:" + account);
            assertThat(resource.partitionAsString()).isEqualTo("aws");
            assertThat(resource.region()).isEqualTo(region.id());
        });
        assertThat(finding.compliance().status()).isEqualTo(AsffFindings.complianceStatus(check.status()));
        assertThat(finding.compliance().relatedRequirements()).containsAll(descriptor.controls());
        assertThat(finding.remediation().recommendation().text()).isEqualTo(descriptor.recommendation());
        assertThat(finding.productFields()).containsEntry("audit-remediation/ExecutionName", "sweep-1")
                .containsEntry("audit-remediation/Mode", "audit");
        assertThat(finding.recordState()).isEqualTo(RecordState.ACTIVE);
        assertThat(finding.workflow().status()).isEqualTo(failed ? WorkflowStatus.NEW : WorkflowStatus.RESOLVED);
    }

    private static void enableSecurityHub(MemberAccount account, List<Region> regions) {
        regions.forEach(region -> account.client(SecurityHubClient.builder(), region).enableSecurityHub(r -> r.enableDefaultStandards(false)));
    }

    /** What Security Hub (moto) holds in the account and region, by Id (read straight from moto, not through the proxy). */
    private static Map<String, AwsSecurityFinding> findings(MemberAccount account, Region region) {
        return account.client(SecurityHubClient.builder(), region).getFindingsPaginator(r -> r.maxResults(100)).findings().stream()
                .collect(Collectors.toMap(AwsSecurityFinding::id, Function.identity()));
    }

    private static Map<String, AwsSecurityFinding> allFindings(MemberAccount account) {
        Map<String, AwsSecurityFinding> all = new java.util.LinkedHashMap<>();
        REGIONS.forEach(region -> all.putAll(findings(account, region)));
        return all;
    }

    /** A clock the test moves, so that a second sweep's UpdatedAt differs from the first's CreatedAt. */
    private static final class SettableClock extends Clock {
        private volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
