package com.auditremediation.checkaccount.exceptions;

import com.auditremediation.checkaccount.testing.CheckFixtures;
import com.auditremediation.checkaccount.testing.CheckInputs;
import com.auditremediation.checkaccount.testing.CheckerHarness;
import com.auditremediation.checkaccount.testing.FixableSettings;
import com.auditremediation.checkaccount.testing.MemberAccount;
import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.model.AccountItem;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.Approval;
import com.auditremediation.core.model.CheckAccountInput;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.ExceptionRule;
import com.auditremediation.core.model.ExceptionSource;
import com.auditremediation.core.model.Mode;
import com.auditremediation.core.model.PlanItem;
import com.auditremediation.core.model.RunContext;
import com.auditremediation.local.MotoExtension;
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
 * Remediate mode against moto with every check's setting failing in two regions: what an exceptions file rule covers
 * is never written, proved by the record of every member-account call with the region it was signed for, and by
 * moto's state; the rest is fixed as before, and every covered result carries its exception.
 */
class AccountExceptionsTest {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = MotoExtension.restartedBeforeEachTest();

    private static final String ACCOUNT_ID = "111122223333";
    private static final String EXCEPTED_ACCOUNT_ID = "444455556666";
    private static final List<Region> REGIONS = List.of(Region.EU_WEST_1, Region.US_EAST_1);

