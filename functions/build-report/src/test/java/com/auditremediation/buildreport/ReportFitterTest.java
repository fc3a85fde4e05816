package com.auditremediation.buildreport;

import com.auditremediation.core.model.Report;
import com.auditremediation.core.model.SweepChanges;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What goes out of a state when the report with its changes does not fit: the list of changes before any row. */
class ReportFitterTest {

    private static final String WHOLE = "s3://bucket/reports/2025/03/01/sweep-1/report.json";

    @Test
    void thePerAccountListOfChangesIsLeftOutBeforeAnyRowAndItsCountsStay() {
        Report report = DeliveryFixtures.report("sweep-1").withChanges(changes(2_000));

        ReportFitter.Fitted fitted = new ReportFitter(20_000).fit(report, null, WHOLE);

        assertThat(ReportFitter.bytes(report)).isGreaterThan(20_000);
        assertThat(fitted.report().truncated()).isNull();
        assertThat(fitted.report().accounts()).isEqualTo(report.accounts());
        assertThat(fitted.report().changes().accounts()).isNull();
        assertThat(fitted.report().changes().counts()).isEqualTo(report.changes().counts());
        assertThat(fitted.report().note()).isEqualTo("What changed since the previous sweep is counted here; the whole report lists it"
                + " per account (in " + WHOLE + ").");
        assertThat(fitted.bytes()).isLessThanOrEqualTo(20_000);
    }

    @Test
    void aReportThatMustLeaveRowsOutSaysTheChangesAreCountedOnly() {
        Report report = new ReportBuilder(Fixtures.CLOCK, ReportBuilder.DEFAULT_BYTE_BUDGET).whole(DeliveryFixtures.organisation("sweep-big", 200,
                i -> Fixtures.everyCheck(i, com.auditremediation.core.model.CheckStatus.NON_COMPLIANT))).withChanges(changes(10));

        ReportFitter.Fitted fitted = new ReportFitter(20_000).fit(report, null, WHOLE);

        assertThat(fitted.report().truncated()).isTrue();
        assertThat(fitted.report().changes().accounts()).isNull();
        assertThat(fitted.report().note()).contains("What changed since the previous sweep is counted here; the whole report lists it per account.");
    }

    private static SweepChanges changes(int accounts) {
        return new SweepChanges(SweepChanges.Basis.SAME_SCOPE, new SweepChanges.PreviousSweep("sweep-0", "2025-02-28T10:00:00Z", WHOLE), null,
                new SweepChanges.Compared(accounts, List.of("iam-password-policy"), List.of()),
                new SweepChanges.Counts(accounts, 0, 0, 0, 0, 0), Map.of("iam-password-policy", new SweepChanges.ResultCounts(accounts, 0, 0, 0)),
                IntStream.range(0, accounts).mapToObj(i -> new SweepChanges.AccountChanges(Fixtures.accountId(i), "account-" + i, "ou-1", null,
                        List.of(new SweepChanges.ResultRef("iam-password-policy", null)), null, null, null)).toList());
    }
}
