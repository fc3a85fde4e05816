package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.testing.CheckArrangement;
import com.auditremediation.checkaccount.testing.CheckFixtures;
import com.auditremediation.checkaccount.testing.CheckInputs;
import com.auditremediation.checkaccount.testing.CheckerHarness;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Mode;
import com.auditremediation.local.MotoExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * moto dates every key "now" and has no API to age one, so an old key is played by the proxy: the credential report
 * (moto's own, with the key's {@code last_rotated} moved back) and ListAccessKeys for that user.
 */
class IamAccessKeyRotationCheckTest implements CheckArrangement {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String ACCOUNT_ID = "111122223333";
    private static final String CHECK = "iam-access-key-rotation";
    private static final Instant LONG_AGO = Instant.now().minus(Duration.ofDays(120)).truncatedTo(ChronoUnit.SECONDS);

    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID);

    /** One new key per user. */
    @Override
    public void arrangeCompliant(CheckFixtures.Fixture fixture) {
        fixture.account().iam().createUser(r -> r.userName("one-key-user"));
        fixture.account().iam().createAccessKey(r -> r.userName("one-key-user"));
    }

    /** A user with two active keys: moto holds that without help from the proxy. */
    @Override
    public void arrangeNonCompliant(CheckFixtures.Fixture fixture) {
        IamClient iam = fixture.account().iam();
        iam.createUser(r -> r.userName("two-keys-user"));
        iam.createAccessKey(r -> r.userName("two-keys-user"));
        iam.createAccessKey(r -> r.userName("two-keys-user"));
    }

    /** Every user's access keys with their status, as for iam-unused-credentials. */
    @Override
    public Object state(CheckFixtures.Fixture fixture) {
        return new IamUnusedCredentialsCheckTest().state(fixture);
    }

    @Test
    void oneRecentKeyPerUserIsCompliantAndReadsOnlyTheReport() {
        arrangeCompliant(fixture());

        CheckResult result = CheckerHarness.only(harness.run(CHECK, Mode.AUDIT));

        assertThat(result).isEqualTo(CheckResult.compliant(CHECK, null));
        // moto answers the first GenerateCredentialReport STARTED, as IAM does for an account without a recent report.
        assertThat(harness.actions()).containsOnly("iam:GenerateCredentialReport", "iam:GetCredentialReport");
    }

    @Test
    void aKeyOlderThan90DaysIsNonCompliantAndRemediateSaysWhoRotatesIt() {
        AccessKey key = oldKey("build-bot");

        CheckResult audit = CheckerHarness.only(harness.run(CHECK, Mode.AUDIT));
        MOTO.inject(IamUnusedCredentialsCheckTest.listAccessKeys("build-bot", key.accessKeyId(), LONG_AGO));
        CheckResult remediate = CheckerHarness.only(harness.run(CHECK, Mode.REMEDIATE));

        assertThat(audit.status()).isEqualTo(CheckStatus.NON_COMPLIANT);
        assertThat(audit.before()).isEqualTo(Map.of(IamAccessKeyRotationCheck.NOT_ROTATED,
                List.of("build-bot/" + key.accessKeyId() + " (created " + LONG_AGO.toString().substring(0, 10) + ")")));
        assertThat(audit.detail()).isEqualTo("1 active access key older than 90 days (IAM.3): each key's owner rotates it (new key, move the application,"
                + " delete the old key)");
        assertThat(remediate.status()).isEqualTo(CheckStatus.NON_COMPLIANT);
        assertThat(remediate.detail()).startsWith("not fixed (audit only): 1 active access key older than 90 days");
        assertThat(harness.actions()).containsOnly("iam:GenerateCredentialReport", "iam:GetCredentialReport", "iam:ListAccessKeys");
    }

    @Test
    void twoActiveKeysAreNonCompliantWithoutAnyOldDate() {
        arrangeNonCompliant(fixture());

        CheckResult result = CheckerHarness.only(harness.run(CHECK, Mode.AUDIT));

        assertThat(result.status()).isEqualTo(CheckStatus.NON_COMPLIANT);
        assertThat(result.before()).isEqualTo(Map.of(IamAccessKeyRotationCheck.TWO_ACTIVE, List.of("two-keys-user")));
        assertThat(result.detail()).startsWith("1 user with two active access keys (CIS 1.13): each key's owner rotates it");
    }

    @Test
    void aKeyRotatedSinceTheReportIsNotReported() {
        harness.account().iam().createUser(r -> r.userName("rotated"));
        harness.account().iam().createAccessKey(r -> r.userName("rotated"));
        // The report (up to four hours old) still shows the old key; ListAccessKeys (moto: created now) does not.
        MOTO.inject(IamUnusedCredentialsCheckTest.credentialReport(harness.account(),
                rows -> IamUnusedCredentialsCheckTest.row(rows, "rotated").put("access_key_1_last_rotated", IamUnusedCredentialsCheckTest.iso(LONG_AGO))));

        CheckResult result = CheckerHarness.only(harness.run(CHECK, Mode.AUDIT));

        assertThat(result.status()).isEqualTo(CheckStatus.COMPLIANT);
    }

    @Test
    void theCredentialReportIsReadOnceForTheChecksThatShareIt() {
        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT,
                List.of("iam-unused-credentials", CHECK), List.of()));

        assertThat(result.checks()).extracting(CheckResult::status).containsOnly(CheckStatus.COMPLIANT);
        assertThat(harness.actions()).containsOnly("iam:GenerateCredentialReport", "iam:GetCredentialReport")
                .filteredOn("iam:GetCredentialReport"::equals).hasSize(1);
    }

    private CheckFixtures.Fixture fixture() {
        return new CheckFixtures.Fixture(harness.account(), MOTO, List.of());
    }

    /** A user whose only key was, by the report and ListAccessKeys (once), created 120 days ago. */
    private AccessKey oldKey(String user) {
        harness.account().iam().createUser(r -> r.userName(user));
        AccessKey key = harness.account().iam().createAccessKey(r -> r.userName(user)).accessKey();
        MOTO.inject(IamUnusedCredentialsCheckTest.credentialReport(harness.account(),
                rows -> IamUnusedCredentialsCheckTest.row(rows, user).put("access_key_1_last_rotated", IamUnusedCredentialsCheckTest.iso(LONG_AGO))));
        MOTO.inject(IamUnusedCredentialsCheckTest.listAccessKeys(user, key.accessKeyId(), LONG_AGO));
        return key;
    }
}
