package com.auditremediation.buildreport;

import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.FindingsDelivery;
import com.auditremediation.core.model.FindingsSummary;
import com.auditremediation.core.model.Report;
import com.auditremediation.core.model.ReportRow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static com.auditremediation.buildreport.Fixtures.account;
import static com.auditremediation.buildreport.Fixtures.accountId;
import static org.assertj.core.api.Assertions.assertThat;

/** The Security Hub findings that CheckAccount reports per account, carried to the rows and added up in the summary. */
class FindingsCountsTest {

    private final ReportBuilder builder = new ReportBuilder(Fixtures.CLOCK, ReportBuilder.DEFAULT_BYTE_BUDGET);

    @Test
    void eachRowCarriesItsDeliveryAndTheSummaryCountsExportedSkippedAndRefusedByReason() {
        FindingsDelivery all = new FindingsDelivery(5, 0, 0, Map.of(), null);
        FindingsDelivery partly = new FindingsDelivery(4, 2, 0, Map.of(FindingsDelivery.NOT_ENABLED, 2),
                "Security Hub is not enabled in us-east-1 (2 skipped)");
        FindingsDelivery refused = new FindingsDelivery(0, 0, 5, Map.of(FindingsDelivery.ACCESS_DENIED, 5),
                "securityhub:BatchImportFindings in eu-west-1 was denied (AccessDeniedException) (5 refused)");
        BuildReportInput input = new BuildReportInput(Fixtures.listing(List.of(account(1), account(2), account(3), account(4)), List.of(), 0),
                List.of(Fixtures.succeeded(1).withFindings(all), Fixtures.succeeded(2).withFindings(partly),
                        Fixtures.succeeded(3).withFindings(refused), Fixtures.roleNotAssumable(4)),
                Fixtures.EXECUTION, Fixtures.STARTED_AT);

        Report report = builder.build(input);

        assertThat(report.summary().findings()).isEqualTo(new FindingsSummary(9, 2, 5,
                Map.of(FindingsDelivery.NOT_ENABLED, 2, FindingsDelivery.ACCESS_DENIED, 5)));
        Map<String, FindingsDelivery> byAccount = new java.util.HashMap<>();
        report.accounts().forEach(row -> byAccount.put(row.accountId(), row.findings()));
        assertThat(byAccount).containsEntry(accountId(1), all).containsEntry(accountId(2), partly)
                .containsEntry(accountId(3), refused).containsEntry(accountId(4), null);
    }

    @Test
    void withTheExportOffThereIsNoFindingsFieldAnywhere() {
        BuildReportInput input = new BuildReportInput(Fixtures.listing(List.of(account(1)), List.of(), 0),
                List.of(Fixtures.succeeded(1)), Fixtures.EXECUTION, Fixtures.STARTED_AT);

        Report report = builder.build(input);

        assertThat(report.summary().findings()).isNull();
        assertThat(report.accounts()).extracting(ReportRow::findings).containsOnlyNulls();
        assertThat(com.auditremediation.core.Json.write(report)).doesNotContain("findings");
    }

    @Test
    void aRowLeftWithoutEvidenceForSizeKeepsItsFindingsAndARowAllExportedIsSmall() throws Exception {
        CheckResult bulky = CheckResult.nonCompliant("iam-password-policy", null, "too weak",
                Map.of("Evidence", "x".repeat(2_000)));
        AccountResult result = AccountResult.failed(accountId(1),
                com.auditremediation.core.error.ErrorCode.CHECK_FAILED, "a check failed", List.of(bulky), 900L)
                .withFindings(new FindingsDelivery(3, 0, 0, Map.of(), null));
        BuildReportInput input = new BuildReportInput(Fixtures.listing(List.of(account(1)), List.of(), 0),
                List.of(result), Fixtures.EXECUTION, Fixtures.STARTED_AT);
        Report whole = builder.whole(input);
        int budget = ReportFitter.bytes(whole) - 1_000;

        Report fitted = new ReportBuilder(Fixtures.CLOCK, budget).build(input);

        assertThat(fitted.truncated()).isTrue();
        assertThat(fitted.note()).contains("evidence of the checks is left out");
        assertThat(fitted.accounts()).singleElement().extracting(ReportRow::findings).isEqualTo(result.findings());
        assertThat(com.auditremediation.core.Json.mapper().writeValueAsString(result.findings())).isEqualTo("{\"exported\":3}");
        assertThat(com.auditremediation.core.Json.mapper().readValue("{\"skipped\":2,\"reasons\":{\"SECURITY_HUB_NOT_ENABLED\":2}}",
                FindingsDelivery.class)).as("counts left out of the JSON read back as zero")
                .isEqualTo(new FindingsDelivery(0, 2, 0, Map.of(FindingsDelivery.NOT_ENABLED, 2), null));
    }
}
