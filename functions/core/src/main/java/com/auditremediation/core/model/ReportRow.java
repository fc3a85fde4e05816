package com.auditremediation.core.model;

import com.auditremediation.core.error.ErrorCode;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One account in the report. {@code compliance} counts the account's check results by status (a regional check counts
 * once per region), for example {@code {"COMPLIANT": 3, "NON_COMPLIANT": 1}}; it is absent when the row has no results.
 * {@code findings} says what became of the row's results as Security Hub findings, with a short note when some were
 * not exported; absent when the export is off or the account has no results.
 *
 * <p>Built by name: {@link #checked} for an account with an outcome, {@link #failed} and {@link #skipped} for one
 * without results; the compliance counts come from the checks.
 */
public record ReportRow(
        String accountId,
        String accountName,
        String ouId,
        AccountStatus status,
        ErrorCode errorCode,
        String errorMessage,
        Map<CheckStatus, Integer> compliance,
        List<CheckResult> checks,
        Long durationMs,
        FindingsDelivery findings) {

    public ReportRow {
        compliance = Copies.orAbsent(compliance);
        checks = Copies.orAbsent(checks);
    }

    /** An account with an outcome and (possibly) check results; {@code compliance} is counted from them. */
    public static ReportRow checked(AccountItem account, AccountStatus status, ErrorCode errorCode, String errorMessage,
                                    List<CheckResult> checks, Long durationMs) {
        return new ReportRow(account.id(), account.name(), account.ouId(), status, errorCode, errorMessage,
                compliance(checks), checks, durationMs, null);
    }

    /** A FAILED account without results. */
    public static ReportRow failed(AccountItem account, ErrorCode errorCode, String errorMessage) {
        return checked(account, AccountStatus.FAILED, errorCode, errorMessage, null, null);
    }

    /** A SKIPPED account: never attempted, with the reason. */
    public static ReportRow skipped(AccountItem account, ErrorCode errorCode, String errorMessage) {
        return checked(account, AccountStatus.SKIPPED, errorCode, errorMessage, null, null);
    }

    /** This row without the checks' before/after evidence (what a report that must shrink leaves out first). */
    public ReportRow withoutEvidence() {
        if (checks == null) {
            return this;
        }
        List<CheckResult> bare = checks.stream()
                .map(check -> check == null ? null : check.withoutEvidence())
                .collect(Collectors.toList());
        return new ReportRow(accountId, accountName, ouId, status, errorCode, errorMessage, compliance, bare, durationMs, findings);
    }

    /** This row with what became of its findings. */
    public ReportRow withFindings(FindingsDelivery delivery) {
        return new ReportRow(accountId, accountName, ouId, status, errorCode, errorMessage, compliance, checks, durationMs, delivery);
    }

    /** The results counted by status; null when there are none. */
    private static Map<CheckStatus, Integer> compliance(List<CheckResult> checks) {
        if (checks == null || checks.isEmpty()) {
            return null;
        }
        Map<CheckStatus, Integer> counts = new EnumMap<>(CheckStatus.class);
        for (CheckResult check : checks) {
            if (check != null && check.status() != null) {
                counts.merge(check.status(), 1, Integer::sum);
            }
        }
        return counts.isEmpty() ? null : counts;
    }
}
