package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.testing.CheckArrangement;
import com.auditremediation.checkaccount.testing.CheckFixtures;
import com.auditremediation.checkaccount.testing.CheckerHarness;
import com.auditremediation.checkaccount.testing.FixableSettings;
import com.auditremediation.checkaccount.testing.MemberAccount;
import com.auditremediation.checkaccount.testing.ProxyTraffic;
import com.auditremediation.core.error.ErrorCode;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Mode;
import com.auditremediation.local.FaultRule;
import com.auditremediation.local.MotoExtension;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.account.AccountClient;
import software.amazon.awssdk.services.account.model.AlternateContact;
import software.amazon.awssdk.services.account.model.AlternateContactType;
import software.amazon.awssdk.services.account.model.ResourceNotFoundException;

import static org.assertj.core.api.Assertions.assertThat;

class SecurityContactCheckTest implements CheckArrangement {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String ACCOUNT_ID = "111122223333";
    private static final String CHECK = "security-contact";
    private static final String PUT_ALTERNATE_CONTACT = "POST /putAlternateContact";

    /** The template parameters that some fixes write: tests with other settings say so where they run the check. */
    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID, FixableSettings.ALL);

    @Override
    public void arrangeCompliant(CheckFixtures.Fixture fixture) {
        accountClient(fixture.account()).putAlternateContact(r -> r.alternateContactType(AlternateContactType.SECURITY)
                .name("Cloud Security").emailAddress("cloud-security@example.org").phoneNumber("+44 20 7946 0000").title("CSIRT"));
    }

    /** moto's own state, as in a new account: no security contact. */
    @Override
    public void arrangeNonCompliant(CheckFixtures.Fixture fixture) {
    }

    @Override
    public Object state(CheckFixtures.Fixture fixture) {
        AlternateContact contact = contact(fixture.account());
        return contact == null ? "none" : contact.toString();
    }

    @Test
    void anAccountWithoutASecurityContactIsNonCompliant() {
        CheckResult result = CheckerHarness.only(harness.run(CHECK, Mode.AUDIT, Map.of()));

        assertThat(result).isEqualTo(CheckResult.nonCompliant("security-contact", null,
                "no security contact: AWS has no one to send security notices for this account to",
                Map.of("SecurityContact", "none")));
        assertThat(harness.actions()).containsExactly("account:GetAlternateContact");
    }

    @Test
    void anyExistingSecurityContactIsCompliant() {
        arrangeCompliant(new CheckFixtures.Fixture(harness.account(), MOTO, List.of()));

        CheckResult audited = CheckerHarness.only(harness.run(CHECK, Mode.AUDIT));
        CheckResult remediated = CheckerHarness.only(harness.run(CHECK, Mode.REMEDIATE));

        assertThat(audited).isEqualTo(CheckResult.compliant("security-contact", null));
        assertThat(remediated).isEqualTo(audited);
        assertThat(contact(harness.account()).emailAddress()).as("never overwritten").isEqualTo("cloud-security@example.org");
        assertThat(harness.calls()).doesNotContain(PUT_ALTERNATE_CONTACT);
    }

    @Test
    void remediateWritesTheContactFromTheTemplateParametersAndTheSecondRunWritesNothing() {

        CheckResult first = CheckerHarness.only(harness.run(CHECK, Mode.REMEDIATE));
        int callsAfterFirst = harness.calls().size();
        CheckResult second = CheckerHarness.only(harness.run(CHECK, Mode.REMEDIATE));

        assertThat(first).isEqualTo(CheckResult.remediated("security-contact", null, "account:PutAlternateContact",
                Map.of("SecurityContact", "none"), Map.of("SecurityContact", "security@example.com")));
        AlternateContact written = contact(harness.account());
        assertThat(written.name()).isEqualTo("Security Operations");
        assertThat(written.emailAddress()).isEqualTo("security@example.com");
        assertThat(written.phoneNumber()).isEqualTo("+1-555-0100");
        assertThat(written.title()).isEqualTo("Security team");
        assertThat(second.status()).isEqualTo(CheckStatus.COMPLIANT);
        assertThat(harness.calls().subList(callsAfterFirst, harness.calls().size())).doesNotContain(PUT_ALTERNATE_CONTACT);
    }

    @Test
    void withoutEveryParameterRemediateWritesNothingAndNamesTheMissingParameters() {
        CheckResult result = CheckerHarness.only(harness.run(CHECK, Mode.REMEDIATE,
                Map.of("SECURITY_CONTACT_EMAIL", "security@example.com", "SECURITY_CONTACT_NAME", "  ")));

        assertThat(result.status()).isEqualTo(CheckStatus.NON_COMPLIANT);
        assertThat(result.detail()).isEqualTo("no security contact: AWS has no one to send security notices for this account to;"
                + " not fixed: set the template parameters SecurityContactName, SecurityContactPhone, SecurityContactTitle"
                + " to let remediate mode write the contact");
        assertThat(result.before()).isEqualTo(Map.of("SecurityContact", "none"));
        assertThat(harness.actions()).containsExactly("account:GetAlternateContact");
        assertThat(contact(harness.account())).isNull();
    }

    @Test
    void aRefusedFixIsAnErrorThatSaysWhyAndWritesNothing() {
        MOTO.inject(putAlternateContactDenied());

        AccountResult result = harness.run(CHECK, Mode.REMEDIATE);

        assertThat(result.status()).isEqualTo(AccountStatus.FAILED);
        assertThat(result.errorCode()).isEqualTo(ErrorCode.CHECK_FAILED);
        CheckResult check = result.checks().get(0);
        assertThat(check.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(check.detail()).startsWith("could not fix (no security contact")
                .contains("AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/aws-controltower-ReadOnlyExecutionRole")
                .endsWith("with account:PutAlternateContact");
        assertThat(contact(harness.account())).isNull();
    }

    /** The Account Management API (REST-JSON) refusing PutAlternateContact, as it does for the read-only role. */
    static FaultRule putAlternateContactDenied() {
        return new FaultRule("account:PutAlternateContact denied", request -> PUT_ALTERNATE_CONTACT.equals(ProxyTraffic.name(request)),
                FaultRule.UNLIMITED, 403, "application/json",
                "{\"__type\":\"AccessDeniedException\",\"message\":\"User: arn:aws:sts::111122223333:assumed-role/"
                        + "aws-controltower-ReadOnlyExecutionRole/s is not authorized to perform: account:PutAlternateContact"
                        + " on resource: arn:aws:account::111122223333:account (request " + UUID.randomUUID() + ")\"}");
    }

    private static AccountClient accountClient(MemberAccount account) {
        return account.client(AccountClient.builder());
    }

    /** The security contact as moto holds it, or null. */
    private static AlternateContact contact(MemberAccount account) {
        try {
            return accountClient(account).getAlternateContact(r -> r.alternateContactType(AlternateContactType.SECURITY)).alternateContact();
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }
}
