package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.testing.CheckArrangement;
import com.auditremediation.checkaccount.testing.CheckFixtures;
import com.auditremediation.checkaccount.testing.CheckerHarness;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Mode;
import com.auditremediation.local.MotoExtension;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

import static org.assertj.core.api.Assertions.assertThat;

class IamConsoleUserMfaCheckTest implements CheckArrangement {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String ACCOUNT_ID = "111122223333";
    private static final String CHECK = "iam-console-user-mfa";
    private static final String PASSWORD = "Corr3ct-Horse-Battery-Staple!";

    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID);
    private IamClient iam;

    /** A console user with a virtual MFA device, and a user without a password (API only), who needs none. */
    @Override
    public void arrangeCompliant(CheckFixtures.Fixture fixture) {
        IamClient iam = fixture.account().iam();
        consoleUser(iam, "mfa-user");
        enrolMfa(iam, "mfa-user");
        iam.createUser(r -> r.userName("api-only-user"));
    }

    @Override
    public void arrangeNonCompliant(CheckFixtures.Fixture fixture) {
        consoleUser(fixture.account().iam(), "console-user");
    }

    /** Every user, with whether it has a console password and how many MFA devices. */
    @Override
    public Object state(CheckFixtures.Fixture fixture) {
        IamClient iam = fixture.account().iam();
        Map<String, String> users = new TreeMap<>();
        iam.listUsersPaginator().users().forEach(user -> users.put(user.userName(), "password=" + hasPassword(iam, user.userName())
                + ", mfa=" + iam.listMFADevices(r -> r.userName(user.userName())).mfaDevices().size()));
        return users;
    }

    @BeforeEach
    void setUp() {
        iam = harness.account().iam();
    }

    @Test
    void consoleUsersWithMfaAndUsersWithoutAPasswordAreCompliant() {
        arrangeCompliant(new CheckFixtures.Fixture(harness.account(), MOTO, List.of()));

        CheckResult result = CheckerHarness.only(harness.run(CHECK, Mode.AUDIT));

        assertThat(result).isEqualTo(CheckResult.compliant("iam-console-user-mfa", null));
        assertThat(harness.actions()).containsExactlyInAnyOrder("iam:ListUsers", "iam:GetLoginProfile", "iam:ListMFADevices", "iam:GetLoginProfile");
    }

    @Test
    void aConsoleUserWithoutMfaIsNonCompliantAndNamed() {
        consoleUser(iam, "ivan");
        consoleUser(iam, "judy");
        enrolMfa(iam, "judy");

        CheckResult result = CheckerHarness.only(harness.run(CHECK, Mode.AUDIT));

        assertThat(result).isEqualTo(CheckResult.nonCompliant("iam-console-user-mfa", null,
                "1 IAM user with a console password and no MFA device: each must enrol one (IAM, Users, Security credentials),"
                        + " or remove the password", Map.of("ConsoleUsersWithoutMfa", List.of("ivan"))));
    }

    @Test
    void remediateModeChangesNothingAndSaysWhatAPersonMustDo() {
        arrangeNonCompliant(new CheckFixtures.Fixture(harness.account(), MOTO, List.of()));
        Object before = state(new CheckFixtures.Fixture(harness.account(), MOTO, List.of()));

        CheckResult result = CheckerHarness.only(harness.run(CHECK, Mode.REMEDIATE));

        assertThat(result.status()).isEqualTo(CheckStatus.NON_COMPLIANT);
        assertThat(result.detail()).startsWith("not fixed: no API can enrol an MFA device for a person; 1 IAM user with a console password");
        assertThat(result.after()).isNull();
        assertThat(state(new CheckFixtures.Fixture(harness.account(), MOTO, List.of()))).isEqualTo(before);
        assertThat(harness.actions()).containsOnly("iam:ListUsers", "iam:GetLoginProfile", "iam:ListMFADevices");
    }

    @Test
    void manyUsersAreListedUpToTenThenCounted() {
        for (int i = 10; i < 22; i++) {
            consoleUser(iam, "user-" + i);
        }

        CheckResult result = CheckerHarness.only(harness.run(CHECK, Mode.AUDIT));

        assertThat(result.detail()).startsWith("12 IAM users with a console password and no MFA device");
        assertThat(result.before().get("ConsoleUsersWithoutMfa")).asList().hasSize(11).startsWith("user-10").endsWith("and 2 more");
    }

    private static void consoleUser(IamClient iam, String name) {
        iam.createUser(r -> r.userName(name));
        iam.createLoginProfile(r -> r.userName(name).password(PASSWORD));
    }

    private static void enrolMfa(IamClient iam, String name) {
        String serial = iam.createVirtualMFADevice(r -> r.virtualMFADeviceName(name)).virtualMFADevice().serialNumber();
        iam.enableMFADevice(r -> r.userName(name).serialNumber(serial).authenticationCode1("123456").authenticationCode2("654321"));
    }

    private static boolean hasPassword(IamClient iam, String name) {
        try {
            iam.getLoginProfile(r -> r.userName(name));
            return true;
        } catch (NoSuchEntityException e) {
            return false;
        }
    }
}
