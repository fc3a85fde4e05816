package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.Check;
import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.Mode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.SummaryKeyType;

/**
 * The root user has MFA ({@code AccountMFAEnabled} 1; Security Hub IAM.9, CIS AWS Foundations Benchmark v3.0.0 1.5)
 * and no access keys ({@code AccountAccessKeysPresent} 0; Security Hub IAM.4, CIS v3.0.0 1.4), from
 * iam:GetAccountSummary.
 *
 * <p>Audit only: no API that a role in the account can call fixes either (only the root user, or the management
 * account through centralized root access, can), so remediate mode reports NON_COMPLIANT too, with what a person must
 * do. GetAccountSummary cannot tell an account whose root credentials were deleted through centralized root access
 * from one with a password and no MFA: both have {@code AccountMFAEnabled} 0.
 */
public final class RootAccountHygieneCheck extends Check {

    private static final String MFA = "AccountMFAEnabled";
    private static final String ACCESS_KEYS = "AccountAccessKeysPresent";

    public RootAccountHygieneCheck() {
        super(CheckDescriptor.builder("root-account-hygiene")
                .title("The root user has MFA and no access keys")
                .controls("IAM.4", "IAM.9")
                .cis("1.4", "1.5")
                .severity(Severity.CRITICAL)
                .reads("iam:GetAccountSummary")
                .recommendation("Sign in as the root user to enable MFA and delete its access keys, or remove the root"
                        + " credentials from the management account with Organizations' centralized root access.")
                .build());
    }

    @Override
    public List<CheckResult> run(CheckContext context) {
        Map<String, Integer> summary = context.client(IamClient.builder(), context.homeRegion()).getAccountSummary().summaryMapAsStrings();
        int mfa = summary.getOrDefault(SummaryKeyType.ACCOUNT_MFA_ENABLED.toString(), 0);
        int accessKeys = summary.getOrDefault(SummaryKeyType.ACCOUNT_ACCESS_KEYS_PRESENT.toString(), 0);
        Map<String, Object> failing = new LinkedHashMap<>();
        List<String> todo = new ArrayList<>();
        if (mfa != 1) {
            failing.put(MFA, mfa);
            todo.add("enable MFA on the root user");
        }
        if (accessKeys != 0) {
            failing.put(ACCESS_KEYS, accessKeys);
            todo.add("delete the root user's access keys");
        }
        if (failing.isEmpty()) {
            return List.of(CheckResult.compliant(id(), null));
        }
        String detail = (context.mode() == Mode.REMEDIATE ? "not fixed: no API can do this for the root user; " : "")
                + "a person must " + String.join(" and ", todo) + " (sign in as the root user of " + context.accountId()
                + ", Security credentials), or delete the root credentials from the management account with"
                + " Organizations' centralized root access";
        return List.of(CheckResult.nonCompliant(id(), null, detail, failing));
    }
}
