package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.testing.CheckArrangement;
import com.auditremediation.checkaccount.testing.CheckFixtures;
import com.auditremediation.checkaccount.testing.CheckerHarness;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Mode;
import com.auditremediation.local.MotoExtension;
import com.auditremediation.local.standin.StandInAdmin;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceMetadataDefaultsResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * moto 5.2.1 has no instance metadata defaults: the stand-in serves them at moto's endpoint (docs/stand-in.md), per
 * account and region, with no preference in a new account as on AWS.
 */
class Imdsv2DefaultCheckTest implements CheckArrangement {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String ACCOUNT_ID = "111122223333";
    private static final String CHECK_ID = "imdsv2-default";
    private static final List<Region> REGIONS = List.of(Region.EU_WEST_1, Region.US_EAST_1);
    private static final String PROBLEM = "new instances in this region do not require IMDSv2 by default (HttpTokens %s);"
            + " set the account's default HttpTokens to required";

    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID);

    @Override
    public void arrangeCompliant(CheckFixtures.Fixture fixture) {
        fixture.regions().forEach(region -> fixture.account().ec2(region).modifyInstanceMetadataDefaults(r -> r.httpTokens("required")));
    }

    /** The first region as a new account has it (no preference), the others with IMDSv1 allowed outright. */
    @Override
    public void arrangeNonCompliant(CheckFixtures.Fixture fixture) {
        fixture.regions().stream().skip(1).forEach(region -> fixture.account().ec2(region).modifyInstanceMetadataDefaults(r -> r.httpTokens("optional")));
    }

    @Override
    public Object state(CheckFixtures.Fixture fixture) {
        return fixture.regions().stream().map(region -> region.id() + "=" + defaults(fixture.account().ec2(region))).toList();
    }

    @Test
    void aNewAccountHasNoPreferenceAndIsNonCompliant() {
        AccountResult result = run(Mode.AUDIT, List.of());

        assertThat(CheckerHarness.only(result)).isEqualTo(CheckResult.nonCompliant(CHECK_ID, "eu-west-1", PROBLEM.formatted("no-preference"),
                Map.of("HttpTokens", "no-preference")));
        assertThat(harness.actions()).containsExactly("ec2:GetInstanceMetadataDefaults");
    }

    @Test
    void onlyRequiredTokensAreCompliantInEachRegion() {
        harness.account().ec2(Region.EU_WEST_1).modifyInstanceMetadataDefaults(r -> r.httpTokens("required"));
        harness.account().ec2(Region.US_EAST_1).modifyInstanceMetadataDefaults(r -> r.httpTokens("optional"));

        AccountResult result = run(Mode.AUDIT, REGIONS);

        assertThat(result.checks()).containsExactly(CheckResult.compliant(CHECK_ID, "eu-west-1"),
                CheckResult.nonCompliant(CHECK_ID, "us-east-1", PROBLEM.formatted("optional"), Map.of("HttpTokens", "optional")));
    }

    @Test
    void remediationRequiresTokensForNewLaunchesSaysSoAndKeepsTheOtherDefaults() {
        arrangeNonCompliant(new CheckFixtures.Fixture(harness.account(), MOTO, REGIONS));
        Ec2Client usEast1 = harness.account().ec2(Region.US_EAST_1);
        usEast1.modifyInstanceMetadataDefaults(r -> r.httpPutResponseHopLimit(2));

        AccountResult fixed = run(Mode.REMEDIATE, REGIONS);
        int callsAfterFirst = harness.calls().size();
        AccountResult again = run(Mode.REMEDIATE, REGIONS);

        String done = "ec2:ModifyInstanceMetadataDefaults (new launches only: running instances keep their own metadata options)";
        assertThat(fixed.checks()).containsExactly(
                CheckResult.remediated(CHECK_ID, "eu-west-1", done, Map.of("HttpTokens", "no-preference"), Map.of("HttpTokens", "required")),
                CheckResult.remediated(CHECK_ID, "us-east-1", done, Map.of("HttpTokens", "optional"), Map.of("HttpTokens", "required")));
        assertThat(defaults(usEast1).httpTokensAsString()).isEqualTo("required");
        assertThat(defaults(usEast1).httpPutResponseHopLimit()).isEqualTo(2);
        assertThat(again.checks()).extracting(CheckResult::status).containsOnly(CheckStatus.COMPLIANT);
        assertThat(harness.calls().subList(callsAfterFirst, harness.calls().size())).doesNotContain("ModifyInstanceMetadataDefaults");
    }

    @Test
    void aRefusedFixIsAnErrorAndLeavesTheDefaults() {
        CheckResult result = harness.refusedEc2Fix(CHECK_ID, "ModifyInstanceMetadataDefaults");

        assertThat(result.detail()).startsWith("could not fix (new instances in this region do not require IMDSv2 by default");
        assertThat(result.before()).isEqualTo(Map.of("HttpTokens", "no-preference"));
        assertThat(defaults(harness.account().ec2(Region.EU_WEST_1)).httpTokens()).isNull();
    }

    @Test
    void defaultsThatADeclarativePolicyManagesAreReportedAsSuchAndNeverWritten() {
        StandInAdmin admin = StandInAdmin.at(MOTO.endpoint());
        admin.manageByDeclarativePolicy(StandInAdmin.INSTANCE_METADATA_DEFAULTS, ACCOUNT_ID, "eu-west-1", Map.of("httpTokens", "optional"));
        admin.manageByDeclarativePolicy(StandInAdmin.INSTANCE_METADATA_DEFAULTS, ACCOUNT_ID, "us-east-1", Map.of("httpTokens", "required"));

        AccountResult result = run(Mode.REMEDIATE, REGIONS);

        assertThat(result.checks()).containsExactly(CheckResult.nonCompliant(CHECK_ID, "eu-west-1", "new instances in this region do not"
                        + " require IMDSv2 by default (HttpTokens optional), as an AWS Organizations declarative policy sets it (ManagedBy"
                        + " declarative-policy): set instance_metadata_defaults.http_tokens to required in the EC2 declarative policy, in the"
                        + " organisation's management account; not fixed: the member account cannot change a setting that a declarative"
                        + " policy manages", Map.of("HttpTokens", "optional", "ManagedBy", "declarative-policy")),
                CheckResult.compliant(CHECK_ID, "us-east-1"));
        assertThat(harness.actions()).doesNotContain("ec2:ModifyInstanceMetadataDefaults");
    }

    private AccountResult run(Mode mode, List<Region> regions) {
        return harness.run(CHECK_ID, mode, regions, AccountStatus.SUCCEEDED);
    }

    private static InstanceMetadataDefaultsResponse defaults(Ec2Client ec2) {
        return ec2.getInstanceMetadataDefaults(r -> { }).accountLevel();
    }
}
