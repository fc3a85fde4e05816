package com.auditremediation.checkaccount;

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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** Audit and remediate mode with every shipped check, over two accounts and two regions in moto. */
class AccountCheckerModesTest {

    @RegisterExtension
    static final MotoExtension MOTO = new MotoExtension();

    private static final String ACCOUNT_ID = "111122223333";
    private static final String OTHER_ACCOUNT_ID = "444455556666";
    private static final List<Region> REGIONS = List.of(Region.EU_WEST_1, Region.US_EAST_1);
    private static final List<String> EVERY_CHECK = List.of();

    private CheckerHarness harness;
    private List<String> calls;
    private AccountChecker checker;
    private MemberAccount account;
    private MemberAccount other;

    @BeforeEach
    void setUp() {
        harness = new CheckerHarness(MOTO, ACCOUNT_ID);
        calls = harness.calls;
        checker = harness.checker;
        account = harness.account;
        other = MemberAccount.of(OTHER_ACCOUNT_ID, MOTO.endpoint(), Region.EU_WEST_1);
        // Something of everything: a weak password policy, one S3 setting off, EBS encryption on in one region.
        account.iam().updateAccountPasswordPolicy(r -> r.minimumPasswordLength(10).requireNumbers(true));
        account.putPublicAccessBlock(true, true, false, true);
        account.ec2(Region.US_EAST_1).enableEbsEncryptionByDefault(r -> { });
    }

    @AfterEach
    void tearDown() {
        harness.close();
        other.close();
    }

