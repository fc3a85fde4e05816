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
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PasswordPolicy;

/**
 * The account password policy for IAM users meets this baseline:
 *
 * <ul>
 *   <li>{@code MinimumPasswordLength} 14 or more (CIS AWS Foundations Benchmark v3.0.0 1.8, Security Hub IAM.15);</li>
 *   <li>{@code PasswordReusePrevention} 24, the most IAM allows (CIS v3.0.0 1.9, Security Hub IAM.16);</li>
 *   <li>upper case, lower case, a number and a symbol required (CIS v1.2.0 1.5 to 1.8, Security Hub IAM.11 to
 *   IAM.14; CIS v3.0.0 no longer asks for them, the issue does).</li>
 * </ul>
 *
 * Expiry is not part of the baseline: only CIS v1.2.0 (1.11, Security Hub IAM.17) asked for MaxPasswordAge of 90
 * days or less; CIS v1.4.0 and later dropped it, in line with NIST SP 800-63B. An expiry already set is kept.
 *
 * <p>UpdateAccountPasswordPolicy replaces the whole policy (a field left out goes back to its default), so the fix
 * sends every field: the stricter of the baseline and what is there, and the current values of the fields the
 * baseline does not cover (expiry, hard expiry, whether users may change their own password). Without a policy,
 * users may change their own password, as the IAM console proposes.
 */
public final class IamPasswordPolicyCheck extends SettingCheck<PasswordPolicy> {

    static final int MINIMUM_PASSWORD_LENGTH = 14;
    static final int PASSWORD_REUSE_PREVENTION = 24;

    /** The state when the account has no password policy (GetAccountPasswordPolicy answers NoSuchEntity). */
    private static final PasswordPolicy NONE = PasswordPolicy.builder().build();

    public IamPasswordPolicyCheck() {
        super(CheckDescriptor.builder("iam-password-policy")
                .title("The IAM password policy requires 14 or more characters, all four character classes and remembers 24 passwords")
                .controls("IAM.7", "IAM.11", "IAM.12", "IAM.13", "IAM.14", "IAM.15", "IAM.16")
                .cis("1.8", "1.9")
                .severity(Severity.MEDIUM)
                .reads("iam:GetAccountPasswordPolicy")
                .fixes("iam:UpdateAccountPasswordPolicy")
                .recommendation("Set the account password policy to 14 or more characters, upper and lower case, numbers and"
                        + " symbols, and 24 remembered passwords (remediate mode does this, keeping stricter values).")
                .build());
    }

    @Override
    protected PasswordPolicy read(CheckContext context, Region region) {
        try {
            return context.client(IamClient.builder(), region).getAccountPasswordPolicy().passwordPolicy();
        } catch (NoSuchEntityException e) {
            return NONE;
        }
    }

    @Override
    protected Map<String, Object> failing(PasswordPolicy policy) {
        Map<String, Object> failing = new LinkedHashMap<>();
        if (policy == NONE) {
            failing.put("PasswordPolicy", "none");
            return failing;
        }
        int length = valueOf(policy.minimumPasswordLength());
        if (length < MINIMUM_PASSWORD_LENGTH) {
            failing.put("MinimumPasswordLength", length);
        }
        int reuse = valueOf(policy.passwordReusePrevention());
        if (reuse < PASSWORD_REUSE_PREVENTION) {
            failing.put("PasswordReusePrevention", reuse);
        }
        putIfOff(failing, "RequireUppercaseCharacters", policy.requireUppercaseCharacters());
        putIfOff(failing, "RequireLowercaseCharacters", policy.requireLowercaseCharacters());
        putIfOff(failing, "RequireNumbers", policy.requireNumbers());
        putIfOff(failing, "RequireSymbols", policy.requireSymbols());
        return failing;
    }

    @Override
    protected Map<String, Object> settings(PasswordPolicy policy) {
        Map<String, Object> settings = new LinkedHashMap<>();
        if (policy == NONE) {
            settings.put("PasswordPolicy", "none");
            return settings;
        }
        settings.put("MinimumPasswordLength", valueOf(policy.minimumPasswordLength()));
        settings.put("PasswordReusePrevention", valueOf(policy.passwordReusePrevention()));
        settings.put("RequireUppercaseCharacters", Boolean.TRUE.equals(policy.requireUppercaseCharacters()));
        settings.put("RequireLowercaseCharacters", Boolean.TRUE.equals(policy.requireLowercaseCharacters()));
        settings.put("RequireNumbers", Boolean.TRUE.equals(policy.requireNumbers()));
        settings.put("RequireSymbols", Boolean.TRUE.equals(policy.requireSymbols()));
        return settings;
    }

    @Override
    protected String problem(Map<String, Object> failing) {
        if (failing.containsKey("PasswordPolicy")) {
            return "no password policy: IAM's default asks for 8 characters and prevents no reuse; set one to the baseline";
        }
        List<String> parts = new ArrayList<>();
        if (failing.containsKey("MinimumPasswordLength")) {
            parts.add("MinimumPasswordLength " + failing.get("MinimumPasswordLength") + " (needs " + MINIMUM_PASSWORD_LENGTH + " or more)");
        }
        if (failing.containsKey("PasswordReusePrevention")) {
            parts.add("PasswordReusePrevention " + failing.get("PasswordReusePrevention") + " (needs " + PASSWORD_REUSE_PREVENTION + ")");
        }
        List<String> classes = failing.keySet().stream().filter(name -> name.startsWith("Require")).toList();
        if (!classes.isEmpty()) {
            parts.add(String.join(", ", classes) + " off");
        }
        return "password policy below the baseline: " + String.join("; ", parts);
    }

    @Override
    protected void fix(CheckContext context, Region region, PasswordPolicy current) {
        boolean none = current == NONE;
        Integer maxAge = Boolean.TRUE.equals(current.expirePasswords()) && valueOf(current.maxPasswordAge()) > 0
                ? current.maxPasswordAge() : null;
        context.client(IamClient.builder(), region).updateAccountPasswordPolicy(r -> r
                .minimumPasswordLength(Math.max(valueOf(current.minimumPasswordLength()), MINIMUM_PASSWORD_LENGTH))
                .passwordReusePrevention(Math.max(valueOf(current.passwordReusePrevention()), PASSWORD_REUSE_PREVENTION))
                .requireUppercaseCharacters(true)
                .requireLowercaseCharacters(true)
                .requireNumbers(true)
                .requireSymbols(true)
                .allowUsersToChangePassword(none || Boolean.TRUE.equals(current.allowUsersToChangePassword()))
                .maxPasswordAge(maxAge)
                .hardExpiry(Boolean.TRUE.equals(current.hardExpiry())));
    }

    private static void putIfOff(Map<String, Object> failing, String name, Boolean value) {
        if (!Boolean.TRUE.equals(value)) {
            failing.put(name, false);
        }
    }

    private static int valueOf(Integer value) {
        return value == null ? 0 : value;
    }
}
