package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.testing.CheckArrangement;
import com.auditremediation.checkaccount.testing.CheckFixtures;
import com.auditremediation.checkaccount.testing.CheckInputs;
import com.auditremediation.checkaccount.testing.CheckerHarness;
import com.auditremediation.checkaccount.testing.MemberAccount;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.Mode;
import com.auditremediation.local.MotoExtension;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.inspector2.Inspector2Client;
import software.amazon.awssdk.services.inspector2.model.ResourceScanType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Amazon Inspector in moto 5.2.1 ({@code Enable} and {@code Disable} per resource type; {@code Enable} needs
 * {@code accountIds} there), with the stand-in's correction of {@code BatchGetAccountStatus} at moto's endpoint (an
 * account where Inspector never ran reads {@code DISABLED}, as on AWS, where moto leaves it out).
 */
class InspectorScanningCheckTest implements CheckArrangement {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String ACCOUNT_ID = "111122223333";
    private static final String CHECK_ID = "inspector-scanning";
    private static final List<String> CHECK = List.of(CHECK_ID);

    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID);

    @Override
    public void arrangeCompliant(CheckFixtures.Fixture fixture) {
        fixture.regions().forEach(region -> enable(fixture.account(), region, ResourceScanType.EC2, ResourceScanType.ECR,
                ResourceScanType.LAMBDA, ResourceScanType.LAMBDA_CODE));
    }

    /** EC2 scanning alone in the first region, nothing in the others. */
    @Override
    public void arrangeNonCompliant(CheckFixtures.Fixture fixture) {
        enable(fixture.account(), fixture.regions().get(0), ResourceScanType.EC2);
    }

    @Override
    public Object state(CheckFixtures.Fixture fixture) {
        return fixture.regions().stream().map(region -> region.id() + "=" + inspector(fixture.account(), region)
                .batchGetAccountStatus(r -> r.accountIds(fixture.account().accountId())).accounts().get(0).resourceState()).toList();
    }

    @Test
    void everyScanActiveIsCompliantEachInactiveOneIsNamedByControl() {
        enable(harness.account(), Region.EU_WEST_1, ResourceScanType.EC2, ResourceScanType.ECR, ResourceScanType.LAMBDA, ResourceScanType.LAMBDA_CODE);
        enable(harness.account(), Region.AP_SOUTHEAST_2, ResourceScanType.EC2, ResourceScanType.LAMBDA);

        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, CHECK,
                List.of(Region.EU_WEST_1, Region.US_EAST_1, Region.AP_SOUTHEAST_2)));

        assertThat(result.status()).isEqualTo(AccountStatus.SUCCEEDED);
        Map<String, Object> never = new LinkedHashMap<>();
        List.of("Inspector.1", "Inspector.2", "Inspector.3", "Inspector.4").forEach(control -> never.put(control, "DISABLED"));
        assertThat(result.checks()).containsExactly(
                CheckResult.compliant(CHECK_ID, "eu-west-1"),
                CheckResult.nonCompliant(CHECK_ID, "us-east-1", "Amazon Inspector scans not active: Inspector.1, Inspector.2,"
                        + " Inspector.3, Inspector.4; the delegated Inspector administrator activates them", never),
                CheckResult.nonCompliant(CHECK_ID, "ap-southeast-2", "Amazon Inspector scans not active: Inspector.2, Inspector.3;"
                        + " the delegated Inspector administrator activates them",
                        Map.of("Inspector.2", "DISABLED", "Inspector.3", "DISABLED")));
        assertThat(harness.actions()).containsOnly("inspector2:BatchGetAccountStatus");
    }

    @Test
    void remediateModeActivatesNothingAndSaysWhoActs() {
        enable(harness.account(), Region.EU_WEST_1, ResourceScanType.EC2, ResourceScanType.ECR, ResourceScanType.LAMBDA);

        CheckResult result = CheckerHarness.only(harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, CHECK, List.of())));

        assertThat(result).isEqualTo(CheckResult.nonCompliant(CHECK_ID, "eu-west-1", "not fixed (audit only): Amazon Inspector scans not"
                + " active: Inspector.3; the delegated Inspector administrator activates them",
                Map.of("Inspector.3", "DISABLED")));
        assertThat(inspector(harness.account(), Region.EU_WEST_1).batchGetAccountStatus(r -> r.accountIds(ACCOUNT_ID)).accounts().get(0)
                .resourceState().lambdaCode().statusAsString()).as("left as it was").isEqualTo("DISABLED");
        assertThat(harness.actions()).containsOnly("inspector2:BatchGetAccountStatus");
        assertThat(CheckRegistry.create().get(CHECK_ID).descriptor().recommendation()).contains("delegated administrator", "account's owner");
    }

    private static void enable(MemberAccount account, Region region, ResourceScanType... types) {
        inspector(account, region).enable(r -> r.accountIds(account.accountId()).resourceTypes(types));
    }

    private static Inspector2Client inspector(MemberAccount account, Region region) {
        return account.client(Inspector2Client.builder(), region);
    }
}
