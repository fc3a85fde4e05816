package com.auditremediation.buildreport;

import com.auditremediation.core.error.ErrorCode;
import com.auditremediation.core.error.ThrottledException;
import com.auditremediation.core.model.AccountItem;
import com.auditremediation.core.model.AccountListing;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Mode;
import com.auditremediation.core.model.RunContext;
import com.auditremediation.core.model.SkippedAccount;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Realistic listings and results, shaped as ListAccounts, CheckAccount and the Map's Catch produce them. */
final class Fixtures {

    static final String ROLE = "aws-controltower-AdministratorExecutionRole";
    static final RunContext CONTEXT = new RunContext(ROLE, Mode.AUDIT, List.of("caller-identity"), List.of("eu-west-1"));
    static final String EXECUTION = "sweep-2025-03-01T10-00-00Z";
    static final String STARTED_AT = "2025-03-01T10:00:00.123Z";
    static final Instant NOW = Instant.parse("2025-03-01T10:04:12.500Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static final String[] TEAMS = {"payments", "identity", "logistics", "pricing", "analytics", "search"};
    private static final String[] OUS = {"ou-7f3k-q9x2m4ab", "ou-7f3k-w81hz2cd", "ou-7f3k-0pl5ve9q", "ou-7f3k-k2m8n4tr"};

    private Fixtures() {
    }

    static String accountId(int i) {
        return String.valueOf(210_000_000_000L + i * 7_919L);
    }

    /** Names such as "workload-payments-prod-eu-0042", about 30 characters. */
    static AccountItem account(int i) {
        return new AccountItem(accountId(i), "workload-" + TEAMS[i % TEAMS.length] + "-prod-eu-" + String.format("%04d", i), OUS[i % OUS.length]);
    }

    static AccountListing listing(List<AccountItem> accounts, List<SkippedAccount> skipped, int excluded) {
        return new AccountListing(CONTEXT, 40, accounts, skipped, excluded);
    }

    static SkippedAccount suspended(int i) {
        AccountItem account = account(i);
        return new SkippedAccount(account.id(), account.name(), account.ouId(), ErrorCode.ACCOUNT_NOT_ACTIVE,
                "The account is SUSPENDED; it was not attempted.");
    }

    static AccountResult succeeded(int i) {
        String id = accountId(i);
        CheckResult identity = CheckResult.compliant("caller-identity", null,
                "arn:aws:sts::" + id + ":assumed-role/" + ROLE + "/CROSS_ACCOUNT_ACCESS_FROM_CTAUDIT");
        return AccountResult.succeeded(id, List.of(identity), 640L + (i * 37L) % 900);
    }

    /** A success whose check says no more than its status. */
    static AccountResult succeededTersely(int i) {
        return AccountResult.succeeded(accountId(i), List.of(CheckResult.compliant("caller-identity", null)), 640L + (i * 37L) % 900);
    }

    static AccountResult roleNotAssumable(int i) {
        String id = accountId(i);
        return AccountResult.failed(id, ErrorCode.ROLE_NOT_ASSUMABLE, "sts:AssumeRole of arn:aws:iam::" + id + ":role/" + ROLE + " was denied (AccessDenied): is the account enrolled in Control Tower, and does the role trust the Audit account?", null, 212L);
    }

    /** A CheckAccount result whose check carries before/after evidence, as a remediation would. */
    static AccountResult checkFailedWithEvidence(int i) {
        String id = accountId(i);
        CheckResult check = CheckResult.nonCompliant("caller-identity", "eu-west-1",
                "the session is not the expected Control Tower role",
                Map.of("account", id, "arn", "arn:aws:sts::" + id + ":assumed-role/OrganizationAccountAccessRole/CROSS_ACCOUNT_ACCESS_FROM_CTAUDIT"),
                Map.of("account", id, "arn", "arn:aws:sts::" + id + ":assumed-role/" + ROLE + "/CROSS_ACCOUNT_ACCESS_FROM_CTAUDIT"));
        return AccountResult.failed(id, ErrorCode.CHECK_FAILED, "1 of 1 checks did not pass", List.of(check), 930L);
    }

    /**
     * A CheckAccount result with every shipped check, as CheckAccount writes it: caller-identity compliant, the other
     * checks (EBS in two regions) all {@code status}; compliant results carry nothing but their status.
     */
    static AccountResult everyCheck(int i, CheckStatus status) {
        boolean compliant = status == CheckStatus.COMPLIANT;
        List<CheckResult> checks = List.of(
                CheckResult.compliant("caller-identity", null),
                compliant ? CheckResult.compliant("iam-password-policy", null)
                        : new CheckResult("iam-password-policy", null, status, "password policy below the baseline: MinimumPasswordLength 8 (needs 14 or more)",
                        Map.of("MinimumPasswordLength", 8), null),
                compliant ? CheckResult.compliant("s3-account-public-access-block", null)
                        : new CheckResult("s3-account-public-access-block", null, status, "account-level S3 Block Public Access off: BlockPublicPolicy",
                        Map.of("BlockPublicPolicy", false), null),
                regional("ebs-default-encryption", "eu-west-1", status),
                regional("ebs-default-encryption", "us-east-1", status),
                compliant ? CheckResult.compliant("root-account-hygiene", null)
                        : new CheckResult("root-account-hygiene", null, status, "a person must enable MFA on the root user", Map.of("AccountMFAEnabled", 0), null));
        return AccountResult.succeeded(accountId(i), checks, 1_200L + i % 300);
    }

    /** A remediate run where the password policy fix was refused: FAILED, with the other fixes made. */
    static AccountResult remediatedButOneError(int i) {
        List<CheckResult> checks = List.of(
                CheckResult.compliant("caller-identity", null),
                CheckResult.error("iam-password-policy", null, "could not fix (...): Iam AccessDenied: ...",
                        Map.of("MinimumPasswordLength", 8)),
                CheckResult.remediated("s3-account-public-access-block", null, "s3:PutAccountPublicAccessBlock",
                        Map.of("BlockPublicPolicy", false), Map.of("BlockPublicPolicy", true)),
                CheckResult.remediated("ebs-default-encryption", "eu-west-1", "ec2:EnableEbsEncryptionByDefault",
                        Map.of("EbsEncryptionByDefault", false), Map.of("EbsEncryptionByDefault", true)),
                regional("ebs-default-encryption", "us-east-1", CheckStatus.COMPLIANT),
                CheckResult.nonCompliant("root-account-hygiene", null, "not fixed: ...", Map.of("AccountMFAEnabled", 0)));
        return AccountResult.failed(accountId(i), ErrorCode.CHECK_FAILED, "Checks that could not complete in " + accountId(i) + ": iam-password-policy (see each check's detail)", checks, 2_100L);
    }

    private static CheckResult regional(String checkId, String region, CheckStatus status) {
        return status == CheckStatus.COMPLIANT ? CheckResult.compliant(checkId, region)
                : new CheckResult(checkId, region, status, "new EBS volumes are not encrypted by default in this region",
                Map.of("EbsEncryptionByDefault", false), null);
    }

    /** The row that the Map's Catch builds: no error code, the Step Functions error object (name and Cause). */
    static AccountResult caught(int i, String errorType, String cause) {
        return AccountResult.caught(accountId(i), new com.auditremediation.core.model.CaughtError(errorType, cause));
    }

    /** The Cause of a Java Lambda's error, as Step Functions records it: the runtime's JSON, stack trace included. */
    static String javaCause(String errorType, String message) {
        return "{\"errorMessage\":\"" + message + "\",\"errorType\":\"" + errorType + "\",\"stackTrace\":["
                + "\"com.auditremediation.checkaccount.AccountChecker.assumeRole(AccountChecker.java:88)\","
                + "\"com.auditremediation.checkaccount.AccountChecker.check(AccountChecker.java:54)\","
                + "\"com.auditremediation.checkaccount.CheckAccountHandler.handleRequest(CheckAccountHandler.java:37)\"]}";
    }

    static AccountResult throttled(int i) {
        return caught(i, ThrottledException.class.getName(), javaCause(ThrottledException.class.getName(),
                "sts:AssumeRole in " + accountId(i) + " was throttled (Throttling) after the SDK's retries"));
    }
}
