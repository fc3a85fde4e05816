package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.testing.CheckFixtures;
import com.auditremediation.checkaccount.testing.CheckInputs;
import com.auditremediation.checkaccount.testing.CheckerHarness;
import com.auditremediation.checkaccount.testing.FixableSettings;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.model.Mode;
import com.auditremediation.local.MotoExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IAM actions a check declares are proven, not trusted: every check runs against moto, its setting non-compliant,
 * in audit and then in remediate mode, and every call it makes (as the IAM action it needs) must be among its
 * declared read actions in audit mode, and its read or fix actions in remediate mode; audit makes no fix call of any
 * check at all. The policy that {@code bin/audit-remediation policy} prints is made from the same declarations.
 */
class DeclaredActionsTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.restartedBeforeEachTest();

    private static final List<Region> REGIONS = List.of(Region.EU_WEST_1, Region.US_EAST_1);
    private static int accounts;

    private CheckerHarness harness;
    private String accountId;

    @BeforeEach
    void setUp() {
        // A fresh account for each check: moto keeps state per account.
        accountId = String.format("%012d", 210000000000L + ++accounts);
        harness = new CheckerHarness(MOTO, accountId, FixableSettings.ALL).start();
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    static Stream<String> checks() {
        return CheckRegistry.create().ids().stream();
    }

    @ParameterizedTest
    @MethodSource("checks")
    void aCheckCallsOnlyTheActionsItDeclares(String checkId) {
        CheckDescriptor declared = CheckRegistry.create().get(checkId).descriptor();
        // Only this check's setting: arranging every check's for each of them made the test grow with the square of the catalog.
        CheckFixtures.arrangeNonCompliant(new CheckFixtures.Fixture(harness.account(), MOTO, REGIONS), checkId);

        harness.checker().check(CheckInputs.of(accountId, Mode.AUDIT, List.of(checkId), REGIONS));
        List<String> audit = List.copyOf(harness.actions());
        harness.checker().check(CheckInputs.of(accountId, Mode.REMEDIATE, List.of(checkId), REGIONS));
        List<String> remediate = harness.actions().subList(audit.size(), harness.actions().size());

        List<String> readOrFix = new ArrayList<>(declared.readActions());
        readOrFix.addAll(declared.fixActions());
        assertThat(audit).as("%s in audit mode", checkId).isNotEmpty()
                .allMatch(declared.readActions()::contains, "one of its readActions " + declared.readActions())
                .doesNotContainAnyElementsOf(CheckerHarness.fixActions());
        assertThat(remediate).as("%s in remediate mode", checkId).isNotEmpty()
                .allMatch(readOrFix::contains, "one of its readActions or fixActions " + readOrFix);
        if (declared.fixable()) {
            assertThat(remediate).as("%s fixes a non-compliant setting with a declared fix action", checkId)
                    .containsAnyElementsOf(declared.fixActions());
        }
    }
}