    private static final ExceptionRule LEGACY_IDP = new ExceptionRule(0, null, List.of("iam-password-policy", "s3-account-public-access-block"),
            null, "legacy identity provider, no IAM users", "identity@example.com", "2027-03-31", "SEC-1");
    /** EBS fails in eu-west-1 only (as arranged): the rule covers exactly that result. */
    private static final ExceptionRule NO_EBS_IN_EU_WEST_1 = new ExceptionRule(1, null, List.of("ebs-default-encryption"), List.of("eu-west-1"),
            "no EBS volumes in eu-west-1", "platform@example.com", "2027-01-31", null);
    private static final ExceptionRule SHARED_VPC_EU = new ExceptionRule(2, true, List.of("vpc-default-security-group"), List.of("eu-west-1"),
            "shared VPC owned by the network team", "network@example.com", "2027-02-28", "NET-9");
    private static final ExceptionRule EVERYTHING_HERE = new ExceptionRule(3, null, null, null, "break-glass account",
            "security@example.com", "2027-01-15", "SEC-3");
    private static final List<ExceptionRule> RULES = List.of(LEGACY_IDP, NO_EBS_IN_EU_WEST_1, SHARED_VPC_EU, EVERYTHING_HERE);

    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID, FixableSettings.ALL);
    private CheckFixtures.Fixture account;
    private CheckFixtures.Fixture excepted;

    @BeforeEach
    void setUp() {
        account = new CheckFixtures.Fixture(harness.account(), MOTO, REGIONS);
        excepted = new CheckFixtures.Fixture(MemberAccount.of(EXCEPTED_ACCOUNT_ID, MOTO.endpoint(), Region.EU_WEST_1), MOTO, REGIONS);
        CheckFixtures.arrangeNonCompliant(account);
        CheckFixtures.arrangeNonCompliant(excepted);
    }

    @AfterEach
    void tearDown() {
        excepted.account().close();
    }

    @Test
    void remediateWritesNothingThatARuleCoversAndFixesTheRest() {
        Map<String, Object> before = CheckFixtures.state(account);

        AccountResult result = harness.checker().check(input(ACCOUNT_ID, Mode.REMEDIATE, List.of(0, 1)));

        List<String> writes = harness.clients().placedActions().stream().filter(this::isFix).toList();
        assertThat(writes).as("fix calls, with the region each was signed for")
                .noneMatch(call -> call.startsWith("iam:UpdateAccountPasswordPolicy@"))
                .noneMatch(call -> call.startsWith("s3:PutAccountPublicAccessBlock@"))
                .noneMatch(call -> call.startsWith("ec2:EnableEbsEncryptionByDefault@"))
                .anyMatch(call -> call.startsWith("iam:UpdateAccessKey@"))
                .anyMatch(call -> call.startsWith("ec2:RevokeSecurityGroup") && call.endsWith("@us-east-1"))
                .noneMatch(call -> call.startsWith("ec2:RevokeSecurityGroup") && call.endsWith("@eu-west-1"));
        Map<String, Object> after = CheckFixtures.state(account);
        assertThat(after.get("iam-password-policy")).isEqualTo(before.get("iam-password-policy"));
        assertThat(after.get("s3-account-public-access-block")).isEqualTo(before.get("s3-account-public-access-block"));
        assertThat(after.get("ebs-default-encryption")).isEqualTo(before.get("ebs-default-encryption"));
        assertThat(after.get("vpc-default-security-group")).as("fixed in us-east-1 only").isNotEqualTo(before.get("vpc-default-security-group"));

        assertThat(result.status()).isEqualTo(AccountStatus.SUCCEEDED);
        assertThat(result.checks()).filteredOn(CheckResult::excepted)
                .extracting(check -> check.checkId() + " " + check.region() + " exceptions[" + check.exception().entry() + "]")
                .containsExactlyInAnyOrder("iam-password-policy null exceptions[0]", "s3-account-public-access-block null exceptions[0]",
                        "ebs-default-encryption eu-west-1 exceptions[1]", "vpc-default-security-group eu-west-1 exceptions[2]");
        assertThat(result.checks()).filteredOn(CheckResult::excepted).allSatisfy(check -> {
            assertThat(check.status()).isEqualTo(CheckStatus.NON_COMPLIANT);
            assertThat(check.exception().source()).isEqualTo(ExceptionSource.FILE);
            assertThat(check.detail()).startsWith("not fixed (accepted risk, exceptions[" + check.exception().entry() + "] (owner ");
            assertThat(check.before()).isNotEmpty();
        });
        assertThat(result.checks()).filteredOn(check -> check.checkId().equals("ebs-default-encryption") || check.checkId().equals("vpc-default-security-group"))
                .extracting(check -> check.checkId() + " " + check.region() + " " + check.status())
                .containsExactly("ebs-default-encryption eu-west-1 NON_COMPLIANT", "ebs-default-encryption us-east-1 COMPLIANT",
                        "vpc-default-security-group eu-west-1 NON_COMPLIANT", "vpc-default-security-group us-east-1 REMEDIATED");
        assertThat(result.checks().get(0).exception()).as("a passing result carries none").isNull();
    }

    @Test
    void anAccountWhoseEveryCheckARuleCoversGetsNoWriteCallAtAll() {
        Map<String, Object> before = CheckFixtures.state(excepted);
        int callsBefore = harness.clients().placedActions().size();

        AccountResult result = harness.checker().check(input(EXCEPTED_ACCOUNT_ID, Mode.REMEDIATE, List.of(3)));

        List<String> calls = harness.clients().placedActions().subList(callsBefore, harness.clients().placedActions().size());
        assertThat(calls).isNotEmpty().noneMatch(this::isFix);
        assertThat(CheckFixtures.state(excepted)).isEqualTo(before);
        assertThat(result.checks()).filteredOn(check -> check.status() == CheckStatus.NON_COMPLIANT).isNotEmpty()
                .allSatisfy(check -> assertThat(check.exception()).isNotNull())
                .allSatisfy(check -> assertThat(check.exception().entry()).as(check.checkId() + " " + check.region())
                        .isIn(2, 3));
        assertThat(result.checks()).extracting(CheckResult::status).doesNotContain(CheckStatus.REMEDIATED);
    }

    @Test
    void auditModeMarksTheResultsItWouldHaveMadeAnywayWithTheSameCalls() {
        AccountResult plain = harness.checker().check(input(ACCOUNT_ID, Mode.AUDIT, null));
        List<String> plainCalls = List.copyOf(harness.clients().placedActions());

        AccountResult marked = harness.checker().check(input(ACCOUNT_ID, Mode.AUDIT, List.of(0, 1)));

        assertThat(harness.clients().placedActions().subList(plainCalls.size(), harness.clients().placedActions().size()))
                .containsExactlyInAnyOrderElementsOf(plainCalls);
        assertThat(marked.checks()).extracting(check -> check.withException(null))
                .isEqualTo(plain.checks().stream().map(check -> check.withException(null)).toList());
        assertThat(marked.checks()).filteredOn(CheckResult::excepted).hasSize(4);
        assertThat(plain.checks()).filteredOn(CheckResult::excepted).as("only the rule for every account").hasSize(1);
        assertThatThrownBy(() -> harness.checker().check(input(ACCOUNT_ID, Mode.AUDIT, List.of(7)))).isInstanceOf(InvalidInputException.class)
                .hasMessage("INVALID_INPUT: field 'account.exceptions[0]': 7 is not a position in context.exceptions (4 rules); pass the"
                        + " account and the context from the same listing, as the state machine does");
    }

    @Test
    void anApprovedItemThatARuleNowCoversIsLeftAlone() {
        Map<String, Object> planned = Map.of("MinimumPasswordLength", 8);
        RunContext context = new RunContext(CheckInputs.ROLE, Mode.REMEDIATE, List.of(), REGIONS.stream().map(Region::id).toList(),
                Approval.REQUIRED, RULES);
        CheckAccountInput input = new CheckAccountInput(new AccountItem(ACCOUNT_ID, "member", "ou-ab12-cdef3456", List.of(0)), context, "sweep-1",
                List.of(new PlanItem(ACCOUNT_ID, "member", "iam-password-policy", null, planned, "iam:UpdateAccountPasswordPolicy")));

        AccountResult result = harness.checker().check(input);

        assertThat(result.checks()).singleElement().satisfies(check -> {
            assertThat(check.status()).isEqualTo(CheckStatus.NON_COMPLIANT);
            assertThat(check.detail()).startsWith("approved, but not fixed: accepted risk, exceptions[0] (owner identity@example.com");
            assertThat(check.before()).isEqualTo(planned);
            assertThat(check.exception().entry()).isZero();
        });
        assertThat(harness.clients().actions()).noneMatch(action -> action.startsWith("iam:"));
    }

    /** A Map item of {@code accountId} naming the rules at {@code positions}, with every check in two regions. */
    private static CheckAccountInput input(String accountId, Mode mode, List<Integer> positions) {
        return new CheckAccountInput(new AccountItem(accountId, "member", "ou-ab12-cdef3456", positions),
                new RunContext(CheckInputs.ROLE, mode, List.of(), REGIONS.stream().map(Region::id).toList(), null, RULES), "sweep-1");
    }

    private boolean isFix(String placedAction) {
        return CheckerHarness.fixActions().contains(placedAction.substring(0, placedAction.indexOf('@')));
    }
}
