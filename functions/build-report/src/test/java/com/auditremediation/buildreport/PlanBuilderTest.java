package com.auditremediation.buildreport;

import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Plan;
import com.auditremediation.core.model.PlanItem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static com.auditremediation.buildreport.Fixtures.account;
import static com.auditremediation.buildreport.Fixtures.accountId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class PlanBuilderTest {

    private final PlanBuilder planner = new PlanBuilder(Fixtures.CLOCK, CheckCatalog.shipped());

    @Test
    void everyNonCompliantResultWithAFixIsAnItemAndFindingsWithoutAFixAreNot() {
        BuildReportInput input = new BuildReportInput(Fixtures.listing(List.of(account(1), account(2), account(3)), List.of(), 0),
                List.of(Fixtures.everyCheck(1, CheckStatus.NON_COMPLIANT), Fixtures.everyCheck(2, CheckStatus.COMPLIANT),
                        Fixtures.roleNotAssumable(3)), Fixtures.EXECUTION, Fixtures.STARTED_AT);

        Plan plan = planner.plan(input);

        assertThat(plan.itemCount()).isEqualTo(4);
        assertThat(plan.accounts()).singleElement().satisfies(planned -> assertThat(planned.account()).isEqualTo(account(1)));
        assertThat(plan.items()).extracting(PlanItem::accountId, PlanItem::checkId, PlanItem::region, PlanItem::before).containsExactly(
                tuple(accountId(1), "iam-password-policy", null, Map.of("MinimumPasswordLength", 8)),
                tuple(accountId(1), "s3-account-public-access-block", null, Map.of("BlockPublicPolicy", false)),
                tuple(accountId(1), "ebs-default-encryption", "eu-west-1", Map.of("EbsEncryptionByDefault", false)),
                tuple(accountId(1), "ebs-default-encryption", "us-east-1", Map.of("EbsEncryptionByDefault", false)));
        assertThat(plan.items().get(0).fix()).startsWith("iam:UpdateAccountPasswordPolicy, so that: ");
        assertThat(plan.items().get(0).accountName()).isEqualTo(account(1).name());
        assertThat(plan.executionName()).isEqualTo(Fixtures.EXECUTION);
        assertThat(plan.startedAt()).isEqualTo(Fixtures.STARTED_AT);
        assertThat(plan.createdAt()).isEqualTo(Fixtures.NOW.toString());
    }

    @Test
    void aSweepWithoutFixableFindingsPlansNothing() {
        BuildReportInput input = new BuildReportInput(Fixtures.listing(List.of(account(1)), List.of(), 0),
                List.of(Fixtures.succeeded(1)), Fixtures.EXECUTION, Fixtures.STARTED_AT);

        Plan plan = planner.plan(input);

        assertThat(plan.itemCount()).isZero();
        assertThat(plan.accounts()).isEmpty();
    }
}
