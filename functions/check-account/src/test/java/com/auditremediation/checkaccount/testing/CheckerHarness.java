package com.auditremediation.checkaccount.testing;

import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.checks.CheckRegistry;
import com.auditremediation.checkaccount.findings.FindingsExporter;
import com.auditremediation.checkaccount.run.AccountChecker;
import com.auditremediation.checkaccount.session.AssumedSession;
import com.auditremediation.core.Env;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.Mode;
import com.auditremediation.local.LocalClients;
import com.auditremediation.local.MotoExtension;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the check tests share: every call through moto's proxy recorded in {@link #calls}, an {@link AccountChecker}
 * whose STS and member-account clients go through that proxy (so faults can be injected), every member-account call
 * as the IAM action it needs ({@link #actions()}), and the member account {@code accountId} set up in moto directly.
 */
public final class CheckerHarness implements AutoCloseable {

    public final List<String> calls = ProxyTraffic.newLog();
    public final AccountChecker checker;
    public final MemberAccount account;
    public final RecordingAccountClients clients;
    private final StsClient sts;

    public CheckerHarness(MotoExtension moto, String accountId) {
        this(moto, accountId, Map.of());
    }

    /** {@code settings}: the function's environment as the checks see it (CheckContext.setting). */
    public CheckerHarness(MotoExtension moto, String accountId, Map<String, String> settings) {
        this(moto, accountId, settings, FindingsExporter.disabled());
    }

    /** {@code findings}: what the checker does with the results afterwards (Security Hub export, or nothing). */
    public CheckerHarness(MotoExtension moto, String accountId, Map<String, String> settings, FindingsExporter findings) {
        moto.inject(ProxyTraffic.recordCalls(calls));
        sts = LocalClients.build(StsClient.builder(), moto.proxyEndpoint(), Region.EU_WEST_1);
        clients = new RecordingAccountClients(moto.proxyEndpoint());
        checker = AccountChecker.builder(sts, clients, Region.EU_WEST_1).settings(Env.of(settings)).findings(findings).build();
        account = MemberAccount.of(accountId, moto.endpoint(), Region.EU_WEST_1);
    }

    /** A check context in {@code accountId} as the checker builds it (home region eu-west-1), for calling a service directly. */
    public CheckContext context(String accountId, Mode mode, List<Region> regions) {
        String roleArn = "arn:aws:iam::" + accountId + ":role/" + CheckInputs.ROLE;
        AssumedSession session = new AssumedSession(roleArn, "harness", sts.assumeRole(r -> r.roleArn(roleArn)
                .roleSessionName("harness")).credentials());
        return new CheckContext(accountId, CheckInputs.ROLE, session, "aws", mode, Region.EU_WEST_1, regions, clients, Env.of(Map.of()));
    }

    /** The member-account calls so far, as IAM actions ({@code iam:GetAccountPasswordPolicy}). */
    public List<String> actions() {
        return clients.actions();
    }

    /** Runs the check {@code checkId} alone in the harness's account, in its home region. */
    public AccountResult run(String checkId, Mode mode) {
        return checker.check(CheckInputs.of(account.accountId(), mode, List.of(checkId), List.of()));
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
        sts.close();
        account.close();
    }
}
