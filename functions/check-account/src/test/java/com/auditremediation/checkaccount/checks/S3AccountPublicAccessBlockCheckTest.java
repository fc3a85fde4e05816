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
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3control.model.NoSuchPublicAccessBlockConfigurationException;
import software.amazon.awssdk.services.s3control.model.PublicAccessBlockConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3AccountPublicAccessBlockCheckTest implements CheckArrangement {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String ACCOUNT_ID = "111122223333";
    private static final String OTHER_ACCOUNT_ID = "444455556666";
    private static final List<String> CHECK = List.of("s3-account-public-access-block");

    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID);

    @Override
    public void arrangeCompliant(CheckFixtures.Fixture fixture) {
        fixture.account().putPublicAccessBlock(true, true, true, true);
    }

    @Override
    public void arrangeNonCompliant(CheckFixtures.Fixture fixture) {
        fixture.account().putPublicAccessBlock(true, true, false, true);
    }

    @Override
    public Object state(CheckFixtures.Fixture fixture) {
        MemberAccount account = fixture.account();
        try {
            return account.s3control().getPublicAccessBlock(r -> r.accountId(account.accountId())).publicAccessBlockConfiguration().toString();
        } catch (NoSuchPublicAccessBlockConfigurationException e) {
            return "none";
        }
    }

    @Test
    void anAccountWithoutAConfigurationIsNonCompliant() {
        // moto, like S3, answers NoSuchPublicAccessBlockConfiguration until the account sets one.
        assertThatThrownBy(() -> harness.account().s3control().getPublicAccessBlock(r -> r.accountId(ACCOUNT_ID)))
                .isInstanceOf(NoSuchPublicAccessBlockConfigurationException.class);

        CheckResult result = run(Mode.AUDIT);

        assertThat(result.status()).isEqualTo(CheckStatus.NON_COMPLIANT);
        assertThat(result.detail()).startsWith("no account-level S3 Block Public Access");
        assertThat(result.before()).isEqualTo(Map.of("PublicAccessBlockConfiguration", "none"));
    }

    @Test
    void allFourSettingsOnIsCompliant() {
        harness.account().putPublicAccessBlock(true, true, true, true);

        CheckResult result = run(Mode.AUDIT);

        assertThat(result).isEqualTo(CheckResult.compliant("s3-account-public-access-block", null));
    }

    @Test
    void aSettingOffIsNonCompliantNamingIt() {
        harness.account().putPublicAccessBlock(true, false, true, false);

        CheckResult result = run(Mode.AUDIT);

        assertThat(result.status()).isEqualTo(CheckStatus.NON_COMPLIANT);
        assertThat(result.detail()).isEqualTo("account-level S3 Block Public Access off: IgnorePublicAcls, RestrictPublicBuckets");
        assertThat(result.before()).containsExactly(Map.entry("IgnorePublicAcls", false), Map.entry("RestrictPublicBuckets", false));
        assertThat(harness.calls()).doesNotContain(ProxyTraffic.PUT_PUBLIC_ACCESS_BLOCK);
    }

    @Test
    void remediationTurnsAllFourOnInThatAccountOnly() {
        harness.account().putPublicAccessBlock(true, false, false, true);

        CheckResult result = run(Mode.REMEDIATE);
        CheckResult reaudit = run(Mode.AUDIT);

        assertThat(result.status()).isEqualTo(CheckStatus.REMEDIATED);
        assertThat(result.detail()).isEqualTo("s3:PutAccountPublicAccessBlock");
        assertThat(result.before()).containsExactly(Map.entry("IgnorePublicAcls", false), Map.entry("BlockPublicPolicy", false));
        assertThat(result.after()).containsExactly(Map.entry("IgnorePublicAcls", true), Map.entry("BlockPublicPolicy", true));
        assertThat(harness.account().s3control().getPublicAccessBlock(r -> r.accountId(ACCOUNT_ID)).publicAccessBlockConfiguration())
                .isEqualTo(PublicAccessBlockConfiguration.builder().blockPublicAcls(true).ignorePublicAcls(true)
                        .blockPublicPolicy(true).restrictPublicBuckets(true).build());
        assertThat(reaudit.status()).isEqualTo(CheckStatus.COMPLIANT);
        // moto keeps S3 Control state per account: the credentials assumed in 111122223333 changed only that account.
        try (MemberAccount other = MemberAccount.of(OTHER_ACCOUNT_ID, MOTO.endpoint(), Region.EU_WEST_1)) {
            assertThatThrownBy(() -> other.s3control().getPublicAccessBlock(r -> r.accountId(OTHER_ACCOUNT_ID)))
                    .isInstanceOf(NoSuchPublicAccessBlockConfigurationException.class);
        }
    }

    @Test
    void remediationCreatesTheConfigurationWhereThereIsNone() {
        CheckResult result = run(Mode.REMEDIATE);

        assertThat(result.status()).isEqualTo(CheckStatus.REMEDIATED);
        assertThat(result.before()).isEqualTo(Map.of("PublicAccessBlockConfiguration", "none"));
        assertThat(result.after()).isEqualTo(Map.of("BlockPublicAcls", true, "IgnorePublicAcls", true,
                "BlockPublicPolicy", true, "RestrictPublicBuckets", true));
        assertThat(harness.calls()).containsOnlyOnce(ProxyTraffic.PUT_PUBLIC_ACCESS_BLOCK);
    }

    @Test
    void aRefusedFixIsAnError() {
        MOTO.inject(ProxyTraffic.s3ControlAccessDenied());

        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, CHECK, List.of()));

        assertThat(result.status()).isEqualTo(AccountStatus.FAILED);
        assertThat(result.checks()).singleElement().satisfies(check -> {
            assertThat(check.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(check.detail()).contains("S3Control AccessDenied: Access Denied", "s3:PutAccountPublicAccessBlock",
                    "administrator roles");
        });
    }

    private CheckResult run(Mode mode) {
        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, mode, CHECK, List.of()));
        assertThat(result.status()).as(result.toString()).isEqualTo(AccountStatus.SUCCEEDED);
        return result.checks().get(0);
    }
}