    @Test
    void auditOnlyReadsAndLeavesEverySettingExactlyAsItWas() {
        Map<String, Object> before = account.snapshot(REGIONS);

        AccountResult result = checker.check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, EVERY_CHECK, REGIONS));

        assertThat(account.snapshot(REGIONS)).isEqualTo(before);
        assertThat(calls).isNotEmpty().doesNotContainAnyElementsOf(ProxyTraffic.WRITES);
        // NON_COMPLIANT is a finding, not a failure: the account succeeded.
        assertThat(result.status()).isEqualTo(AccountStatus.SUCCEEDED);
        assertThat(result.checks()).extracting(CheckResult::checkId, CheckResult::region, CheckResult::status).containsExactly(
                tuple("caller-identity", null, CheckStatus.COMPLIANT),
                tuple("iam-password-policy", null, CheckStatus.NON_COMPLIANT),
                tuple("s3-account-public-access-block", null, CheckStatus.NON_COMPLIANT),
                tuple("ebs-default-encryption", "eu-west-1", CheckStatus.NON_COMPLIANT),
                tuple("ebs-default-encryption", "us-east-1", CheckStatus.COMPLIANT),
                tuple("root-account-hygiene", null, CheckStatus.NON_COMPLIANT));
    }

    @Test
    void remediateFixesWhatItCanThenAuditIsCompliantAndASecondRemediateWritesNothing() {
        Map<String, Object> otherBefore = other.snapshot(REGIONS);

        AccountResult fixed = checker.check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, EVERY_CHECK, REGIONS));
        AccountResult audited = checker.check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, EVERY_CHECK, REGIONS));
        int callsBeforeSecond = calls.size();
        AccountResult again = checker.check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, EVERY_CHECK, REGIONS));

        assertThat(fixed.status()).isEqualTo(AccountStatus.SUCCEEDED);
        assertThat(fixed.checks()).extracting(CheckResult::checkId, CheckResult::region, CheckResult::status).containsExactly(
                tuple("caller-identity", null, CheckStatus.COMPLIANT),
                tuple("iam-password-policy", null, CheckStatus.REMEDIATED),
                tuple("s3-account-public-access-block", null, CheckStatus.REMEDIATED),
                tuple("ebs-default-encryption", "eu-west-1", CheckStatus.REMEDIATED),
                tuple("ebs-default-encryption", "us-east-1", CheckStatus.COMPLIANT),
                tuple("root-account-hygiene", null, CheckStatus.NON_COMPLIANT));
        assertThat(fixed.checks()).filteredOn(check -> check.status() == CheckStatus.REMEDIATED)
                .allSatisfy(check -> assertThat(check.before()).isNotEmpty().doesNotContainValue(true))
                .allSatisfy(check -> assertThat(check.after()).isNotEmpty().doesNotContainValue(false));
        assertThat(audited.checks()).extracting(CheckResult::status).containsExactly(CheckStatus.COMPLIANT, CheckStatus.COMPLIANT,
                CheckStatus.COMPLIANT, CheckStatus.COMPLIANT, CheckStatus.COMPLIANT, CheckStatus.NON_COMPLIANT);
        assertThat(again.checks()).extracting(CheckResult::status).isEqualTo(audited.checks().stream().map(CheckResult::status).toList());
        assertThat(calls.subList(callsBeforeSecond, calls.size())).doesNotContainAnyElementsOf(ProxyTraffic.WRITES);
        // moto keeps IAM, S3 Control and EC2 state per account: the other account is as it was.
        assertThat(other.snapshot(REGIONS)).isEqualTo(otherBefore);
        assertThat(other.passwordPolicy()).isNull();
    }

    @Test
    void aRefusedFixFailsThatCheckWhileTheOtherChecksAndAccountsGoOn() {
        // As IAM answers a read-only role: only the first UpdateAccountPasswordPolicy (this account's) is refused.
        MOTO.inject(ProxyTraffic.iamAccessDenied("UpdateAccountPasswordPolicy", 1));

        AccountResult refused = checker.check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, EVERY_CHECK, REGIONS));
        AccountResult next = checker.check(CheckInputs.of(OTHER_ACCOUNT_ID, Mode.REMEDIATE, EVERY_CHECK, REGIONS));

        assertThat(refused.status()).isEqualTo(AccountStatus.FAILED);
        assertThat(refused.errorCode()).isEqualTo(ErrorCode.CHECK_FAILED);
        assertThat(refused.errorMessage()).isEqualTo("Checks that could not complete in 111122223333: iam-password-policy (see each check's detail)");
        assertThat(refused.checks()).extracting(CheckResult::checkId, CheckResult::status).containsExactly(
                tuple("caller-identity", CheckStatus.COMPLIANT),
                tuple("iam-password-policy", CheckStatus.ERROR),
                tuple("s3-account-public-access-block", CheckStatus.REMEDIATED),
                tuple("ebs-default-encryption", CheckStatus.REMEDIATED),
                tuple("ebs-default-encryption", CheckStatus.COMPLIANT),
                tuple("root-account-hygiene", CheckStatus.NON_COMPLIANT));
        assertThat(refused.checks().get(1).detail()).contains("Iam AccessDenied", "iam:UpdateAccountPasswordPolicy");
        assertThat(account.passwordPolicy().minimumPasswordLength()).isEqualTo(10);
        assertThat(next.status()).isEqualTo(AccountStatus.SUCCEEDED);
        assertThat(next.checks()).extracting(CheckResult::status).containsExactly(CheckStatus.COMPLIANT, CheckStatus.REMEDIATED,
                CheckStatus.REMEDIATED, CheckStatus.REMEDIATED, CheckStatus.REMEDIATED, CheckStatus.NON_COMPLIANT);
    }

    @Test
    void throttlingInACheckIsThrownSoThatTheStateMachineRetriesTheAccount() {
        MOTO.inject(ProxyTraffic.iamThrottling("GetAccountPasswordPolicy"));

        assertThatThrownBy(() -> checker.check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, EVERY_CHECK, REGIONS)))
                .isInstanceOf(ThrottledException.class)
                .hasMessageContaining("check iam-password-policy");
    }

    /**
     * The Map's output holds every account's result in one state (256 KiB). Prints what one account's result weighs,
     * all compliant and all non-compliant, in one and in four regions.
     */
    @Test
    void resultsStaySmall() {
        List<Region> four = List.of(Region.EU_WEST_1, Region.US_EAST_1, Region.EU_CENTRAL_1, Region.AP_SOUTHEAST_2);
        int nonCompliantOne = bytes(checker.check(CheckInputs.of(OTHER_ACCOUNT_ID, Mode.AUDIT, EVERY_CHECK, REGIONS.subList(0, 1))));
        int nonCompliantFour = bytes(checker.check(CheckInputs.of(OTHER_ACCOUNT_ID, Mode.AUDIT, EVERY_CHECK, four)));
        other.makeCompliant(four);
        // moto always reports the root user without MFA; the proxy plays an account whose root user has it.
        MOTO.inject(ProxyTraffic.accountSummary(1, 0));

        AccountResult compliant = checker.check(CheckInputs.of(OTHER_ACCOUNT_ID, Mode.AUDIT, EVERY_CHECK, REGIONS.subList(0, 1)));
        int compliantOne = bytes(compliant);
        int compliantFour = bytes(checker.check(CheckInputs.of(OTHER_ACCOUNT_ID, Mode.AUDIT, EVERY_CHECK, four)));

        System.err.printf("check-account result JSON per account: all compliant %d B (1 region), %d B (4 regions);"
                + " all non-compliant %d B (1 region), %d B (4 regions); 256 KiB holds %d all-compliant accounts (1 region)%n",
                compliantOne, compliantFour, nonCompliantOne, nonCompliantFour, 262_144 / compliantOne);
        assertThat(compliant.checks()).extracting(CheckResult::status).containsOnly(CheckStatus.COMPLIANT);
        assertThat(compliantOne).isLessThan(400);
        assertThat(compliantFour).isLessThan(650);
        assertThat(nonCompliantOne).isLessThan(1_200);
    }

    private static int bytes(AccountResult result) {
        return Json.write(result).getBytes(StandardCharsets.UTF_8).length;
    }
}
