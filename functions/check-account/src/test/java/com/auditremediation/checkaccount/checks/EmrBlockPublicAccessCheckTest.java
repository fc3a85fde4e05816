package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.testing.CheckArrangement;
import com.auditremediation.checkaccount.testing.CheckFixtures;
import com.auditremediation.checkaccount.testing.CheckInputs;
import com.auditremediation.checkaccount.testing.CheckerHarness;
import com.auditremediation.checkaccount.testing.MemberAccount;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Mode;
import com.auditremediation.local.FaultRule;
import com.auditremediation.local.MotoExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.model.BlockPublicAccessConfiguration;
import software.amazon.awssdk.services.emr.model.PortRange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * EMR block public access against moto 5.2.1, with a correction in front of it. moto keeps the configuration per
 * account and correctly stores {@code BlockPublicSecurityGroupRules=true} with any port ranges, so the compliant
 * state, extra permitted ports and the fix's write and read-back all go to moto. Three things it gets wrong, and how
 * these tests correct them:
 *
 * <ul>
 *   <li>it stores {@code BlockPublicSecurityGroupRules=false} as true, so the setting can never be off in moto: where
 *   a test needs it off, the fault proxy answers GetBlockPublicAccessConfiguration as AWS would
 *   ({@link #answersGet}), for the first read only when the test then fixes it, so that the fix and the read-back
 *   reach moto;</li>
 *   <li>with nothing ever put it answers a configuration without the field, where AWS answers its default for a new
 *   account (on, port 22 permitted): the test of that state answers AWS's default from the proxy, and asserts moto's
 *   answer so that we notice when moto changes;</li>
 *   <li>it keeps one configuration per account whatever the region (the region comes from the endpoint's host name,
 *   which is 127.0.0.1 here), so these tests do not tell regions apart: per-region behaviour is SettingCheck's, proven
 *   by the EBS check's tests.</li>
 * </ul>
 */
class EmrBlockPublicAccessCheckTest implements CheckArrangement {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String ACCOUNT_ID = "111122223333";
    private static final String CHECK_ID = "emr-block-public-access";
    private static final List<String> CHECK = List.of(CHECK_ID);
    private static final String GET = "ElasticMapReduce.GetBlockPublicAccessConfiguration";
    private static final String PUT = "ElasticMapReduce.PutBlockPublicAccessConfiguration";

    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID);

    @Override
    public void arrangeCompliant(CheckFixtures.Fixture fixture) {
        put(fixture.account(), range(22, 22));
    }

    /** On, but RDP (3389) permitted from anywhere as well as SSH: a state moto holds as AWS does. */
    @Override
    public void arrangeNonCompliant(CheckFixtures.Fixture fixture) {
        put(fixture.account(), range(22, 22), range(3389, 3389));
    }

    @Override
    public Object state(CheckFixtures.Fixture fixture) {
        return emr(fixture.account()).getBlockPublicAccessConfiguration(r -> { }).blockPublicAccessConfiguration().toString();
    }

    @Test
    void awsDefaultForANewAccountOnWithPort22IsCompliant() {
        // moto's quirk: nothing put yet, and the answer has no BlockPublicSecurityGroupRules at all.
        assertThat(emr(harness.account()).getBlockPublicAccessConfiguration(r -> { }).blockPublicAccessConfiguration()
                .blockPublicSecurityGroupRules()).isNull();
        MOTO.inject(answersGet(true, FaultRule.UNLIMITED));

        CheckResult result = run(Mode.AUDIT);

        assertThat(result).isEqualTo(CheckResult.compliant(CHECK_ID, "eu-west-1"));
        assertThat(harness.actions()).containsExactly("elasticmapreduce:GetBlockPublicAccessConfiguration");
    }

    @Test
    void offIsNonCompliant() {
        MOTO.inject(answersGet(false, FaultRule.UNLIMITED));

        CheckResult result = run(Mode.AUDIT);

        assertThat(result).isEqualTo(CheckResult.nonCompliant(CHECK_ID, "eu-west-1",
                "EMR block public access off; turn it on",
                Map.of("BlockPublicSecurityGroupRules", false)));
    }

    @Test
    void aPermittedPortOtherThan22IsNonCompliant() {
        put(harness.account(), range(22, 22), range(8080, 8090));

        CheckResult result = run(Mode.AUDIT);

        assertThat(result.status()).isEqualTo(CheckStatus.NON_COMPLIANT);
        assertThat(result.detail()).isEqualTo("EMR block public access permits ports other than 22; keep 22 the only exception");
        assertThat(result.before()).isEqualTo(Map.of("PermittedPublicSecurityGroupRuleRanges", List.of("22", "8080-8090")));
        assertThat(harness.actions()).doesNotContain("elasticmapreduce:PutBlockPublicAccessConfiguration");
    }

    @Test
    void remediationTurnsItOnWithPort22TheOnlyExceptionAndTheSecondRunWritesNothing() {
        MOTO.inject(answersGet(false, 1));

        CheckResult fixed = run(Mode.REMEDIATE);
        int actionsAfterFirst = harness.actions().size();
        CheckResult again = run(Mode.REMEDIATE);

        assertThat(fixed).isEqualTo(CheckResult.remediated(CHECK_ID, "eu-west-1",
                "elasticmapreduce:PutBlockPublicAccessConfiguration", Map.of("BlockPublicSecurityGroupRules", false),
                Map.of("BlockPublicSecurityGroupRules", true)));
        assertThat(emr(harness.account()).getBlockPublicAccessConfiguration(r -> { }).blockPublicAccessConfiguration()).isEqualTo(
                BlockPublicAccessConfiguration.builder().blockPublicSecurityGroupRules(true).permittedPublicSecurityGroupRuleRanges(range(22, 22)).build());
        assertThat(again.status()).isEqualTo(CheckStatus.COMPLIANT);
        assertThat(harness.actions().subList(actionsAfterFirst, harness.actions().size()))
                .containsExactly("elasticmapreduce:GetBlockPublicAccessConfiguration");
    }

    @Test
    void remediationRemovesTheOtherPermittedPorts() {
        put(harness.account(), range(22, 22), range(3389, 3389));

        CheckResult fixed = run(Mode.REMEDIATE);

        assertThat(fixed.status()).isEqualTo(CheckStatus.REMEDIATED);
        assertThat(fixed.before()).isEqualTo(Map.of("PermittedPublicSecurityGroupRuleRanges", List.of("22", "3389")));
        assertThat(fixed.after()).isEqualTo(Map.of("PermittedPublicSecurityGroupRuleRanges", List.of("22")));
        assertThat(emr(harness.account()).getBlockPublicAccessConfiguration(r -> { }).blockPublicAccessConfiguration()
                .permittedPublicSecurityGroupRuleRanges()).containsExactly(range(22, 22));
    }

    @Test
    void aRefusedFixIsAnErrorAndLeavesTheConfiguration() {
        put(harness.account(), range(22, 22), range(3389, 3389));
        MOTO.inject(new FaultRule("elasticmapreduce:PutBlockPublicAccessConfiguration denied", request -> PUT.equals(request.target()),
                FaultRule.UNLIMITED, 400, "application/x-amz-json-1.1",
                "{\"__type\":\"AccessDeniedException\",\"Message\":\"User: arn:aws:sts::111122223333:assumed-role/"
                        + "aws-controltower-ReadOnlyExecutionRole/s is not authorized to perform:"
                        + " elasticmapreduce:PutBlockPublicAccessConfiguration on resource: *\"}"));

        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, CHECK, List.of()));

        assertThat(result.status()).isEqualTo(AccountStatus.FAILED);
        assertThat(result.checks()).singleElement().satisfies(check -> {
            assertThat(check.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(check.detail()).startsWith("could not fix (EMR block public access permits ports other than 22")
                    .contains("AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/aws-controltower-ReadOnlyExecutionRole")
                    .endsWith("administrator roles (aws-controltower-AuditAdministratorRole -> aws-controltower-AdministratorExecutionRole)"
                            + " with elasticmapreduce:PutBlockPublicAccessConfiguration");
            assertThat(check.before()).isEqualTo(Map.of("PermittedPublicSecurityGroupRuleRanges", List.of("22", "3389")));
        });
        assertThat(emr(harness.account()).getBlockPublicAccessConfiguration(r -> { }).blockPublicAccessConfiguration()
                .permittedPublicSecurityGroupRuleRanges()).containsExactly(range(22, 22), range(3389, 3389));
    }

    /**
     * GetBlockPublicAccessConfiguration answered {@code times} times as AWS answers it, on or off with port 22
     * permitted (AWS's default exception), with the metadata AWS always sends.
     */
    private static FaultRule answersGet(boolean on, int times) {
        return new FaultRule("elasticmapreduce:GetBlockPublicAccessConfiguration answers " + (on ? "on" : "off"),
                request -> GET.equals(request.target()), times, 200, "application/x-amz-json-1.1",
                "{\"BlockPublicAccessConfiguration\":{\"BlockPublicSecurityGroupRules\":" + on + ","
                        + "\"PermittedPublicSecurityGroupRuleRanges\":[{\"MinRange\":22,\"MaxRange\":22}]},"
                        + "\"BlockPublicAccessConfigurationMetadata\":{\"CreationDateTime\":1.574640000E9,"
                        + "\"CreatedByArn\":\"arn:aws:iam::" + ACCOUNT_ID + ":root\"}}");
    }

    private CheckResult run(Mode mode) {
        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, mode, CHECK, List.of()));
        assertThat(result.status()).as(result.toString()).isEqualTo(AccountStatus.SUCCEEDED);
        return result.checks().get(0);
    }

    private static void put(MemberAccount account, PortRange... permitted) {
        emr(account).putBlockPublicAccessConfiguration(r -> r.blockPublicAccessConfiguration(c -> c
                .blockPublicSecurityGroupRules(true).permittedPublicSecurityGroupRuleRanges(permitted)));
    }

    private static PortRange range(int min, int max) {
        return PortRange.builder().minRange(min).maxRange(max).build();
    }

    private static EmrClient emr(MemberAccount account) {
        return account.client(EmrClient.builder());
    }
}
