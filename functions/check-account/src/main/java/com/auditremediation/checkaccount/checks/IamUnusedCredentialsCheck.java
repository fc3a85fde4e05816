package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.Check;
import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.CheckFailures;
import com.auditremediation.checkaccount.check.Evidence;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.Mode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.StatusType;

/**
 * No IAM user has an active access key or a console password unused for more than 45 days (Security Hub IAM.22, CIS
 * AWS Foundations Benchmark v3.0.0 1.12). A credential never used counts from its creation: a key from its creation
 * (the report's {@code last_rotated}), a password from when it was set ({@code password_last_changed}).
 *
 * <p>The IAM credential report ({@link IamCredentialReport}) names the candidates in one call. IAM regenerates it at
 * most every four hours, so each candidate key is confirmed with live data before it is reported or touched:
 * ListAccessKeys (the report has no key ids, and the key may be gone or inactive since) and GetAccessKeyLastUsed (it
 * may have been used since). A key used in those hours is neither reported nor deactivated. Passwords are reported
 * from the report alone. The report's {@code <root_account>} row is skipped: root credentials are
 * root-account-hygiene's business.
 *
 * <p>The fix deactivates each unused key (UpdateAccessKey to Inactive; a person can activate it again) and never
 * deletes one. An unused console password is reported with advice, not removed: deleting a login profile cannot be
 * undone. Security Hub IAM.22 passes once the credentials are deactivated or removed, as here.
 */
public final class IamUnusedCredentialsCheck extends Check {

    static final int MAX_UNUSED_DAYS = 45;

    public IamUnusedCredentialsCheck() {
        super(CheckDescriptor.builder("iam-unused-credentials")
                .title("No IAM user has an active access key or a console password unused for more than 45 days")
                .controls("IAM.22")
                .cis("1.12")
                .severity(Severity.MEDIUM)
                .reads("iam:GenerateCredentialReport", "iam:GetCredentialReport", "iam:ListAccessKeys", "iam:GetAccessKeyLastUsed")
                .fixes("iam:UpdateAccessKey")
                .recommendation("Deactivate or delete access keys and remove console passwords not used for 45 days (remediate"
                        + " mode deactivates the keys; passwords are left to a person, as removing one cannot be undone).")
                .build());
    }

    @Override
    public List<CheckResult> run(CheckContext context) {
        IamClient iam = context.client(IamClient.builder(), context.homeRegion());
        Instant cutoff = Instant.now().minus(Duration.ofDays(MAX_UNUSED_DAYS));
        IamCredentialReport.Reading report = IamCredentialReport.read(context, id());
        if (report.error() != null) {
            return List.of(report.error());
        }

        List<UnusedKey> keys = new ArrayList<>();
        List<String> passwords = new ArrayList<>();
        for (IamCredentialReport.Row row : report.report().users()) {
            String user = row.user();
            if (row.isTrue("password_enabled")) {
                Instant used = row.firstDate("password_last_used", "password_last_changed", "user_creation_time");
                if (used != null && used.isBefore(cutoff)) {
                    passwords.add(user + ": " + (row.date("password_last_used") == null ? "never used, set " : "last used ") + day(used));
                }
            }
            if (reportsUnusedKey(row, 1, cutoff) || reportsUnusedKey(row, 2, cutoff)) {
                keys.addAll(unusedKeys(iam, user, cutoff));
            }
        }
        if (keys.isEmpty() && passwords.isEmpty()) {
            return List.of(CheckResult.compliant(id(), null));
        }

        Map<String, Object> before = evidence(keys, passwords);
        String problem = problem(keys, passwords);
        if (context.mode() != Mode.REMEDIATE) {
            return List.of(CheckResult.nonCompliant(id(), null, problem, before));
        }
        if (keys.isEmpty()) {
            return List.of(CheckResult.nonCompliant(id(), null, "not fixed: " + passwordAdvice(passwords), before));
        }
        return List.of(deactivate(iam, keys, passwords, problem, before));
    }

