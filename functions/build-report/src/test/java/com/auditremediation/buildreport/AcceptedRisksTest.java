package com.auditremediation.buildreport;

import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.core.model.AcceptedRisk;
import com.auditremediation.core.model.AccountItem;
import com.auditremediation.core.model.AccountListing;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.ExceptionNote;
import com.auditremediation.core.model.ExceptionRule;
import com.auditremediation.core.model.ExceptionsLoaded;
import com.auditremediation.core.model.ExceptionsReport;
import com.auditremediation.core.model.Plan;
import com.auditremediation.core.model.PlanItem;
import com.auditremediation.core.model.Report;
import com.auditremediation.core.report.ReportCounts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static com.auditremediation.buildreport.Fixtures.account;
import static com.auditremediation.buildreport.Fixtures.accountId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Excepted results in BuildReport: counted apart in the summary, listed with their entries in the report's
 * exceptions, never planned, and in the SNS message apart from what needs work, with the entries about to expire.
 */
class AcceptedRisksTest {

    /** Expires nine days after the report (Fixtures.NOW is 2025-03-01): within the 14 days that the message lists. */
    private static final ExceptionRule PASSWORDS = new ExceptionRule(0, null, List.of("iam-password-policy"), null,
            "SSO only: no IAM users", "identity@example.com", "2025-03-10", "SEC-11");
    private static final ExceptionRule EBS = new ExceptionRule(1, true, List.of("ebs-default-encryption"), List.of("us-east-1"),
            "no EBS in us-east-1", "platform@example.com", "2025-09-30", null);
    private static final ExceptionNote EXPIRED = new ExceptionNote(3, List.of("root-account-hygiene"), "security@example.com", "2025-02-01",
            "break-glass account", "SEC-3", null);

    @Test
    void theReportCountsExceptedResultsApartAndListsTheEntriesInForceExpiringAndExpired() {
        Report report = new ReportBuilder(Fixtures.CLOCK, ReportBuilder.DEFAULT_BYTE_BUDGET).whole(input());

        assertThat(report.summary().excepted()).isEqualTo(Map.of("iam-password-policy", 1, "ebs-default-encryption", 2));
        assertThat(report.summary().checks().get("iam-password-policy").get(CheckStatus.NON_COMPLIANT)).as("the verdict is kept").isEqualTo(2);
        ReportCounts counts = ReportCounts.of(report);
        assertThat(counts.nonCompliant()).isEqualTo(10);
        assertThat(counts.excepted()).isEqualTo(3);
        assertThat(counts.needsWork()).isEqualTo(7);
        assertThat(report.context().exceptions()).as("listed once, in exceptions").isNull();
        ExceptionsReport exceptions = report.exceptions();
        assertThat(exceptions.location()).isEqualTo("s3://reports-bucket/config/exceptions.yaml");
        assertThat(exceptions.versionId()).isEqualTo("v7");
        assertThat(exceptions.entries()).isEqualTo(4);
        assertThat(exceptions.excepted()).isEqualTo(Map.of("file", 3));
        assertThat(exceptions.inForce()).extracting(ExceptionNote::entry, ExceptionNote::results).containsExactly(
                org.assertj.core.groups.Tuple.tuple(0, 1), org.assertj.core.groups.Tuple.tuple(1, 2));
        assertThat(exceptions.expiringSoon()).extracting(ExceptionNote::entry).containsExactly(0);
        assertThat(exceptions.expiredCount()).isEqualTo(1);
        assertThat(exceptions.expired()).containsExactly(EXPIRED);
    }

    @Test
    void aPlanNeverListsAnExceptedResultAndKeepsTheAccountsEntriesForTheFixPass() {
        Plan plan = new PlanBuilder(Fixtures.CLOCK, CheckCatalog.shipped()).plan(input());

        assertThat(plan.items()).extracting(item -> item.accountId() + " " + item.checkId() + " " + item.region()).containsExactly(
                accountId(1) + " s3-account-public-access-block null", accountId(1) + " ebs-default-encryption eu-west-1",
                accountId(2) + " iam-password-policy null", accountId(2) + " s3-account-public-access-block null",
                accountId(2) + " ebs-default-encryption eu-west-1");
        assertThat(plan.items()).extracting(PlanItem::checkId).doesNotContain("root-account-hygiene");
        assertThat(plan.accounts().get(0).account().exceptions()).containsExactly(0);
    }

