package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.SettingCheck;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.macie2.Macie2Client;
import software.amazon.awssdk.services.macie2.model.AccessDeniedException;

/**
 * Amazon Macie is enabled in each region swept (Security Hub Macie.1, MEDIUM, "Amazon Macie should be enabled";
 * https://docs.aws.amazon.com/securityhub/latest/userguide/macie-controls.html#macie-1): {@code GetMacieSession}
 * answers status {@code ENABLED}. A {@code PAUSED} session does not count. Where Macie was never enabled, or was
 * disabled, AWS answers {@code AccessDeniedException} with the message "Macie is not enabled" (the Macie API
 * reference's error for an account without a session); any other refusal (the role lacks
 * {@code macie2:GetMacieSession}) stays an error.
 *
 * <p>Audit only: in an organisation Macie is enabled for members by its delegated administrator (Macie console,
 * Accounts; or automatic enablement), and it is billed per bucket and per GB inspected, a choice that is the
 * organisation's, not the member's. Remediate mode reports the same finding.
 */
public final class MacieEnabledCheck extends SettingCheck<String> {

    private static final String NOT_ENABLED = "not enabled";

    public MacieEnabledCheck() {
        super(CheckDescriptor.builder("macie-enabled")
                .title("Amazon Macie is enabled in each region swept")
                .controls("Macie.1")
                .severity(Severity.MEDIUM)
                .regional()
                .reads("macie2:GetMacieSession")
                .recommendation("From Amazon Macie's delegated administrator (usually the Audit account), enable Macie for this"
                        + " account in every region in use, or turn on automatic enablement for members (Macie console,"
                        + " Accounts); without a delegated administrator, the account's owner enables it. Macie is billed per"
                        + " bucket and data inspected.")
                .build());
    }

    /** The session's status ({@code ENABLED}, {@code PAUSED}), or "not enabled". */
    @Override
    protected String read(CheckContext context, Region region) {
        Macie2Client macie = context.client(Macie2Client.builder(), region);
        try {
            return macie.getMacieSession(r -> { }).statusAsString();
        } catch (AccessDeniedException e) {
            if (e.getMessage() != null && e.getMessage().contains("Macie is not enabled")) {
                return NOT_ENABLED;
            }
            throw e;
        }
    }

    @Override
    protected Map<String, Object> failing(String status) {
        return "ENABLED".equals(status) ? Map.of() : settings(status);
    }

    @Override
    protected Map<String, Object> settings(String status) {
        return Map.of("MacieStatus", String.valueOf(status));
    }

    @Override
    protected String problem(Map<String, Object> failing) {
        String status = String.valueOf(failing.get("MacieStatus"));
        return (NOT_ENABLED.equals(status) ? "Amazon Macie is not enabled" : "Amazon Macie is " + status)
                + "; its delegated administrator enables it for members";
    }
}
