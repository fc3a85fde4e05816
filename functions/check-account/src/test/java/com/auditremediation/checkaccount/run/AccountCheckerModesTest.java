package com.auditremediation.checkaccount.run;

import com.auditremediation.checkaccount.check.Check;
import com.auditremediation.checkaccount.checks.CheckRegistry;
import com.auditremediation.checkaccount.testing.CheckFixtures;
import com.auditremediation.checkaccount.testing.CheckInputs;
import com.auditremediation.checkaccount.testing.CheckerHarness;
import com.auditremediation.checkaccount.testing.FixableSettings;
import com.auditremediation.checkaccount.testing.MemberAccount;
import com.auditremediation.checkaccount.testing.ProxyTraffic;
import com.auditremediation.core.Json;
import com.auditremediation.core.error.ErrorCode;
import com.auditremediation.core.error.ThrottledException;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Mode;
import com.auditremediation.local.MotoExtension;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Audit and remediate mode with every check of the registry, over two accounts and two regions in moto. Each check's
 * own test arranges its setting (CheckFixtures); results are found by check id, never by position.
 */
class AccountCheckerModesTest {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = MotoExtension.restartedBeforeEachTest();

    private static final String ACCOUNT_ID = "111122223333";
    private static final String OTHER_ACCOUNT_ID = "444455556666";
    private static final List<Region> REGIONS = List.of(Region.EU_WEST_1, Region.US_EAST_1);
    private static final List<String> EVERY_CHECK = List.of();
    private static final CheckRegistry REGISTRY = CheckRegistry.create();

    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID, FixableSettings.ALL);
    private CheckFixtures.Fixture account;
    private CheckFixtures.Fixture other;

    @BeforeEach
    void setUp() {
        account = new CheckFixtures.Fixture(harness.account(), MOTO, REGIONS);
        other = new CheckFixtures.Fixture(MemberAccount.of(OTHER_ACCOUNT_ID, MOTO.endpoint(), Region.EU_WEST_1), MOTO, REGIONS);
        CheckFixtures.arrangeNonCompliant(account);
    }

    @AfterEach
    void tearDown() {
        other.account().close();
    }

    @Test
    void auditOnlyReadsAndLeavesEverySettingExactlyAsItWas() {
        Map<String, Object> before = CheckFixtures.state(account);

        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, EVERY_CHECK, REGIONS));

        assertThat(CheckFixtures.state(account)).isEqualTo(before);
        assertThat(harness.actions()).isNotEmpty().doesNotContainAnyElementsOf(CheckerHarness.fixActions());
        // NON_COMPLIANT is a finding, not a failure: the account succeeded.
        assertThat(result.status()).isEqualTo(AccountStatus.SUCCEEDED);
        assertThat(statuses(result)).containsOnlyKeys(REGISTRY.ids());
        assertThat(result.checks()).extracting(CheckResult::status).doesNotContain(CheckStatus.ERROR, CheckStatus.REMEDIATED);
        REGISTRY.all().stream().filter(check -> !check.id().equals("caller-identity")).forEach(check ->
                assertThat(statuses(result).get(check.id())).as(check.id()).contains(CheckStatus.NON_COMPLIANT));
    }

    @Test
    void remediateFixesWhatItCanThenAuditIsCompliantAndASecondRemediateWritesNothing() {
        Map<String, Object> otherBefore = CheckFixtures.state(other);

        AccountResult fixed = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, EVERY_CHECK, REGIONS));
        AccountResult audited = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, EVERY_CHECK, REGIONS));
        int actionsBeforeSecond = harness.actions().size();
        AccountResult again = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, EVERY_CHECK, REGIONS));

        assertThat(fixed.status()).isEqualTo(AccountStatus.SUCCEEDED);
        for (Check check : REGISTRY.all()) {
            List<CheckStatus> before = statuses(fixed).get(check.id());
            if (check.descriptor().fixable()) {
                assertThat(before).as(check.id()).contains(CheckStatus.REMEDIATED).isSubsetOf(CheckStatus.REMEDIATED, CheckStatus.COMPLIANT);
                assertThat(statuses(audited).get(check.id())).as(check.id()).containsOnly(CheckStatus.COMPLIANT);
            } else {
                assertThat(before).as(check.id()).doesNotContain(CheckStatus.REMEDIATED, CheckStatus.ERROR);
                assertThat(statuses(audited).get(check.id())).as(check.id()).isEqualTo(before);
            }
        }
        assertThat(fixed.checks()).filteredOn(check -> check.status() == CheckStatus.REMEDIATED)
                .allSatisfy(check -> assertThat(check.before()).isNotEmpty())
                .allSatisfy(check -> assertThat(check.after()).isNotEmpty());
        assertThat(statuses(again)).isEqualTo(statuses(audited));
        assertThat(harness.actions().subList(actionsBeforeSecond, harness.actions().size()))
                .doesNotContainAnyElementsOf(CheckerHarness.fixActions());
        // moto keeps state per account: the other account is as it was.
        assertThat(CheckFixtures.state(other)).isEqualTo(otherBefore);
    }

    @Test
    void everyCheckIsCompliantWhereEachSettingMeetsItsBaseline() {
        CheckFixtures.arrangeCompliant(other);

        AccountResult result = harness.checker().check(CheckInputs.of(OTHER_ACCOUNT_ID, Mode.AUDIT, EVERY_CHECK, REGIONS));

        assertThat(result.status()).isEqualTo(AccountStatus.SUCCEEDED);
        assertThat(statuses(result)).containsOnlyKeys(REGISTRY.ids());
        assertThat(result.checks()).extracting(CheckResult::status).containsOnly(CheckStatus.COMPLIANT);
    }

    @Test
    void aRefusedFixFailsThatCheckWhileTheOtherChecksAndAccountsGoOn() {
        // As IAM answers a read-only role: only the first UpdateAccountPasswordPolicy (this account's) is refused.
        MOTO.inject(ProxyTraffic.iamAccessDenied("UpdateAccountPasswordPolicy", 1));
        CheckFixtures.arrangeNonCompliant(other);

        AccountResult refused = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, EVERY_CHECK, REGIONS));
        AccountResult next = harness.checker().check(CheckInputs.of(OTHER_ACCOUNT_ID, Mode.REMEDIATE, EVERY_CHECK, REGIONS));

        assertThat(refused.status()).isEqualTo(AccountStatus.FAILED);
        assertThat(refused.errorCode()).isEqualTo(ErrorCode.CHECK_FAILED);
        assertThat(refused.errorMessage()).isEqualTo("Checks that could not complete in 111122223333: iam-password-policy (see each check's detail)");
        assertThat(statuses(refused).get("iam-password-policy")).containsExactly(CheckStatus.ERROR);
        assertThat(result(refused, "iam-password-policy").detail()).contains("Iam AccessDenied", "iam:UpdateAccountPasswordPolicy");
        assertThat(refused.checks()).filteredOn(check -> !check.checkId().equals("iam-password-policy"))
                .extracting(CheckResult::status).doesNotContain(CheckStatus.ERROR).contains(CheckStatus.REMEDIATED);
        assertThat(harness.account().passwordPolicy().minimumPasswordLength()).isEqualTo(10);
        assertThat(next.status()).isEqualTo(AccountStatus.SUCCEEDED);
        assertThat(statuses(next).get("iam-password-policy")).containsExactly(CheckStatus.REMEDIATED);
    }

    @Test
    void throttlingInACheckIsThrownSoThatTheStateMachineRetriesTheAccount() {
        MOTO.inject(ProxyTraffic.iamThrottling("GetAccountPasswordPolicy"));

        assertThatThrownBy(() -> harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, EVERY_CHECK, REGIONS)))
                .isInstanceOf(ThrottledException.class)
                .hasMessageContaining("check iam-password-policy");
    }

    /**
     * Prints what one account's result weighs, all compliant and all non-compliant, in one and in four regions. The
     * rows go to S3 and the Map carries a bounded summary, so no Step Functions limit rides on this; the bound keeps
     * each check's result terse (a detail and capped evidence) for report.json, report.csv, the report page and the
     * fitted execution output, which all grow with it.
     */
    @Test
    void resultsStaySmall() {
        List<Region> four = List.of(Region.EU_WEST_1, Region.US_EAST_1, Region.EU_CENTRAL_1, Region.AP_SOUTHEAST_2);
        int nonCompliantOne = bytes(harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, EVERY_CHECK, REGIONS.subList(0, 1))));
        int nonCompliantFour = bytes(harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, EVERY_CHECK, four)));
        CheckFixtures.arrangeCompliant(new CheckFixtures.Fixture(other.account(), MOTO, four));

        AccountResult compliant = harness.checker().check(CheckInputs.of(OTHER_ACCOUNT_ID, Mode.AUDIT, EVERY_CHECK, REGIONS.subList(0, 1)));
        int compliantOne = bytes(compliant);
        int compliantFour = bytes(harness.checker().check(CheckInputs.of(OTHER_ACCOUNT_ID, Mode.AUDIT, EVERY_CHECK, four)));

        int checks = REGISTRY.ids().size();
        System.err.printf("check-account result JSON per account (%d checks): all compliant %d B (1 region), %d B (4 regions);"
                + " non-compliant %d B (1 region), %d B (4 regions); 256 KiB holds %d all-compliant accounts (1 region)%n",
                checks, compliantOne, compliantFour, nonCompliantOne, nonCompliantFour, 262_144 / compliantOne);
        assertThat(compliant.checks()).extracting(CheckResult::status).containsOnly(CheckStatus.COMPLIANT);
        // A compliant result is its check id and status: about 60 bytes a check, plus the row.
        assertThat(compliantOne).isLessThan(150 + 70 * checks);
        // 300 bytes a check on average: the audit-only checks of many controls carry evidence per control.
        assertThat(nonCompliantOne).isLessThan(300 * checks + 300);
    }

    private static Map<String, List<CheckStatus>> statuses(AccountResult result) {
        Map<String, List<CheckStatus>> byId = new LinkedHashMap<>();
        result.checks().forEach(check -> byId.computeIfAbsent(check.checkId(), id -> new java.util.ArrayList<>()).add(check.status()));
        return byId;
    }

    private static CheckResult result(AccountResult result, String checkId) {
        return result.checks().stream().filter(check -> check.checkId().equals(checkId)).findFirst().orElseThrow();
    }

    private static int bytes(AccountResult result) {
        return Json.write(result).getBytes(StandardCharsets.UTF_8).length;
    }
}
