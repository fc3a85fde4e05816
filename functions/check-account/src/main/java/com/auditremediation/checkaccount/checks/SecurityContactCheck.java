package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.SettingCheck;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.account.AccountClient;
import software.amazon.awssdk.services.account.model.AlternateContact;
import software.amazon.awssdk.services.account.model.AlternateContactType;
import software.amazon.awssdk.services.account.model.ResourceNotFoundException;

/**
 * The account has a security alternate contact (Security Hub Account.1, CIS AWS Foundations Benchmark v3.0.0 1.2), so
 * that AWS can reach the people who handle security notices. Like Account.1, any security contact passes; its content
 * is not compared with ours.
 *
 * <p>The fix writes the contact from the template parameters SecurityContactName, SecurityContactEmail,
 * SecurityContactPhone and SecurityContactTitle (the function's SECURITY_CONTACT_* variables); PutAlternateContact
 * needs all four. When any of them is empty there is nothing to write: the result stays NON_COMPLIANT and names the
 * parameters that would let remediate mode fix it. An existing contact is never overwritten. The call leaves the
 * account id out, so it acts on the account whose role the function assumed, not through the management account.
 */
public final class SecurityContactCheck extends SettingCheck<AlternateContact> {

    static final String NAME = "SECURITY_CONTACT_NAME";
    static final String EMAIL = "SECURITY_CONTACT_EMAIL";
    static final String PHONE = "SECURITY_CONTACT_PHONE";
    static final String TITLE = "SECURITY_CONTACT_TITLE";

    private static final String SETTING = "SecurityContact";
    /** The state when the account has no security contact (GetAlternateContact answers ResourceNotFoundException). */
    private static final AlternateContact NONE = AlternateContact.builder().build();
    /** Each setting the fix writes, with the template parameter it comes from. */
    private static final Map<String, String> PARAMETERS = Map.of(NAME, "SecurityContactName", EMAIL, "SecurityContactEmail",
            PHONE, "SecurityContactPhone", TITLE, "SecurityContactTitle");

    public SecurityContactCheck() {
        super(CheckDescriptor.builder("security-contact")
                .title("The account has a security alternate contact")
                .controls("Account.1")
                .cis("1.2")
                .severity(Severity.MEDIUM)
                .reads("account:GetAlternateContact")
                .fixes("account:PutAlternateContact")
                .recommendation("Set the account's security contact (Account, Alternate contacts) to a team mailbox and phone;"
                        + " remediate mode does this when the SecurityContact* template parameters are set.")
                .build());
    }

    @Override
    protected AlternateContact read(CheckContext context, Region region) {
        try {
            return context.client(AccountClient.builder(), region)
                    .getAlternateContact(r -> r.alternateContactType(AlternateContactType.SECURITY)).alternateContact();
        } catch (ResourceNotFoundException e) {
            return NONE;
        }
    }

    @Override
    protected Map<String, Object> failing(AlternateContact contact) {
        return contact == NONE ? settings(contact) : Map.of();
    }

    /** Only the address: a name and a phone number add nothing a person needs in a report. */
    @Override
    protected Map<String, Object> settings(AlternateContact contact) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put(SETTING, contact == NONE ? "none" : contact.emailAddress());
        return settings;
    }

    @Override
    protected String problem(Map<String, Object> failing) {
        return "no security contact: AWS has no one to send security notices for this account to";
    }

    @Override
    protected String cannotFix(CheckContext context, AlternateContact contact) {
        List<String> missing = new ArrayList<>();
        for (String variable : List.of(NAME, EMAIL, PHONE, TITLE)) {
            if (context.setting(variable).isEmpty()) {
                missing.add(PARAMETERS.get(variable));
            }
        }
        return missing.isEmpty() ? null : "set the template parameters " + String.join(", ", missing)
                + " to let remediate mode write the contact";
    }

    @Override
    protected void fix(CheckContext context, Region region, AlternateContact contact) {
        context.client(AccountClient.builder(), region).putAlternateContact(r -> r
                .alternateContactType(AlternateContactType.SECURITY)
                .name(context.setting(NAME))
                .emailAddress(context.setting(EMAIL))
                .phoneNumber(context.setting(PHONE))
                .title(context.setting(TITLE)));
    }
}