    private CheckResult deactivate(IamClient iam, List<UnusedKey> keys, List<String> passwords, String problem, Map<String, Object> before) {
        List<String> deactivated = new ArrayList<>();
        for (UnusedKey key : keys) {
            try {
                iam.updateAccessKey(r -> r.userName(key.user()).accessKeyId(key.accessKeyId()).status(StatusType.INACTIVE));
            } catch (SdkException e) {
                CheckResult error = CheckFailures.errorOrThrow(id(), null, "could not fix (" + problem + ")", e, before);
                String done = deactivated.isEmpty() ? "" : "; deactivated before the failure: " + String.join(", ", deactivated);
                return CheckResult.error(id(), null,
                        error.detail() + CheckFailures.fixRefusedHint(e, fixActions()) + done, before);
            }
            deactivated.add(key.label());
        }
        List<String> stillActive = new ArrayList<>();
        for (UnusedKey key : keys) {
            boolean active = listAccessKeys(iam, key.user()).stream()
                    .anyMatch(k -> k.accessKeyId().equals(key.accessKeyId()) && k.status() == StatusType.ACTIVE);
            if (active) {
                stillActive.add(key.label());
            }
        }
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("DeactivatedAccessKeys", Evidence.capped(deactivated));
        if (!stillActive.isEmpty()) {
            return CheckResult.error(id(), null, "iam:UpdateAccessKey did not take effect: still active "
                    + String.join(", ", Evidence.capped(stillActive)), before, after);
        }
        if (!passwords.isEmpty()) {
            return CheckResult.nonCompliant(id(), null, "deactivated " + deactivated.size()
                    + " unused access keys; not fixed: " + passwordAdvice(passwords), before, after);
        }
        return CheckResult.remediated(id(), null, "iam:UpdateAccessKey", before, after);
    }

    /** The user's active keys that live data says are unused for more than 45 days; none when the user is gone. */
    private static List<UnusedKey> unusedKeys(IamClient iam, String user, Instant cutoff) {
        List<UnusedKey> unused = new ArrayList<>();
        for (AccessKeyMetadata key : listAccessKeys(iam, user)) {
            if (key.status() != StatusType.ACTIVE) {
                continue;
            }
            Instant lastUsed = iam.getAccessKeyLastUsed(r -> r.accessKeyId(key.accessKeyId())).accessKeyLastUsed().lastUsedDate();
            Instant since = lastUsed != null ? lastUsed : key.createDate();
            if (since != null && since.isBefore(cutoff)) {
                unused.add(new UnusedKey(user, key.accessKeyId(), lastUsed == null ? "never used, created " + day(since) : "last used " + day(since)));
            }
        }
        return unused;
    }

    private static List<AccessKeyMetadata> listAccessKeys(IamClient iam, String user) {
        try {
            return iam.listAccessKeysPaginator(r -> r.userName(user)).accessKeyMetadata().stream().toList();
        } catch (NoSuchEntityException e) {
            return List.of();
        }
    }

    /** Whether the report says key {@code slot} (1 or 2) of {@code row} is active and unused since before {@code cutoff}. */
    private static boolean reportsUnusedKey(IamCredentialReport.Row row, int slot, Instant cutoff) {
        if (!row.isTrue("access_key_" + slot + "_active")) {
            return false;
        }
        Instant used = row.firstDate("access_key_" + slot + "_last_used_date", "access_key_" + slot + "_last_rotated", "user_creation_time");
        return used != null && used.isBefore(cutoff);
    }

    private static String day(Instant instant) {
        return instant.toString().substring(0, 10);
    }

    private static Map<String, Object> evidence(List<UnusedKey> keys, List<String> passwords) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        if (!keys.isEmpty()) {
            evidence.put("UnusedAccessKeys", Evidence.capped(keys.stream().map(key -> key.label() + " (" + key.since() + ")").toList()));
        }
        if (!passwords.isEmpty()) {
            evidence.put("UnusedPasswords", Evidence.capped(passwords));
        }
        return evidence;
    }

    private static String problem(List<UnusedKey> keys, List<String> passwords) {
        List<String> parts = new ArrayList<>();
        if (!keys.isEmpty()) {
            parts.add(keys.size() + " active access key" + (keys.size() == 1 ? "" : "s"));
        }
        if (!passwords.isEmpty()) {
            parts.add(passwords.size() + " console password" + (passwords.size() == 1 ? "" : "s"));
        }
        return String.join(" and ", parts) + " unused for more than " + MAX_UNUSED_DAYS + " days: deactivate or delete the"
                + " keys, remove the passwords";
    }

    private static String passwordAdvice(List<String> passwords) {
        return "removing a console password cannot be undone, so a person must remove the unused ones (IAM, Users,"
                + " Security credentials, or aws iam delete-login-profile --user-name <user>): "
                + String.join(", ", Evidence.capped(passwords.stream().map(p -> p.substring(0, p.indexOf(':'))).toList()));
    }

    private record UnusedKey(String user, String accessKeyId, String since) {
        String label() {
            return user + "/" + accessKeyId;
        }
    }
}
