package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.testing.CheckArrangement;
import com.auditremediation.checkaccount.testing.CheckFixtures;
import com.auditremediation.checkaccount.testing.CheckInputs;
import com.auditremediation.checkaccount.testing.CheckerHarness;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.Mode;
import com.auditremediation.local.MotoExtension;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;

class CallerIdentityCheckTest implements CheckArrangement {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String ACCOUNT_ID = "111122223333";

    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID);

    /** The access path is what it is: nothing to arrange. */
    @Override
    public void arrangeCompliant(CheckFixtures.Fixture fixture) {
    }

    /** No account state makes it fail: only a wrong role or account would (AccountCheckerTest covers the check's ERROR). */
    @Override
    public void arrangeNonCompliant(CheckFixtures.Fixture fixture) {
    }

    @Override
    public Object state(CheckFixtures.Fixture fixture) {
        return "stateless";
    }

    @Test
    void theAssumedSessionInTheTargetAccountIsCompliantInBothModesWithOneCall() {
        for (Mode mode : Mode.values()) {
            AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, mode, List.of("caller-identity"), List.of(Region.EU_WEST_1)));

            assertThat(result.checks()).containsExactly(CheckResult.compliant("caller-identity", null));
        }
        assertThat(harness.actions()).containsExactly("sts:GetCallerIdentity", "sts:GetCallerIdentity");
    }
}
