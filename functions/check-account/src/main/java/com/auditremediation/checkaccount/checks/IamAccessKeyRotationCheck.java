package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.Check;
import com.auditremediation.checkaccount.check.CheckContext;
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
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.StatusType;

/**
 * Every active access key of an IAM user was created (rotated) within the last 90 days (Security Hub IAM.3, MEDIUM,
 * "IAM users' access keys should be rotated every 90 days or less", https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-3;
 * CIS AWS Foundations Benchmark v3.0.0 1.14), and no user has more than one active key (CIS v3.0.0 1.13, which
 * Security Hub has no control for).
 *
 * <p>The shared IAM credential report ({@link IamCredentialReport#shared}) names the candidates: users with an active
 * key whose {@code last_rotated} is older than 90 days, or with both keys active. IAM regenerates it at most every four
 * hours, so each candidate is confirmed with ListAccessKeys (the key may have been rotated or deactivated since).
 *
 * <p>Audit only: rotating a key means giving its new secret to whatever uses the old one, which only the key's owner
 * can do; deactivating it for them would stop their application. Remediate mode reports the same finding and says how.
 */
public final class IamAccessKeyRotationCheck extends Check {

    static final int MAX_KEY_AGE_DAYS = 90;
    static final String NOT_ROTATED = "AccessKeysOlderThan90Days";
    static final String TWO_ACTIVE = "UsersWithTwoActiveKeys";

    public IamAccessKeyRotationCheck() {
        super(CheckDescriptor.builder("iam-access-key-rotation")
                .title("IAM users' active access keys are rotated every 90 days or less, at most one active key per user")
                .controls("IAM.3")
                .cis("1.13", "1.14")
                .severity(Severity.MEDIUM)
                .reads("iam:GenerateCredentialReport", "iam:GetCredentialReport", "iam:ListAccessKeys")
                .recommendation("The owner of each key (the team whose application uses it) rotates it: create a second key,"
                        + " move the application to it, deactivate then delete the old one (IAM, Users, Security credentials);"
                        + " better, replace long-lived keys with roles or IAM Identity Center.")
                .build());
    }

    @Override
    public List<CheckResult> run(CheckContext context) {
        IamCredentialReport.Reading report = IamCredentialReport.read(context, id());
        if (report.error() != null) {
            return List.of(report.error());
        }
        IamClient iam = context.client(IamClient.builder(), context.homeRegion());
        Instant cutoff = Instant.now().minus(Duration.ofDays(MAX_KEY_AGE_DAYS));
        List<String> oldKeys = new ArrayList<>();
        List<String> twoActive = new ArrayList<>();
        for (IamCredentialReport.Row row : report.report().users()) {
            if (!isCandidate(row, cutoff)) {
                continue;
            }
            List<AccessKeyMetadata> active = activeKeys(iam, row.user());
            active.stream().filter(key -> key.createDate() != null && key.createDate().isBefore(cutoff))
                    .forEach(key -> oldKeys.add(row.user() + "/" + key.accessKeyId() + " (created " + key.createDate().toString().substring(0, 10) + ")"));
            if (active.size() > 1) {
                twoActive.add(row.user());
            }
        }
        if (oldKeys.isEmpty() && twoActive.isEmpty()) {
            return List.of(CheckResult.compliant(id(), null));
        }
        Map<String, Object> before = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        if (!oldKeys.isEmpty()) {
            before.put(NOT_ROTATED, Evidence.capped(oldKeys));
            problems.add(oldKeys.size() + " active access key" + (oldKeys.size() == 1 ? "" : "s") + " older than "
                    + MAX_KEY_AGE_DAYS + " days (IAM.3)");
        }
        if (!twoActive.isEmpty()) {
            before.put(TWO_ACTIVE, Evidence.capped(twoActive));
            problems.add(twoActive.size() + " user" + (twoActive.size() == 1 ? "" : "s") + " with two active access keys (CIS 1.13)");
        }
        String detail = (context.mode() == Mode.REMEDIATE ? "not fixed (audit only): " : "") + String.join(" and ", problems)
                + ": each key's owner rotates it (new key, move the application, delete the old key)";
        return List.of(CheckResult.nonCompliant(id(), null, detail, before));
    }

    /** Whether the report shows an active key rotated before {@code cutoff}, or both keys active. */
    private static boolean isCandidate(IamCredentialReport.Row row, Instant cutoff) {
        int active = 0;
        boolean old = false;
        for (int slot = 1; slot <= 2; slot++) {
            if (row.isTrue("access_key_" + slot + "_active")) {
                active++;
                Instant rotated = row.firstDate("access_key_" + slot + "_last_rotated", "user_creation_time");
                old |= rotated != null && rotated.isBefore(cutoff);
            }
        }
        return old || active > 1;
    }

    /** The user's active keys now; none when the user is gone since the report. */
    private static List<AccessKeyMetadata> activeKeys(IamClient iam, String user) {
        try {
            return iam.listAccessKeysPaginator(r -> r.userName(user)).accessKeyMetadata().stream()
                    .filter(key -> key.status() == StatusType.ACTIVE).toList();
        } catch (NoSuchEntityException e) {
            return List.of();
        }
    }
}
