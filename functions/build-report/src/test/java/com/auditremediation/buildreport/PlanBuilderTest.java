package com.auditremediation.buildreport;

import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.DeclarativePolicy;
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
    void aSettingThatADeclarativePolicyManagesIsNoItem() {
        // The member account cannot change it, whoever approves: the result stays a finding of the report.
        CheckResult managed = CheckResult.nonCompliant("ebs-default-encryption", "eu-west-1", "managed by a declarative policy",
                Map.of("EbsEncryptionByDefault", false, DeclarativePolicy.MANAGED_BY, DeclarativePolicy.MANAGED_BY_POLICY));
        CheckResult fixable = CheckResult.nonCompliant("ebs-default-encryption", "us-east-1", "off", Map.of("EbsEncryptionByDefault", false));
        BuildReportInput input = new BuildReportInput(Fixtures.listing(List.of(account(1)), List.of(), 0),
                List.of(AccountResult.succeeded(accountId(1), List.of(managed, fixable), 1_000L)), Fixtures.EXECUTION, Fixtures.STARTED_AT);

        Plan plan = planner.plan(input);

        assertThat(plan.items()).extracting(PlanItem::checkId, PlanItem::region).containsExactly(tuple("ebs-default-encryption", "us-east-1"));
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
