package com.auditremediation.checkaccount.testing;

import java.util.Map;

/**
 * The function's settings (CheckContext.setting) under which every fixable check can fix, for the tests that run
 * every check in remediate mode: the template parameters that some fixes write, with test values.
 */
public final class FixableSettings {

    public static final Map<String, String> ALL = Map.of(
            "SECURITY_CONTACT_NAME", "Security Operations",
            "SECURITY_CONTACT_EMAIL", "security@example.com",
            "SECURITY_CONTACT_PHONE", "+1-555-0100",
            "SECURITY_CONTACT_TITLE", "Security team",
            "SUPPORT_ROLE_NAME", "audit-remediation-support");

    private FixableSettings() {
    }
}
