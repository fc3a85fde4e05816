package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.testing.CheckArrangement;
import com.auditremediation.checkaccount.testing.CheckFixtures;
import com.auditremediation.checkaccount.testing.CheckerHarness;
import com.auditremediation.checkaccount.testing.ProxyTraffic;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Mode;
import com.auditremediation.local.FaultRule;
import com.auditremediation.local.MotoExtension;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * moto always reports {@code AccountMFAEnabled} 0, cannot assign a virtual MFA device to the root user, and its
 * credential report has no root row: the proxy plays each of those.
 */
class RootHardwareMfaCheckTest implements CheckArrangement {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String ACCOUNT_ID = "111122223333";
    private static final String CHECK = "root-hardware-mfa";
    private static final String ROOT_DEVICE = "arn:aws:iam::" + ACCOUNT_ID + ":mfa/root-account-mfa-device";

    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID);

    /** MFA on (as root-account-hygiene arranges it) and no virtual device for root: a hardware one. */
    @Override
    public void arrangeCompliant(CheckFixtures.Fixture fixture) {
        new RootAccountHygieneCheckTest().arrangeCompliant(fixture);
    }

    /** moto's own answer: no MFA on the root user, and (no root row in the report) its credentials present. */
    @Override
    public void arrangeNonCompliant(CheckFixtures.Fixture fixture) {
    }

    /** The account summary, as root-account-hygiene reads it. */
    @Override
    public Object state(CheckFixtures.Fixture fixture) {
        return new RootAccountHygieneCheckTest().state(fixture);
    }

    @Test
    void mfaWithoutAVirtualRootDeviceIsCompliantWithoutTheReport() {
        arrangeCompliant(new CheckFixtures.Fixture(harness.account(), MOTO, List.of()));

        CheckResult result = CheckerHarness.only(harness.run(CHECK, Mode.AUDIT));

        assertThat(result).isEqualTo(CheckResult.compliant(CHECK, null));
        assertThat(harness.actions()).containsExactly("iam:GetAccountSummary", "iam:ListVirtualMFADevices");
    }

    @Test
    void aVirtualDeviceOnTheRootUserIsNonCompliantAndRemediateSaysWhoActs() {
        MOTO.inject(ProxyTraffic.accountSummary(1, 0));
        MOTO.inject(rootVirtualDevice());

        CheckResult audit = CheckerHarness.only(harness.run(CHECK, Mode.AUDIT));
        CheckResult remediate = CheckerHarness.only(harness.run(CHECK, Mode.REMEDIATE));

        assertThat(audit.status()).isEqualTo(CheckStatus.NON_COMPLIANT);
        assertThat(audit.before()).isEqualTo(Map.of("RootVirtualMfaDevices", List.of(ROOT_DEVICE)));
        assertThat(audit.detail()).isEqualTo("the root user's MFA is a virtual device: sign in as root to enrol a hardware one,"
                + " or remove root credentials centrally");
        assertThat(remediate.status()).isEqualTo(CheckStatus.NON_COMPLIANT);
        assertThat(remediate.detail()).startsWith("not fixed (audit only): the root user's MFA is a virtual device");
    }

    @Test
    void noMfaWithRootCredentialsPresentIsNonCompliant() {
        // AWS's root row: password_enabled is not_supported, which does not say the password is gone.
        MOTO.inject(IamUnusedCredentialsCheckTest.credentialReport(harness.account(), rows -> rows.add(0, rootRow("not_supported"))));

        CheckResult result = CheckerHarness.only(harness.run(CHECK, Mode.AUDIT));

        assertThat(result.status()).isEqualTo(CheckStatus.NON_COMPLIANT);
        assertThat(result.before()).isEqualTo(Map.of("AccountMFAEnabled", 0));
        assertThat(result.detail()).startsWith("the root user has no MFA device: sign in as root");
    }

    @Test
    void anAccountWhoseRootCredentialsWereRemovedPasses() {
        MOTO.inject(IamUnusedCredentialsCheckTest.credentialReport(harness.account(), rows -> rows.add(0, rootRow("false"))));

        CheckResult result = CheckerHarness.only(harness.run(CHECK, Mode.AUDIT));

        assertThat(result).isEqualTo(CheckResult.compliant(CHECK, null));
        assertThat(harness.actions()).containsOnly("iam:GetAccountSummary", "iam:GenerateCredentialReport", "iam:GetCredentialReport");
    }

    /** The root user's row with no access key, no certificate and no MFA; {@code passwordEnabled} as given. */
    private static Map<String, String> rootRow(String passwordEnabled) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("user", IamCredentialReport.ROOT_USER);
        row.put("arn", "arn:aws:iam::" + ACCOUNT_ID + ":root");
        row.put("password_enabled", passwordEnabled);
        row.put("mfa_active", "false");
        row.put("access_key_1_active", "false");
        row.put("access_key_2_active", "false");
        row.put("cert_1_active", "false");
        row.put("cert_2_active", "false");
        return row;
    }

    /** ListVirtualMFADevices answers one device, assigned to the root user, as IAM does. */
    private static FaultRule rootVirtualDevice() {
        return new FaultRule("iam:ListVirtualMFADevices root device", request -> "ListVirtualMFADevices".equals(request.form().get("Action")),
                FaultRule.UNLIMITED, 200, "text/xml",
                "<ListVirtualMFADevicesResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">\n  <ListVirtualMFADevicesResult>\n"
                        + "    <IsTruncated>false</IsTruncated>\n    <VirtualMFADevices>\n      <member>\n"
                        + "        <SerialNumber>" + ROOT_DEVICE + "</SerialNumber>\n"
                        + "        <User>\n          <Arn>arn:aws:iam::" + ACCOUNT_ID + ":root</Arn>\n          <UserId>" + ACCOUNT_ID + "</UserId>\n"
                        + "          <CreateDate>2020-01-01T00:00:00Z</CreateDate>\n        </User>\n"
                        + "        <EnableDate>2020-01-02T00:00:00Z</EnableDate>\n      </member>\n    </VirtualMFADevices>\n"
                        + "  </ListVirtualMFADevicesResult>\n  <ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata>\n"
                        + "</ListVirtualMFADevicesResponse>\n");
    }
}
