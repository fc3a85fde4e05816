package com.auditremediation.buildreport;

import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Report;
import java.util.List;
import java.util.stream.IntStream;

import static com.auditremediation.buildreport.Fixtures.account;
import static com.auditremediation.buildreport.Fixtures.listing;

/** Whole reports as BuildReport hands them to delivery, built from the shared fixtures by the real builder. */
final class DeliveryFixtures {

    private static final ReportBuilder BUILDER = new ReportBuilder(Fixtures.CLOCK, ReportBuilder.DEFAULT_BYTE_BUDGET);

    private DeliveryFixtures() {
    }

    /** Three accounts: one compliant, one with findings in every check but caller-identity, one whose role was refused. */
    static BuildReportInput input(String executionName) {
        return new BuildReportInput(listing(List.of(account(1), account(2), account(3)), List.of(), 0),
                List.of(Fixtures.everyCheck(1, CheckStatus.COMPLIANT), Fixtures.everyCheck(2, CheckStatus.NON_COMPLIANT),
                        Fixtures.roleNotAssumable(3)),
                executionName, Fixtures.STARTED_AT);
    }

    static Report report(String executionName) {
        return BUILDER.whole(input(executionName));
    }

    /** {@code count} accounts, every check compliant. */
    static BuildReportInput allPassed(String executionName, int count) {
        return new BuildReportInput(listing(IntStream.range(0, count).mapToObj(Fixtures::account).toList(), List.of(), 0),
                IntStream.range(0, count).mapToObj(i -> Fixtures.everyCheck(i, CheckStatus.COMPLIANT)).toList(),
                executionName, Fixtures.STARTED_AT);
    }

    /** {@code count} accounts, each {@code result}. */
    static BuildReportInput organisation(String executionName, int count, java.util.function.IntFunction<AccountResult> result) {
        return new BuildReportInput(listing(IntStream.range(0, count).mapToObj(Fixtures::account).toList(), List.of(), 0),
                IntStream.range(0, count).mapToObj(result).toList(), executionName, Fixtures.STARTED_AT);
    }
}
