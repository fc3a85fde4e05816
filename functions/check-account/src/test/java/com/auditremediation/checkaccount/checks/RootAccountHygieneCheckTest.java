package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.run.AccountChecker;
import com.auditremediation.checkaccount.testing.CheckArrangement;
import com.auditremediation.checkaccount.testing.CheckFixtures;
import com.auditremediation.checkaccount.testing.CheckInputs;
import com.auditremediation.checkaccount.testing.MemberAccount;
import com.auditremediation.checkaccount.testing.ProxyTraffic;
import com.auditremediation.checkaccount.testing.RecordingAccountClients;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Mode;
import com.auditremediation.local.LocalClients;
import com.auditremediation.local.MotoExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

import static org.assertj.core.api.Assertions.assertThat;

class RootAccountHygieneCheckTest implements CheckArrangement {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String ACCOUNT_ID = "111122223333";
    private static final List<String> CHECK = List.of("root-account-hygiene");

    private final List<String> calls = ProxyTraffic.newLog();
    private StsClient sts;
    private AccountChecker checker;

    /** moto always reports the root user without MFA: the proxy plays an account whose root user has it. */
    @Override
    public void arrangeCompliant(CheckFixtures.Fixture fixture) {
        fixture.moto().inject(ProxyTraffic.accountSummary(1, 0));
    }

    /** moto's own answer: no MFA on the root user. */
    @Override
    public void arrangeNonCompliant(CheckFixtures.Fixture fixture) {
    }

    @Override
    public Object state(CheckFixtures.Fixture fixture) {
        return new java.util.TreeMap<>(fixture.account().iam().getAccountSummary().summaryMapAsStrings());
    }

    @BeforeEach
    void setUp() {
        MOTO.inject(ProxyTraffic.recordCalls(calls));
        sts = LocalClients.build(StsClient.builder(), MOTO.proxyEndpoint(), Region.EU_WEST_1);
        checker = AccountChecker.builder(sts, new RecordingAccountClients(MOTO.proxyEndpoint()), Region.EU_WEST_1).build();
    }

    @AfterEach
    void tearDown() {
        sts.close();
    }

    @Test
    void motoReportsTheRootUserWithoutMfaSoTheCheckIsNonCompliantThere() {
        try (MemberAccount account = MemberAccount.of(ACCOUNT_ID, MOTO.endpoint(), Region.EU_WEST_1)) {
            Map<String, Integer> summary = account.iam().getAccountSummary().summaryMapAsStrings();
            assertThat(summary).containsEntry("AccountMFAEnabled", 0).containsEntry("AccountAccessKeysPresent", 0);
        }

        CheckResult result = run(Mode.AUDIT);

        assertThat(result.status()).isEqualTo(CheckStatus.NON_COMPLIANT);
        assertThat(result.before()).isEqualTo(Map.of("AccountMFAEnabled", 0));
        assertThat(result.detail()).isEqualTo("a person must enable MFA on the root user (sign in as the root user of 111122223333,"
                + " Security credentials), or delete the root credentials from the management account with Organizations'"
                + " centralized root access");
    }

    @Test
    void mfaAndNoAccessKeysIsCompliant() {
        MOTO.inject(ProxyTraffic.accountSummary(1, 0));

        CheckResult result = run(Mode.AUDIT);

        assertThat(result).isEqualTo(CheckResult.compliant("root-account-hygiene", null));
    }

    @Test
    void rootAccessKeysAreNonCompliant() {
        MOTO.inject(ProxyTraffic.accountSummary(1, 1));

        CheckResult result = run(Mode.AUDIT);

        assertThat(result.status()).isEqualTo(CheckStatus.NON_COMPLIANT);
        assertThat(result.before()).isEqualTo(Map.of("AccountAccessKeysPresent", 1));
        assertThat(result.detail()).startsWith("a person must delete the root user's access keys");
    }

    @Test
    void remediateModeChangesNothingAndSaysWhatAPersonMustDo() {
        MOTO.inject(ProxyTraffic.accountSummary(0, 1));

        CheckResult result = run(Mode.REMEDIATE);

        assertThat(result.status()).isEqualTo(CheckStatus.NON_COMPLIANT);
        assertThat(result.detail()).startsWith("not fixed: no API can do this for the root user; a person must enable MFA"
                + " on the root user and delete the root user's access keys");
        assertThat(result.before()).containsExactly(Map.entry("AccountMFAEnabled", 0), Map.entry("AccountAccessKeysPresent", 1));
        assertThat(result.after()).isNull();
        assertThat(calls).containsExactly("AssumeRole", "GetAccountSummary");
    }

    private CheckResult run(Mode mode) {
        AccountResult result = checker.check(CheckInputs.of(ACCOUNT_ID, mode, CHECK, List.of()));
        assertThat(result.status()).isEqualTo(AccountStatus.SUCCEEDED);
        return result.checks().get(0);
    }
}
