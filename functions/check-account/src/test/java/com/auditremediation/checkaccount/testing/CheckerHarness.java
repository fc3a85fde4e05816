package com.auditremediation.checkaccount.testing;

import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.CheckLanes;
import com.auditremediation.checkaccount.checks.CheckRegistry;
import com.auditremediation.checkaccount.findings.FindingsExporter;
import com.auditremediation.checkaccount.run.AccountChecker;
import com.auditremediation.checkaccount.session.AssumedSession;
import com.auditremediation.core.Env;
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
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the check tests share: every call through moto's proxy recorded in {@link #calls()}, an {@link AccountChecker}
 * whose STS and member-account clients go through that proxy (so faults can be injected), every member-account call
 * as the IAM action it needs ({@link #actions()}), and the member account {@code accountId} set up in moto directly.
 *
 * <p>A JUnit extension, set up before each test and closed after it. It must come after moto's own set-up for the
 * test (a reset, or a new moto, drops the proxy's rules), so a test class registers both, in that order:
 *
 * <pre>
 * &#64;RegisterExtension &#64;Order(1)
 * static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();
 *
 * &#64;RegisterExtension &#64;Order(2)
 * final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID);
 * </pre>
 *
 * (An extension in a static field always comes before one in an instance field; the orders say so where it is read.)
 * A test that picks its account per test calls {@link #start()} and {@link #close()} itself instead.
 */
public final class CheckerHarness implements BeforeEachCallback, AfterEachCallback, AutoCloseable {

    private final MotoExtension moto;
    private final String accountId;
    private final Map<String, String> settings;
    private final FindingsExporter findings;
    private final List<String> calls = ProxyTraffic.newLog();
    private StsClient sts;
    private RecordingAccountClients clients;
    private AccountChecker checker;
    private MemberAccount account;

    public CheckerHarness(MotoExtension moto, String accountId) {
        this(moto, accountId, Map.of());
    }

    /** {@code settings}: the function's environment as the checks see it (CheckContext.setting). */
    public CheckerHarness(MotoExtension moto, String accountId, Map<String, String> settings) {
        this(moto, accountId, settings, FindingsExporter.disabled());
    }

    /** {@code findings}: what the checker does with the results afterwards (Security Hub export, or nothing). */
    public CheckerHarness(MotoExtension moto, String accountId, Map<String, String> settings, FindingsExporter findings) {
        this.moto = moto;
        this.accountId = accountId;
        this.settings = settings;
        this.findings = findings;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    /** Records the proxy's traffic, builds the checker and arranges the member account; returns this harness. */
    public CheckerHarness start() {
        moto.inject(ProxyTraffic.recordCalls(calls));
        sts = LocalClients.build(StsClient.builder(), moto.proxyEndpoint(), Region.EU_WEST_1);
        clients = new RecordingAccountClients(moto.proxyEndpoint());
        checker = AccountChecker.builder(sts, clients, Region.EU_WEST_1).settings(Env.of(settings)).findings(findings).build();
        account = MemberAccount.of(accountId, moto.endpoint(), Region.EU_WEST_1);
        return this;
    }

    /** Every call through moto's proxy, by name ({@code GetAccountPasswordPolicy}, {@code PUT /v20180820/...}). */
    public List<String> calls() {
        return calls;
    }

    public AccountChecker checker() {
        return checker;
    }

    /** A checker as {@link #checker()}, with at most {@code lanes} of an account's tasks at once (1: one after another). */
    public AccountChecker checker(int lanes) {
        return AccountChecker.builder(sts, clients, Region.EU_WEST_1).settings(Env.of(settings)).findings(findings).lanes(lanes).build();
    }

    public MemberAccount account() {
        return account;
    }

    public RecordingAccountClients clients() {
        return clients;
    }

    /** A check context in {@code accountId} as the checker builds it (home region eu-west-1), for calling a service directly. */
    public CheckContext context(String accountId, Mode mode, List<Region> regions) {
        String roleArn = "arn:aws:iam::" + accountId + ":role/" + CheckInputs.ROLE;
        AssumedSession session = new AssumedSession(roleArn, "harness", sts.assumeRole(r -> r.roleArn(roleArn)
                .roleSessionName("harness")).credentials());
        return new CheckContext(accountId, CheckInputs.ROLE, session, "aws", mode, Region.EU_WEST_1, regions, clients, Env.of(Map.of()),
                CheckLanes.of(AccountChecker.DEFAULT_LANES));
    }

    /** The member-account calls so far, as IAM actions ({@code iam:GetAccountPasswordPolicy}). */
    public List<String> actions() {
        return clients.actions();
    }

    /** Runs the check {@code checkId} alone in the harness's account, in its home region. */
    public AccountResult run(String checkId, Mode mode) {
        return checker.check(CheckInputs.of(account.accountId(), mode, List.of(checkId), List.of()));
    }

    /**
     * Runs the check {@code checkId} alone in the harness's account, in {@code regions} (none: the home region), and
     * asserts the account's status, {@code expected}.
     */
    public AccountResult run(String checkId, Mode mode, List<Region> regions, AccountStatus expected) {
        AccountResult result = checker.check(CheckInputs.of(account.accountId(), mode, List.of(checkId), regions));
        assertThat(result.status()).as(result.toString()).isEqualTo(expected);
        return result;
    }

    /**
     * Runs the check {@code checkId} in remediate mode in the home region while EC2 refuses {@code action} (for
     * example {@code EnableSnapshotBlockPublicAccess}) as it refuses a read-only role; asserts that the check asked once
     * and that its result is an ERROR naming EC2's refusal and what remediate mode needs. Returns the result.
     */
    public CheckResult refusedEc2Fix(String checkId, String action) {
        FaultRule refused = moto.inject(ProxyTraffic.ec2Unauthorized(action, FaultRule.UNLIMITED));

        CheckResult result = run(checkId, Mode.REMEDIATE, List.of(), AccountStatus.FAILED).checks().get(0);

        assertThat(refused.hits()).isEqualTo(1);
        assertThat(result.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(result.detail()).startsWith("could not fix (")
                .contains("Ec2 UnauthorizedOperation: You are not authorized to perform this operation.", "administrator roles", "ec2:" + action);
        return result;
    }

    /** Runs the check {@code checkId} alone, as {@link #run(String, Mode)}, with other settings than the harness's. */
    public AccountResult run(String checkId, Mode mode, Map<String, String> settings) {
        AccountChecker withSettings = AccountChecker.builder(sts, clients, Region.EU_WEST_1).settings(Env.of(settings))
                .findings(findings).build();
        return withSettings.check(CheckInputs.of(account.accountId(), mode, List.of(checkId), List.of()));
    }

    /** The one result of an account that succeeded (COMPLIANT, NON_COMPLIANT or REMEDIATED, not ERROR). */
    public static CheckResult only(AccountResult result) {
        assertThat(result.status()).as(result.toString()).isEqualTo(AccountStatus.SUCCEEDED);
        assertThat(result.checks()).hasSize(1);
        return result.checks().get(0);
    }

    /** Every fix action of every check: none of them may appear in an audit. */
    public static List<String> fixActions() {
        return CheckRegistry.create().all().stream().flatMap(check -> check.fixActions().stream()).distinct().toList();
    }

    @Override
    public void close() {
        if (sts != null) {
            sts.close();
            account.close();
            sts = null;
        }
    }
}
