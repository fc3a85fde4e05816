package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.findings.FindingsExporter;
import com.auditremediation.checkaccount.testing.CheckArrangement;
import com.auditremediation.checkaccount.testing.CheckFixtures;
import com.auditremediation.checkaccount.testing.CheckInputs;
import com.auditremediation.checkaccount.testing.CheckerHarness;
import com.auditremediation.checkaccount.testing.MemberAccount;
import com.auditremediation.checkaccount.testing.ProxyTraffic;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Mode;
import com.auditremediation.local.MotoExtension;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.ComplianceStatus;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DocumentKeyValuesFilter;
import software.amazon.awssdk.services.ssm.model.DocumentPermissionType;
import software.amazon.awssdk.services.ssm.model.DocumentType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SSM documents in moto 5.2.1 (CreateDocument, ListDocuments with the Owner filter, DescribeDocumentPermission,
 * ModifyDocumentPermission: read back through the SDK here), and the public sharing setting from the stand-in at
 * moto's endpoint (moto has no service settings; its default is AWS's, {@code Enable}).
 */
class SsmDocumentsNotPublicCheckTest implements CheckArrangement {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String ACCOUNT_ID = "111122223333";
    private static final String CHECK_ID = "ssm-documents-not-public";
    private static final List<String> CHECK = List.of(CHECK_ID);
    private static final List<Region> REGIONS = List.of(Region.EU_WEST_1, Region.US_EAST_1);
    private static final List<String> READS = List.of("ssm:GetServiceSetting", "ssm:ListDocuments", "ssm:DescribeDocumentPermission");

    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID);

    @Override
    public void arrangeCompliant(CheckFixtures.Fixture fixture) {
        fixture.regions().forEach(region -> blockPublicSharing(fixture.account(), region));
    }

    /** A document shared with everyone in the first region, public sharing allowed (AWS's default) everywhere. */
    @Override
    public void arrangeNonCompliant(CheckFixtures.Fixture fixture) {
        createDocument(fixture.account(), fixture.regions().get(0), "runbook-public", "All");
    }

    @Override
    public Object state(CheckFixtures.Fixture fixture) {
        return fixture.regions().stream().map(region -> region.id() + "=" + setting(fixture.account(), region) + " "
                + ssm(fixture.account(), region).listDocuments(r -> r.filters(self())).documentIdentifiers().stream()
                .map(document -> document.name() + ":" + sharedWith(fixture.account(), region, document.name())).toList()).toList();
    }

    @Test
    void blockedAndNothingPublicIsCompliantADocumentSharedWithAnAccountIsNotPublic() {
        REGIONS.forEach(region -> blockPublicSharing(harness.account(), region));
        createDocument(harness.account(), Region.US_EAST_1, "shared-with-one-account", "444455556666");

        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, CHECK, REGIONS));

        assertThat(result.status()).isEqualTo(AccountStatus.SUCCEEDED);
        assertThat(result.checks()).containsExactly(CheckResult.compliant(CHECK_ID, "eu-west-1"), CheckResult.compliant(CHECK_ID, "us-east-1"));
        assertThat(harness.actions()).containsOnlyElementsOf(READS).contains("ssm:DescribeDocumentPermission");
    }

    @Test
    void eachRegionSaysWhichControlFailsWithItsOwnEvidence() {
        blockPublicSharing(harness.account(), Region.US_EAST_1);
        createDocument(harness.account(), Region.US_EAST_1, "runbook-public", "All");
        createDocument(harness.account(), Region.US_EAST_1, "runbook-private", null);

        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, CHECK, REGIONS));

        assertThat(result.status()).isEqualTo(AccountStatus.SUCCEEDED);
        assertThat(result.checks()).containsExactly(
                CheckResult.nonCompliant(CHECK_ID, "eu-west-1", "SSM.7: block public sharing of SSM documents is off"
                        + " (public-sharing-permission Enable); turn it on", Map.of("SSM.7", Map.of("public-sharing-permission", "Enable"))),
                CheckResult.nonCompliant(CHECK_ID, "us-east-1", "SSM.4: shared publicly: runbook-public; stop sharing with everyone",
                        Map.of("SSM.4", Map.of("PublicDocuments", List.of("runbook-public")))));
        assertThat(harness.actions()).containsOnlyElementsOf(READS);
    }

    @Test
    void manyPublicDocumentsAreListedUpToTheCapThenCounted() {
        IntStream.rangeClosed(1, 12).forEach(i -> createDocument(harness.account(), Region.EU_WEST_1, String.format("doc-%02d", i), "All"));

        CheckResult result = CheckerHarness.only(harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, CHECK, List.of())));

        assertThat(result.before()).containsOnlyKeys("SSM.7", "SSM.4");
        assertThat(result.before().get("SSM.4")).isEqualTo(Map.of("PublicDocuments", List.of("doc-01", "doc-02", "doc-03", "doc-04",
                "doc-05", "doc-06", "doc-07", "doc-08", "doc-09", "doc-10", "and 2 more")));
    }

    @Test
    void remediationStopsPublicSharingAndBlocksItThenASecondRunWritesNothing() {
        createDocument(harness.account(), Region.EU_WEST_1, "runbook-public", "All");
        createDocument(harness.account(), Region.EU_WEST_1, "runbook-partner", "444455556666");

        CheckResult fixed = CheckerHarness.only(harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, CHECK, List.of())));
        int actionsAfterFirst = harness.actions().size();
        CheckResult again = CheckerHarness.only(harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, CHECK, List.of())));

        assertThat(fixed).isEqualTo(CheckResult.remediated(CHECK_ID, "eu-west-1", "ssm:UpdateServiceSetting, ssm:ModifyDocumentPermission",
                Map.of("SSM.7", Map.of("public-sharing-permission", "Enable"), "SSM.4", Map.of("PublicDocuments", List.of("runbook-public"))),
                Map.of("SSM.7", Map.of("public-sharing-permission", "Disable"), "SSM.4", Map.of("PublicDocuments", List.of()))));
        assertThat(setting(harness.account(), Region.EU_WEST_1)).isEqualTo("Disable");
        assertThat(sharedWith(harness.account(), Region.EU_WEST_1, "runbook-public")).isEmpty();
        assertThat(sharedWith(harness.account(), Region.EU_WEST_1, "runbook-partner")).as("shared by account id: kept").containsExactly("444455556666");
        assertThat(again).isEqualTo(CheckResult.compliant(CHECK_ID, "eu-west-1"));
        assertThat(harness.actions().subList(actionsAfterFirst, harness.actions().size())).containsOnlyElementsOf(READS);
    }

    @Test
    void aRefusedFixIsAnErrorAndTheSettingStaysAsItWas() {
        MOTO.inject(ProxyTraffic.jsonAccessDenied("AmazonSSM.UpdateServiceSetting", "ssm:UpdateServiceSetting"));

        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, CHECK, List.of()));

        assertThat(result.status()).isEqualTo(AccountStatus.FAILED);
        assertThat(result.checks()).singleElement().satisfies(check -> {
            assertThat(check.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(check.detail()).startsWith("could not fix (SSM.7: block public sharing of SSM documents is off")
                    .contains("Ssm AccessDeniedException")
                    .endsWith("with ssm:UpdateServiceSetting, ssm:ModifyDocumentPermission");
            assertThat(check.before()).isEqualTo(Map.of("SSM.7", Map.of("public-sharing-permission", "Enable")));
        });
        assertThat(setting(harness.account(), Region.EU_WEST_1)).isEqualTo("Enable");
    }

    /**
     * A run started by a failed SSM.4 finding selects this check (the RunOnFinding rule sends the control id as
     * {@code SecurityControlIds}), and the finding we export names the control that failed, and the document.
     */
    @Test
    void aRunForSsm4SelectsThisCheckAndItsFindingNamesWhatFailed() {
        blockPublicSharing(harness.account(), Region.EU_WEST_1);
        createDocument(harness.account(), Region.EU_WEST_1, "runbook-public", "All");
        harness.account().client(SecurityHubClient.builder(), Region.EU_WEST_1).enableSecurityHub(r -> r.enableDefaultStandards(false));
        List<String> selected = CheckRegistry.create().catalog().select(null, List.of("SSM.4"));
        try (CheckerHarness exporting = new CheckerHarness(MOTO, ACCOUNT_ID, Map.of(), FindingsExporter.enabled(Clock.systemUTC())).start()) {

            exporting.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, selected, List.of()));

            assertThat(selected).containsExactly(CHECK_ID);
            AwsSecurityFinding finding = harness.account().client(SecurityHubClient.builder(), Region.EU_WEST_1).getFindings(r -> { })
                    .findings().stream().filter(f -> f.generatorId().equals("audit-remediation/" + CHECK_ID)).findFirst().orElseThrow();
            assertThat(finding.compliance().status()).isEqualTo(ComplianceStatus.FAILED);
            assertThat(finding.compliance().relatedRequirements()).containsExactly("SSM.7", "SSM.4");
            assertThat(finding.description()).startsWith("Not compliant: SSM.4: shared publicly: runbook-public").doesNotContain("SSM.7");
        }
    }

    private static void blockPublicSharing(MemberAccount account, Region region) {
        ssm(account, region).updateServiceSetting(r -> r.settingId(SsmDocumentsNotPublicCheck.SETTING_ID).settingValue("Disable"));
    }

    /** A command document owned by the account, shared with {@code sharedWith} ("All" for everyone) unless null. */
    private static void createDocument(MemberAccount account, Region region, String name, String sharedWith) {
        SsmClient ssm = ssm(account, region);
        ssm.createDocument(r -> r.name(name).documentType(DocumentType.COMMAND).content("{\"schemaVersion\":\"2.2\","
                + "\"description\":\"demo\",\"mainSteps\":[{\"action\":\"aws:runShellScript\",\"name\":\"run\","
                + "\"inputs\":{\"runCommand\":[\"echo hello\"]}}]}"));
        if (sharedWith != null) {
            ssm.modifyDocumentPermission(r -> r.name(name).permissionType(DocumentPermissionType.SHARE).accountIdsToAdd(sharedWith));
        }
    }

    private static String setting(MemberAccount account, Region region) {
        return ssm(account, region).getServiceSetting(r -> r.settingId(SsmDocumentsNotPublicCheck.SETTING_ID)).serviceSetting().settingValue();
    }

    private static List<String> sharedWith(MemberAccount account, Region region, String document) {
        return ssm(account, region).describeDocumentPermission(r -> r.name(document).permissionType(DocumentPermissionType.SHARE)).accountIds();
    }

    private static DocumentKeyValuesFilter self() {
        return DocumentKeyValuesFilter.builder().key("Owner").values("Self").build();
    }

    private static SsmClient ssm(MemberAccount account, Region region) {
        return account.client(SsmClient.builder(), region);
    }
}
