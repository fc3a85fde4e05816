package com.auditremediation.core.report;

import com.auditremediation.core.error.ErrorCode;
import com.auditremediation.core.model.AccountItem;
import com.auditremediation.core.model.AccountSelection;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Mode;
import com.auditremediation.core.model.Report;
import com.auditremediation.core.model.ReportRow;
import com.auditremediation.core.model.RunContext;
import com.auditremediation.core.model.SweepChanges;
import com.auditremediation.core.model.SweepChanges.AccountChange;
import com.auditremediation.core.model.SweepChanges.AccountChanges;
import com.auditremediation.core.model.SweepChanges.Basis;
import com.auditremediation.core.model.SweepChanges.ResultCounts;
import com.auditremediation.core.model.SweepChanges.ResultRef;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two sweeps compared as BuildReport compares them: the previous one read back from its report.json. */
class SweepComparisonTest {

    private static final List<String> CHECKS = List.of("iam-password-policy", "ebs-default-encryption", "root-account-hygiene");
    private static final List<String> REGIONS = List.of("eu-west-1", "us-east-1");
    private static final AccountSelection WHOLE = AccountSelection.wholeOrganization(List.of());

    @Test
    void twoSweepsOfOneScopeCompareEveryResultAndAccount() throws IOException {
        Report before = report("sweep-1", WHOLE, CHECKS, REGIONS, List.of(
                row("111111111111", "a", CheckStatus.COMPLIANT, CheckStatus.NON_COMPLIANT, CheckStatus.COMPLIANT, CheckStatus.NON_COMPLIANT),
                row("222222222222", "b", CheckStatus.NON_COMPLIANT, CheckStatus.COMPLIANT, CheckStatus.COMPLIANT, CheckStatus.COMPLIANT),
                row("333333333333", "gone", CheckStatus.NON_COMPLIANT, CheckStatus.COMPLIANT, CheckStatus.COMPLIANT, CheckStatus.COMPLIANT)));
        Report now = report("sweep-2", WHOLE, CHECKS, REGIONS, List.of(
                row("111111111111", "a", CheckStatus.NON_COMPLIANT, CheckStatus.COMPLIANT, CheckStatus.COMPLIANT, CheckStatus.NON_COMPLIANT),
                ReportRow.failed(new AccountItem("222222222222", "b", "ou-1"), ErrorCode.ROLE_NOT_ASSUMABLE, "denied"),
                row("444444444444", "new", CheckStatus.NON_COMPLIANT, CheckStatus.COMPLIANT, CheckStatus.COMPLIANT, CheckStatus.COMPLIANT)));

        SweepChanges changes = SweepComparison.compare(now, read(before));

        assertThat(changes.basis()).isEqualTo(Basis.SAME_SCOPE);
        assertThat(changes.note()).isNull();
        assertThat(changes.since()).isEqualTo(new SweepChanges.PreviousSweep("sweep-1", "2025-03-01T10:00:00Z", "s3://b/latest/report.json"));
        assertThat(changes.counts()).isEqualTo(new SweepChanges.Counts(1, 1, 1, 1, 1, 1));
        assertThat(changes.compared()).isEqualTo(new SweepChanges.Compared(2, CHECKS, REGIONS));
        assertThat(changes.byCheck()).containsExactly(
                Map.entry("iam-password-policy", new ResultCounts(1, 0, 0, 1)),
                Map.entry("ebs-default-encryption", new ResultCounts(0, 1, 0, 0)),
                Map.entry("root-account-hygiene", new ResultCounts(0, 0, 1, 0)));
        assertThat(changes.accounts()).containsExactly(
                new AccountChanges("111111111111", "a", "ou-1", null, List.of(ref("iam-password-policy", null)),
                        List.of(ref("ebs-default-encryption", "eu-west-1")), List.of(ref("root-account-hygiene", null)), null),
                new AccountChanges("222222222222", "b", "ou-1", null, null, null, null, List.of(ref("iam-password-policy", null))),
                new AccountChanges("444444444444", "new", "ou-1", AccountChange.NEW, null, null, null, null),
                new AccountChanges("333333333333", "gone", "ou-1", AccountChange.GONE, null, null, null, null));
    }

    @Test
    void anotherScopeComparesOnlyWhatBothCoveredCountsNoAccountAsNewOrGoneAndSaysSo() throws IOException {
        Report before = report("sweep-1", new AccountSelection(List.of("111111111111"), List.of(), List.of()), List.of("iam-password-policy"),
                List.of("eu-west-1"), List.of(rowOf("111111111111", "a", List.of(
                        CheckResult.compliant("iam-password-policy", null)))));
        Report now = report("sweep-2", WHOLE, CHECKS, REGIONS, List.of(
                row("111111111111", "a", CheckStatus.NON_COMPLIANT, CheckStatus.NON_COMPLIANT, CheckStatus.NON_COMPLIANT, CheckStatus.NON_COMPLIANT),
                row("222222222222", "b", CheckStatus.NON_COMPLIANT, CheckStatus.COMPLIANT, CheckStatus.COMPLIANT, CheckStatus.COMPLIANT)));

        SweepChanges changes = SweepComparison.compare(now, read(before));

        assertThat(changes.basis()).isEqualTo(Basis.OTHER_SCOPE);
        assertThat(changes.compared()).isEqualTo(new SweepChanges.Compared(1, List.of("iam-password-policy"), List.of("eu-west-1")));
        assertThat(changes.counts()).isEqualTo(new SweepChanges.Counts(1, 0, 0, 0, 0, 0));
        assertThat(changes.accounts()).extracting(AccountChanges::accountId).containsExactly("111111111111");
        assertThat(changes.note()).isEqualTo("The last sweep, sweep sweep-1, covered another scope: it selected other accounts (1 account named;"
                + " now the whole organisation); it ran other checks (not then: ebs-default-encryption, root-account-hygiene); it ran in other"
                + " regions (eu-west-1; now eu-west-1, us-east-1). Only what both covered is compared: 1 account in both, the checks and regions"
                + " both ran; no account is counted as new or gone.");
    }

