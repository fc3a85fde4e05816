package com.auditremediation.checkaccount.run;

import com.auditremediation.checkaccount.check.Check;
import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.checks.CallerIdentityCheck;
import com.auditremediation.checkaccount.checks.CheckRegistry;
import com.auditremediation.checkaccount.testing.CapturedOut;
import com.auditremediation.checkaccount.testing.RecordingAccountClients;
import com.auditremediation.checkaccount.testing.Waits;
import com.auditremediation.core.Json;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import com.auditremediation.core.error.ErrorCode;
import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.error.ServiceUnavailableException;
import com.auditremediation.core.error.ThrottledException;
import com.auditremediation.core.model.AccountItem;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckAccountInput;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Mode;
import com.auditremediation.core.model.RunContext;
import com.auditremediation.local.FaultRule;
import com.auditremediation.local.LocalClients;
import com.auditremediation.local.MotoExtension;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

class AccountCheckerTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String ACCOUNT_ID = "111122223333";
    private static final String ROLE = "aws-controltower-AdministratorExecutionRole";

    private final List<Map<String, String>> assumeRoleRequests = new CopyOnWriteArrayList<>();
    private RecordingAccountClients accountClients;
    private StsClient sts;
    private AccountChecker checker;

    @BeforeEach
    void setUp() {
        MOTO.inject(StsFaults.recordAssumeRole(assumeRoleRequests));
        accountClients = new RecordingAccountClients(MOTO.proxyEndpoint());
        sts = LocalClients.build(StsClient.builder(), MOTO.proxyEndpoint(), Region.EU_WEST_1);
        checker = AccountChecker.builder(sts, accountClients, Region.EU_WEST_1).build();
    }

    @AfterEach
    void tearDown() {
        sts.close();
    }

    @Test
    void anAssumableAccountSucceedsWithACompliantCallerIdentity() {
        AccountResult result = checker.check(input(ACCOUNT_ID, "nightly-1"));

        assertThat(result.accountId()).isEqualTo(ACCOUNT_ID);
        assertThat(result.status()).isEqualTo(AccountStatus.SUCCEEDED);
        assertThat(result.errorCode()).isNull();
        assertThat(result.errorType()).isNull();
        assertThat(result.errorMessage()).isNull();
        assertThat(result.checks()).containsExactly(CheckResult.compliant("caller-identity", null));
        assertThat(result.durationMs()).isNotNull().isNotNegative();
        assertThat(accountClients.regions()).containsExactly(Region.EU_WEST_1);
    }

    @Test
    void theRoleIsAssumedForFifteenMinutesWithASessionNamedAfterTheExecution() {
        String executionName = "sweep 2024/06/01 10:00:00 " + "x".repeat(60);

        AccountResult result = checker.check(input(ACCOUNT_ID, executionName));

        assertThat(assumeRoleRequests).hasSize(1);
        Map<String, String> request = assumeRoleRequests.get(0);
        assertThat(request.get("RoleArn")).isEqualTo("arn:aws:iam::111122223333:role/" + ROLE);
        assertThat(request.get("DurationSeconds")).isEqualTo("900");
        String sessionName = request.get("RoleSessionName");
        assertThat(sessionName)
                .hasSize(64)
                .matches("[\\w+=,.@-]+")
                .isEqualTo(("audit-remediation-sweep-2024-06-01-10-00-00-" + "x".repeat(60)).substring(0, 64));
        // moto builds the caller's ARN from the session name, so a COMPLIANT caller-identity shows it is used end to end.
        assertThat(result.checks()).extracting(CheckResult::status).containsExactly(CheckStatus.COMPLIANT);
    }

    @Test
    void sessionNamesAreSanitisedAndHaveADefault() {
        assertThat(AccountChecker.sessionName(null)).isEqualTo("audit-remediation");
        assertThat(AccountChecker.sessionName(" ")).isEqualTo("audit-remediation");
        assertThat(AccountChecker.sessionName("run_1+a=b,c.d@e-f")).isEqualTo("audit-remediation-run_1+a=b,c.d@e-f");
        assertThat(AccountChecker.sessionName("été:run#1")).isEqualTo("audit-remediation--t--run-1");
    }

    @Test
    void aRoleThatCannotBeAssumedIsAFailedRowNotAnException() {
        // moto does not check roles or trust policies, so the refusal is injected at the HTTP boundary, as AWS sends it.
        FaultRule denied = MOTO.inject(FaultRule.stsAccessDenied(ACCOUNT_ID));

        AccountResult result = checker.check(input(ACCOUNT_ID, "nightly-1"));

        assertThat(result.status()).isEqualTo(AccountStatus.FAILED);
        assertThat(result.errorCode()).isEqualTo(ErrorCode.ROLE_NOT_ASSUMABLE);
        assertThat(result.errorMessage()).isEqualTo("Could not assume arn:aws:iam::111122223333:role/" + ROLE
                + " in 111122223333 (AccessDenied). Is the account enrolled in Control Tower, and does the role exist and trust the Audit account?"
                + " Where the landing zone's security roles are off (landing zone 4.0) or the roles are your own: the StackSet of"
                + " member-role.yaml may not have reached this account yet (is its OU a deployment target?), or the role trusts"
                + " another principal than this stack's CheckAccountRoleArn.");
        assertThat(result.checks()).isEmpty();
        assertThat(result.durationMs()).isNotNull();
        assertThat(denied.hits()).isEqualTo(1);
    }

    @Test
    void aRegionWhereStsIsNotActivatedIsAFailedRowThatSaysWhatToDo() {
        MOTO.inject(StsFaults.assumeRoleRegionDisabled());

        AccountResult result = checker.check(input(ACCOUNT_ID, "nightly-1"));

        assertThat(result.status()).isEqualTo(AccountStatus.FAILED);
        assertThat(result.errorCode()).isEqualTo(ErrorCode.ROLE_NOT_ASSUMABLE);
        assertThat(result.errorMessage()).contains("(RegionDisabledException)", "STS is not activated in eu-west-1");
    }

    @Test
    void expiredFunctionCredentialsAreAFailedRowThatSaysWhatToDo() {
        MOTO.inject(StsFaults.assumeRoleExpiredToken());

        AccountResult result = checker.check(input(ACCOUNT_ID, "nightly-1"));

        assertThat(result.status()).isEqualTo(AccountStatus.FAILED);
        assertThat(result.errorCode()).isEqualTo(ErrorCode.ROLE_NOT_ASSUMABLE);
        assertThat(result.errorMessage()).contains("(ExpiredToken)", "function's own credentials");
    }

    @Test
    void throttlingThatTheSdkRetriesAwayStillSucceeds() {
        // One throttled answer is fewer than the SDK's attempts in any retry mode.
        FaultRule throttled = MOTO.inject(FaultRule.stsThrottling(ACCOUNT_ID, 1));

        AccountResult result = checker.check(input(ACCOUNT_ID, "nightly-1"));

        assertThat(result.status()).isEqualTo(AccountStatus.SUCCEEDED);
        assertThat(throttled.hits()).isEqualTo(1);
    }

    @Test
    void throttlingThatOutlastsTheSdkRetriesIsThrownForTheStateMachineToRetry() {
        MOTO.inject(FaultRule.stsThrottling(ACCOUNT_ID, FaultRule.UNLIMITED));

        assertThatThrownBy(() -> checker.check(input(ACCOUNT_ID, "nightly-1")))
                .isInstanceOf(ThrottledException.class)
                .hasMessageContaining("sts:AssumeRole into 111122223333")
                .satisfies(e -> assertThat(e.getClass().getName()).isEqualTo("com.auditremediation.core.error.ThrottledException"));
    }

    @Test
    void aServerErrorThatOutlastsTheSdkRetriesIsThrownAsServiceUnavailable() {
        MOTO.inject(FaultRule.stsServiceUnavailable(ACCOUNT_ID, FaultRule.UNLIMITED));

        assertThatThrownBy(() -> checker.check(input(ACCOUNT_ID, "nightly-1")))
                .isInstanceOf(ServiceUnavailableException.class)
                .hasMessageContaining("HTTP 503")
                .satisfies(e -> assertThat(e.getClass().getName()).isEqualTo("com.auditremediation.core.error.ServiceUnavailableException"));
    }

    @Test
    void aTransientFailureInsideACheckIsThrownToo() {
        MOTO.inject(StsFaults.callerIdentityThrottling());

        assertThatThrownBy(() -> checker.check(input(ACCOUNT_ID, "nightly-1")))
                .isInstanceOf(ThrottledException.class)
                .hasMessageContaining("check caller-identity in 111122223333");
    }

    /**
     * Two lanes: "throttled" and "slow" start together; "throttled" fails for good while "slow" still runs. The account
     * is retried whole, so "later" is never started; "slow" is not interrupted, and the fault is thrown once it is done.
     */
    @Test
    void aTransientFailureStopsTheChecksNotYetStartedAndIsThrownOnceTheRunningOnesFinish() {
        MOTO.inject(StsFaults.callerIdentityThrottling());
        CountDownLatch slowStarted = new CountDownLatch(1);
        CountDownLatch throttledFailed = new CountDownLatch(1);
        AtomicBoolean slowFinished = new AtomicBoolean();
        AtomicBoolean laterStarted = new AtomicBoolean();
        AccountChecker twoLanes = AccountChecker.builder(sts, accountClients, Region.EU_WEST_1).lanes(2)
                .registry(CheckRegistry.of(List.of(
                        new TestCheck("throttled", context -> {
                            Waits.await(slowStarted);
                            try {
                                context.client(StsClient.builder(), context.homeRegion()).getCallerIdentity();
                            } finally {
                                throttledFailed.countDown();
                            }
                        }),
                        new TestCheck("slow", context -> {
                            slowStarted.countDown();
                            Waits.await(throttledFailed);
                            Waits.sleep(500);
                            slowFinished.set(true);
                        }),
                        new TestCheck("later", context -> laterStarted.set(true))))).build();

        Throwable thrown = catchThrowable(() -> twoLanes.check(everyCheck(ACCOUNT_ID, "nightly-1")));

        assertThat(thrown).isInstanceOf(ThrottledException.class).hasMessageContaining("check throttled in 111122223333");
        assertThat(slowFinished).as("the running check finished before the fault was thrown").isTrue();
        assertThat(laterStarted).as("a check not yet started").isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "cn-north-1, aws-cn",
            "us-gov-west-1, aws-us-gov",
            "us-east-1, aws"})
    void theRoleArnAndTheExpectedCallerFollowTheFunctionsPartition(String regionId, String partition) {
        Region region = Region.of(regionId);
        try (StsClient regionalSts = LocalClients.build(StsClient.builder(), MOTO.proxyEndpoint(), region)) {
            AccountChecker regionalChecker = AccountChecker.builder(regionalSts, accountClients, region).build();

            AccountResult result = regionalChecker.check(input(ACCOUNT_ID, "nightly-1"));

            assertThat(assumeRoleRequests).extracting(request -> request.get("RoleArn"))
                    .containsExactly("arn:" + partition + ":iam::111122223333:role/" + ROLE);
            // moto answers GetCallerIdentity in cn-north-1 with arn:aws-cn:sts::..., which CallerIdentityCheck expects.
            assertThat(result.status()).isEqualTo(AccountStatus.SUCCEEDED);
            assertThat(result.checks()).extracting(CheckResult::status).containsExactly(CheckStatus.COMPLIANT);
            assertThat(accountClients.regions()).containsExactly(region);
        }
    }

    @Test
    void aCallerIdentityMismatchIsACheckFailure() {
        // moto always answers truthfully; the proxy plays an STS that names another account to produce a mismatch.
        MOTO.inject(StsFaults.callerIdentity("999999999999", "arn:aws:sts::999999999999:assumed-role/other/session", FaultRule.UNLIMITED));

        AccountResult result = checker.check(input(ACCOUNT_ID, "nightly-1"));

        assertThat(result.status()).isEqualTo(AccountStatus.FAILED);
        assertThat(result.errorCode()).isEqualTo(ErrorCode.CHECK_FAILED);
        assertThat(result.errorMessage()).contains("caller-identity");
        assertThat(result.checks()).singleElement().satisfies(check -> {
            assertThat(check.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(check.detail()).isEqualTo("expected account 111122223333 as arn:aws:sts::111122223333:assumed-role/"
                    + ROLE + "/audit-remediation-nightly-1, found account 999999999999 as arn:aws:sts::999999999999:assumed-role/other/session");
        });
    }

    @Test
    void aCheckThatFailsIsAnErrorResultAndTheOtherChecksStillRun() {
        MOTO.inject(StsFaults.getSessionTokenDenied());
        AccountChecker twoChecks = AccountChecker.builder(sts, accountClients, Region.EU_WEST_1)
                .registry(CheckRegistry.of(List.of(new SessionTokenCheck(), new CallerIdentityCheck()))).build();

        AccountResult result = twoChecks.check(everyCheck(ACCOUNT_ID, "nightly-1"));

        assertThat(result.status()).isEqualTo(AccountStatus.FAILED);
        assertThat(result.errorCode()).isEqualTo(ErrorCode.CHECK_FAILED);
        assertThat(result.errorMessage()).contains("session-token").doesNotContain("caller-identity");
        assertThat(result.checks()).extracting(CheckResult::checkId, CheckResult::status).containsExactly(
                tuple("session-token", CheckStatus.ERROR),
                tuple("caller-identity", CheckStatus.COMPLIANT));
        assertThat(result.checks().get(0).detail()).isEqualTo("Sts AccessDenied: Cannot call GetSessionToken with session credentials");
        // Both checks shared one member-account STS client.
        assertThat(accountClients.regions()).hasSize(1);
    }

    @Test
    void onlyTheSelectedChecksRunAndUnknownOrRepeatedOnesAreRejected() {
        AccountChecker twoChecks = AccountChecker.builder(sts, accountClients, Region.EU_WEST_1)
                .registry(CheckRegistry.of(List.of(new SessionTokenCheck(), new CallerIdentityCheck()))).build();
        CheckAccountInput onlyCallerIdentity = new CheckAccountInput(new AccountItem(ACCOUNT_ID, "dev", null),
                new RunContext(ROLE, Mode.AUDIT, List.of("caller-identity"), List.of()), "nightly-1");
        CheckAccountInput repeated = new CheckAccountInput(new AccountItem(ACCOUNT_ID, "dev", null),
                new RunContext(ROLE, Mode.AUDIT, List.of("caller-identity", "caller-identity"), List.of()), "nightly-1");
        CheckAccountInput unknown = new CheckAccountInput(new AccountItem(ACCOUNT_ID, "dev", null),
                new RunContext(ROLE, Mode.AUDIT, List.of("caller-identity", "s3-everything"), List.of()), "nightly-1");

        AccountResult result = twoChecks.check(onlyCallerIdentity);

        assertThat(result.checks()).extracting(CheckResult::checkId).containsExactly("caller-identity");
        assertThatThrownBy(() -> twoChecks.check(unknown))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("context.checks[1]"))
                .hasMessageContaining("'s3-everything' is not a check; valid checks: session-token, caller-identity");
        assertThatThrownBy(() -> twoChecks.check(repeated))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("context.checks[1]"))
                .hasMessageContaining("repeats context.checks[0]");
        assertThat(assumeRoleRequests).hasSize(1);
    }

    @Test
    void regionsOfAnotherPartitionAreRejected() {
        CheckAccountInput input = new CheckAccountInput(new AccountItem(ACCOUNT_ID, "dev", null),
                new RunContext(ROLE, Mode.AUDIT, List.of(), List.of("eu-west-1", "cn-north-1")), "nightly-1");

        assertThatThrownBy(() -> checker.check(input))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("context.regions[1]"))
                .hasMessageContaining("aws-cn");
        assertThat(assumeRoleRequests).isEmpty();
    }

    @Test
    void eachAccountLogsOneStartAndOneEndLine() {
        List<String> lines;
        try (CapturedOut out = CapturedOut.start()) {
            checker.check(input(ACCOUNT_ID, "nightly-1"));
            lines = out.lines();
        }

        List<JsonNode> logged = lines.stream().map(AccountCheckerTest::parse).toList();
        assertThat(logged).extracting(line -> line.get("event").asText()).containsExactly("account.start", "account.end");
        JsonNode end = logged.get(1);
        assertThat(end.get("accountId").asText()).isEqualTo(ACCOUNT_ID);
        assertThat(end.get("executionName").asText()).isEqualTo("nightly-1");
        assertThat(end.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(end.get("durationMs").isIntegralNumber()).isTrue();
        assertThat(logged.get(0).get("accountId").asText()).isEqualTo(ACCOUNT_ID);
    }

    /**
     * The credentials to look for are the ones moto issued: {@link RecordingAccountClients} records what the checker
     * hands to the member-account clients, which are the AssumeRole response's credentials, unchanged (and start with
     * ASIA, as issued session keys do). Every output, exception and log line of runs through success, a failing check,
     * a mismatch, a transient failure and a refused role must be free of each of their three values.
     */
    @Test
    void credentialsAppearInNoOutputLogLineOrExceptionMessage() {
        AccountChecker twoChecks = AccountChecker.builder(sts, accountClients, Region.EU_WEST_1)
                .registry(CheckRegistry.of(List.of(new SessionTokenCheck(), new CallerIdentityCheck()))).build();
        List<String> seen = new ArrayList<>();
        String logged;
        try (CapturedOut out = CapturedOut.start()) {
            seen.add(Json.write(checker.check(input(ACCOUNT_ID, "nightly-1"))));
            MOTO.inject(StsFaults.getSessionTokenDenied());
            seen.add(Json.write(twoChecks.check(everyCheck(ACCOUNT_ID, "nightly-2"))));
            FaultRule mismatch = MOTO.inject(StsFaults.callerIdentity("999999999999", "arn:aws:sts::999999999999:assumed-role/other/s", 1));
            seen.add(Json.write(checker.check(input(ACCOUNT_ID, "nightly-3"))));
            assertThat(mismatch.hits()).isEqualTo(1);
            MOTO.inject(StsFaults.callerIdentityUnavailable());
            Throwable thrown = catchThrowable(() -> checker.check(input(ACCOUNT_ID, "nightly-4")));
            assertThat(thrown).isInstanceOf(ServiceUnavailableException.class);
            seen.add(thrown.toString());
            MOTO.inject(FaultRule.stsAccessDenied("444455556666"));
            seen.add(Json.write(checker.check(input("444455556666", "nightly-5"))));
            logged = out.text();
        }

        assertThat(accountClients.credentials()).hasSize(4);
        assertThat(logged.lines().count()).isEqualTo(10);
        String everything = String.join("\n", seen) + "\n" + logged;
        for (AwsCredentials credentials : accountClients.credentials()) {
            assertThat(credentials).isInstanceOf(AwsSessionCredentials.class);
            AwsSessionCredentials session = (AwsSessionCredentials) credentials;
            assertThat(session.accessKeyId()).startsWith("ASIA");
            assertThat(everything)
                    .doesNotContain(session.accessKeyId())
                    .doesNotContain(session.secretAccessKey())
                    .doesNotContain(session.sessionToken());
        }
    }

    /**
     * These tests are about the access path, so they run caller-identity alone (and, with a registry of their own,
     * whatever that registry holds); the other checks have their own test classes and {@link AccountCheckerModesTest}.
     */
    private static CheckAccountInput input(String accountId, String executionName) {
        return new CheckAccountInput(new AccountItem(accountId, "dev", "ou-ab12-cdef3456"),
                new RunContext(ROLE, Mode.AUDIT, List.of("caller-identity"), List.of()), executionName);
    }

    /** Every check of the checker's registry (an empty {@code checks}). */
    private static CheckAccountInput everyCheck(String accountId, String executionName) {
        return new CheckAccountInput(new AccountItem(accountId, "dev", "ou-ab12-cdef3456"),
                new RunContext(ROLE, Mode.AUDIT, List.of(), List.of()), executionName);
    }

    private static JsonNode parse(String line) {
        try {
            return Json.mapper().readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError("not a JSON log line: " + line, e);
        }
    }

    /** A check that does {@code work} and passes: for tests of how checks run side by side. */
    private static final class TestCheck extends Check {
        private final Consumer<CheckContext> work;

        TestCheck(String id, Consumer<CheckContext> work) {
            super(CheckDescriptor.builder(id).title("A test check").severity(Severity.LOW).reads("sts:GetCallerIdentity")
                    .recommendation("None: a test check.").build());
            this.work = work;
        }

        @Override
        public List<CheckResult> run(CheckContext context) {
            work.accept(context);
            return List.of(CheckResult.compliant(id(), null));
        }
    }

    /** A second check for tests of isolation: AWS refuses GetSessionToken to role sessions; the proxy says so. */
    private static final class SessionTokenCheck extends Check {

        SessionTokenCheck() {
            super(CheckDescriptor.builder("session-token").title("Calls sts:GetSessionToken, which AWS refuses to role sessions")
                    .severity(Severity.LOW).reads("sts:GetSessionToken").recommendation("None: a test check.").build());
        }

        @Override
        public List<CheckResult> run(CheckContext context) {
            context.client(StsClient.builder(), context.homeRegion()).getSessionToken();
            return List.of(CheckResult.compliant(id(), null));
        }
    }
}