    @Test
    void theMessageCountsWhatNeedsWorkApartAndListsTheEntriesAboutToExpire() {
        Report report = new ReportBuilder(Fixtures.CLOCK, ReportBuilder.DEFAULT_BYTE_BUDGET).whole(input());
        ReportNotifier notifier = new ReportNotifier(null, "arn:aws:sns:us-east-1:123456789012:t", false, "audit-remediation");

        ReportNotifier.Message message = notifier.message(report);

        assertThat(message.subject()).isEqualTo("[audit-remediation] 7 non-compliant results in 2 accounts - " + Fixtures.EXECUTION);
        assertThat(message.body()).contains(
                "Non-compliant results: iam-password-policy 1, s3-account-public-access-block 2, ebs-default-encryption 2, root-account-hygiene 2.\n",
                "Excepted (accepted risks, not counted above): 3 results (file 3): iam-password-policy 1, ebs-default-encryption 2.\n",
                "Exceptions expiring within 14 days (renew or close them: once expired, their results need work again) (1):\n"
                        + "- exceptions[0] expires 2025-03-10, owner identity@example.com, SEC-11: iam-password-policy (1 results now)"
                        + " - SSO only: no IAM users\n");
        assertThat(message.body()).contains("- " + accountId(1) + " " + account(1).name() + ": s3-account-public-access-block,"
                + " ebs-default-encryption (eu-west-1), root-account-hygiene\n");
    }

    @Test
    void onlyExceptedResultsCallForAMessageOnlyWhenAnEntryIsAboutToExpire() {
        AccountResult onlyExcepted = AccountResult.succeeded(accountId(1), List.of(CheckResult.compliant("caller-identity", null),
                CheckResult.nonCompliant("iam-password-policy", null, "weak", Map.of("MinimumPasswordLength", 8)).withException(PASSWORDS.risk())),
                900L);
        AccountListing expiring = listing(List.of(PASSWORDS));
        AccountListing later = listing(List.of(new ExceptionRule(0, null, List.of("iam-password-policy"), null, "r", "o", "2025-06-30", null)));

        Report soon = report(expiring, onlyExcepted);
        Report quiet = report(later, onlyExcepted.withFindings(null));

        assertThat(ReportNotifier.needsAttention(soon)).isTrue();
        assertThat(ReportNotifier.needsAttention(quiet)).isFalse();
    }

    private static Report report(AccountListing listing, AccountResult result) {
        return new ReportBuilder(Fixtures.CLOCK, ReportBuilder.DEFAULT_BYTE_BUDGET)
                .whole(new BuildReportInput(listing, List.of(result), Fixtures.EXECUTION, Fixtures.STARTED_AT));
    }

    private static AccountListing listing(List<ExceptionRule> rules) {
        return Fixtures.listing(List.of(account(1).withExceptions(List.of(0))), List.of(), 0)
                .withExceptions(Fixtures.CONTEXT.withExceptions(rules), List.of(account(1).withExceptions(List.of(0))),
                        new ExceptionsLoaded("s3://reports-bucket/config/exceptions.yaml", null, 1, 1, 0, List.of()));
    }

    /**
     * Two accounts with every check failing: account 1 names the password rule (its iam-password-policy excepted), the
     * EBS rule covers us-east-1 everywhere; entries 2 (unused) and 3 (expired) are in the file.
     */
    private static BuildReportInput input() {
        List<AccountItem> accounts = List.of(account(1).withExceptions(List.of(0)), account(2));
        AccountListing listing = Fixtures.listing(accounts, List.of(), 0).withExceptions(Fixtures.CONTEXT.withExceptions(List.of(PASSWORDS, EBS)),
                accounts, new ExceptionsLoaded("s3://reports-bucket/config/exceptions.yaml", "v7", 4, 2, 1, List.of(EXPIRED)));
        return new BuildReportInput(listing, List.of(excepted(Fixtures.everyCheck(1, CheckStatus.NON_COMPLIANT), true),
                excepted(Fixtures.everyCheck(2, CheckStatus.NON_COMPLIANT), false)), Fixtures.EXECUTION, Fixtures.STARTED_AT);
    }

    /** The row with the rules' exceptions on its results, as CheckAccount marks them. */
    private static AccountResult excepted(AccountResult row, boolean namesPasswords) {
        List<CheckResult> checks = row.checks().stream().map(check -> {
            AcceptedRisk risk = null;
            if (namesPasswords && check.checkId().equals("iam-password-policy")) {
                risk = PASSWORDS.risk();
            } else if (EBS.covers(check.checkId(), check.region())) {
                risk = EBS.risk();
            }
            return check.status() == CheckStatus.NON_COMPLIANT && risk != null ? check.withException(risk) : check;
        }).toList();
        return AccountResult.succeeded(row.accountId(), checks, row.durationMs());
    }
}