    @Test
    void aTruncatedPreviousReportIsComparedOnlyForTheAccountsItListsAndNoneIsNew() throws IOException {
        Report whole = report("sweep-1", WHOLE, CHECKS, REGIONS, List.of(
                ReportRow.failed(new AccountItem("111111111111", "a", "ou-1"), ErrorCode.THROTTLED, "throttled"),
                row("222222222222", "b", CheckStatus.NON_COMPLIANT, CheckStatus.COMPLIANT, CheckStatus.COMPLIANT, CheckStatus.COMPLIANT)));
        Report truncated = whole.truncatedTo(whole.accounts().subList(0, 1), "rows left out");
        Report now = report("sweep-2", WHOLE, CHECKS, REGIONS, List.of(
                row("111111111111", "a", CheckStatus.NON_COMPLIANT, CheckStatus.COMPLIANT, CheckStatus.COMPLIANT, CheckStatus.COMPLIANT),
                row("222222222222", "b", CheckStatus.NON_COMPLIANT, CheckStatus.COMPLIANT, CheckStatus.COMPLIANT, CheckStatus.COMPLIANT)));

        SweepChanges changes = SweepComparison.compare(now, read(truncated));

        assertThat(changes.basis()).isEqualTo(Basis.SAME_SCOPE);
        assertThat(changes.counts()).isEqualTo(new SweepChanges.Counts(1, 0, 0, 0, 0, 0));
        assertThat(changes.compared().accounts()).isEqualTo(1);
        assertThat(changes.note()).isEqualTo("The previous report was truncated (it lists 1 of 2 accounts, its failures and skips): only the"
                + " accounts it lists are compared, and none is counted as new.");
    }

    @Test
    void aPreviousReportIsReadLenientlyAndWithoutItsEvidence() throws IOException {
        String json = """
                {"executionName": "old", "someNewerField": {"x": [1, 2]}, "context": {"checks": ["a-check"], "regions": ["eu-west-1"], "extra": 1},
                 "summary": {"total": 2}, "accounts": [{"accountId": "111111111111", "status": "SUCCEEDED", "unknown": true,
                 "checks": [{"checkId": "a-check", "region": "eu-west-1", "status": "NON_COMPLIANT", "before": {"deep": {"er": [1]}}},
                            {"checkId": "b-check", "status": "SOMETHING_NEW"}]}]}""";

        PreviousReport previous = PreviousReport.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "file");

        assertThat(previous.executionName()).isEqualTo("old");
        assertThat(previous.selection()).isNull();
        assertThat(previous.checks()).containsExactly("a-check");
        assertThat(previous.total()).isEqualTo(2);
        assertThat(previous.rows().get("111111111111").results()).containsExactly(Map.entry(ref("a-check", "eu-west-1"), CheckStatus.NON_COMPLIANT));
        assertThatThrownBy(() -> PreviousReport.read(new ByteArrayInputStream("[1]".getBytes(StandardCharsets.UTF_8)), "s3://b/k"))
                .isInstanceOf(IOException.class).hasMessageContaining("s3://b/k");
    }

    private static PreviousReport read(Report report) throws IOException {
        return PreviousReport.read(new ByteArrayInputStream(new JsonReportFormat().render(report)), "s3://b/latest/report.json");
    }

    private static Report report(String name, AccountSelection selection, List<String> checks, List<String> regions, List<ReportRow> rows) {
        return Report.of(name, "2025-03-01T10:00:00Z", "2025-03-01T10:05:00Z", new RunContext("role", Mode.AUDIT, checks, regions),
                ReportCounts.summarize(rows, 0), ReportCounts.failuresByCode(rows), rows).withScope(selection, Map.of("ou-1", "Workloads"));
    }

    /** iam-password-policy, ebs-default-encryption in eu-west-1 and us-east-1 (always compliant), root-account-hygiene. */
    private static ReportRow row(String id, String name, CheckStatus iam, CheckStatus ebsEuWest1, CheckStatus ignored, CheckStatus root) {
        List<CheckResult> results = new ArrayList<>(List.of(
                new CheckResult("iam-password-policy", null, iam, null, null, null),
                new CheckResult("ebs-default-encryption", "eu-west-1", ebsEuWest1, null, null, null),
                CheckResult.compliant("ebs-default-encryption", "us-east-1"),
                new CheckResult("root-account-hygiene", null, root, null, null, null)));
        return rowOf(id, name, results);
    }

    private static ReportRow rowOf(String id, String name, List<CheckResult> results) {
        return ReportRow.checked(new AccountItem(id, name, "ou-1"), AccountStatus.SUCCEEDED, null, null, results, 10L);
    }

    private static ResultRef ref(String checkId, String region) {
        return new ResultRef(checkId, region);
    }
}
