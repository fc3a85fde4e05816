package com.auditremediation.checkaccount.findings;

import com.auditremediation.checkaccount.testing.CheckFixtures;
import com.auditremediation.checkaccount.testing.CheckInputs;
import com.auditremediation.checkaccount.testing.CheckerHarness;
import com.auditremediation.checkaccount.testing.FixableSettings;
import com.auditremediation.core.model.AccountItem;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.CheckAccountInput;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.ExceptionRule;
import com.auditremediation.core.model.ExceptionSource;
import com.auditremediation.core.model.Mode;
import com.auditremediation.core.model.RunContext;
import com.auditremediation.local.MotoExtension;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.ComplianceStatus;
import software.amazon.awssdk.services.securityhub.model.RecordState;
import software.amazon.awssdk.services.securityhub.model.WorkflowStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Accepted risks in the member account's Security Hub, against moto and the stand-in's BatchUpdateFindings: our
 * finding created SUPPRESSED with a note, an existing one suppressed and later set back to NEW through the customer-side
 * BatchUpdateFindings (a PATCH, over the JDK's HTTP client), and the suppressions people set there (on our finding, on
 * Security Hub's own control findings) honoured as exceptions, read before remediation decides.
 */
class FindingWorkflowTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final Region HOME = Region.EU_WEST_1;
    private static final List<String> CHECKS = List.of("caller-identity", "iam-password-policy", "s3-account-public-access-block",
            "ebs-default-encryption");
    private static final ExceptionRule PASSWORDS = new ExceptionRule(0, true, List.of("iam-password-policy"), null,
            "SSO only: no IAM users have passwords", "identity@example.com", "2027-03-31", "SEC-11");
    private static int accounts;

    private CheckerHarness harness;
    private String accountId;

    @BeforeEach
    void setUp() {
        accountId = String.format("%012d", 550000000000L + ++accounts);
        harness = new CheckerHarness(MOTO, accountId, FixableSettings.ALL,
                FindingsExporter.enabled(Clock.fixed(Instant.parse("2026-12-07T08:00:00Z"), ZoneOffset.UTC))).start();
        hub().enableSecurityHub(r -> r.enableDefaultStandards(false));
        // Only the checks swept here: others' arrangements may need what this moto goes without (AWS managed policies).
        CHECKS.forEach(checkId -> CheckFixtures.arrangeNonCompliant(new CheckFixtures.Fixture(harness.account(), MOTO, List.of(HOME)), checkId));
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    @Test
    void aNewFindingOfAnExceptedResultIsCreatedSuppressedWithItsNoteAndGoesBackToNewOnceTheEntryIsGone() {
        sweep(Mode.AUDIT, List.of(PASSWORDS));

        AwsSecurityFinding created = ours("iam-password-policy");
        assertThat(created.workflow().status()).isEqualTo(WorkflowStatus.SUPPRESSED);
        assertThat(created.note().updatedBy()).isEqualTo("audit-remediation");
        assertThat(created.note().text()).isEqualTo("Accepted risk (audit-remediation exceptions[0]): SSO only: no IAM users have passwords"
                + " Owner: identity@example.com. Expires: 2027-03-31. Ticket: SEC-11.");
        assertThat(ours("s3-account-public-access-block").workflow().status()).isEqualTo(WorkflowStatus.NEW);
        assertThat(harness.actions()).doesNotContain("securityhub:BatchUpdateFindings");

        sweep(Mode.AUDIT, List.of());

        AwsSecurityFinding back = ours("iam-password-policy");
        assertThat(back.workflow().status()).isEqualTo(WorkflowStatus.NEW);
        assertThat(back.note().updatedBy()).isEqualTo("audit-remediation");
        assertThat(back.note().text()).startsWith("Accepted risk ended on 2026-12-07: its exceptions file entry expired or was removed");
        assertThat(back.compliance().status()).isEqualTo(ComplianceStatus.FAILED);
        assertThat(harness.clients().placedActions()).containsOnlyOnce("securityhub:BatchUpdateFindings@eu-west-1");
        List<String> declared = new java.util.ArrayList<>(com.auditremediation.core.catalog.CheckCatalog.SECURITY_HUB_FINDINGS_ACTIONS);
        declared.addAll(com.auditremediation.core.catalog.CheckCatalog.SECURITY_HUB_WORKFLOW_ACTIONS);
        assertThat(harness.actions()).as("the export's calls are the ones bin/audit-remediation policy grants")
                .filteredOn(action -> action.startsWith("securityhub:")).isNotEmpty().allMatch(declared::contains);
    }

    @Test
    void anExistingFindingIsSuppressedThroughBatchUpdateFindingsOnceAndLeftAloneWhileTheEntryHolds() {
        sweep(Mode.AUDIT, List.of());
        assertThat(ours("iam-password-policy").workflow().status()).isEqualTo(WorkflowStatus.NEW);

        sweep(Mode.AUDIT, List.of(PASSWORDS));
        sweep(Mode.AUDIT, List.of(PASSWORDS));

        AwsSecurityFinding suppressed = ours("iam-password-policy");
        assertThat(suppressed.workflow().status()).isEqualTo(WorkflowStatus.SUPPRESSED);
        assertThat(suppressed.note().text()).startsWith("Accepted risk (audit-remediation exceptions[0]): SSO only");
        assertThat(harness.actions()).as("the second sweep with the entry finds it suppressed already")
                .containsOnlyOnce("securityhub:BatchUpdateFindings");
    }

    @Test
    void aPersonsSuppressionOfOurFindingIsAnExceptionThatRemediationLeavesAloneAndWeNeverUndo() {
        sweep(Mode.AUDIT, List.of());
        String id = AsffFindings.findingId(accountId, HOME, "iam-password-policy");
        customer().batchUpdateFindings(r -> r.findingIdentifiers(f -> f.id(id).productArn(productArn()))
                .workflow(w -> w.status(WorkflowStatus.SUPPRESSED)).note(n -> n.text("accepted by the CISO until the SSO move").updatedBy("alice")));
        Object policyBefore = harness.account().passwordPolicy();
        int actionsBefore = harness.actions().size();

        AccountResult remediated = sweep(Mode.REMEDIATE, List.of());

        CheckResult passwords = result(remediated, "iam-password-policy");
        assertThat(passwords.status()).isEqualTo(CheckStatus.NON_COMPLIANT);
        assertThat(passwords.exception().source()).isEqualTo(ExceptionSource.SECURITYHUB);
        assertThat(passwords.exception().owner()).isEqualTo("alice");
        assertThat(passwords.exception().reason()).isEqualTo("accepted by the CISO until the SSO move");
        assertThat(passwords.exception().finding()).isEqualTo(id);
        assertThat(passwords.exception().updatedAt()).isNotBlank();
        assertThat(passwords.detail()).startsWith("not fixed (accepted risk, suppressed in Security Hub by alice)");
        assertThat(harness.actions().subList(actionsBefore, harness.actions().size())).doesNotContain("iam:UpdateAccountPasswordPolicy",
                "securityhub:BatchUpdateFindings");
        assertThat(harness.account().passwordPolicy()).isEqualTo(policyBefore);
        assertThat(result(remediated, "s3-account-public-access-block").status()).isEqualTo(CheckStatus.REMEDIATED);
        assertThat(ours("iam-password-policy").note().updatedBy()).isEqualTo("alice");
        assertThat(ours("iam-password-policy").workflow().status()).isEqualTo(WorkflowStatus.SUPPRESSED);
    }

    @Test
    void securityHubsOwnControlFindingsCountWhenEveryFailingOneOfTheControlInThisAccountAndRegionIsSuppressed() {
        String other = String.format("%012d", 559999999999L);
        hub().batchImportFindings(r -> r.findings(
                control("S3.1", accountId, HOME, WorkflowStatus.SUPPRESSED, "bob", "public website bucket account"),
                // EC2.7 in eu-west-1: one suppressed, one failing resource nobody suppressed: the result still needs work.
                control("EC2.7", accountId, HOME, WorkflowStatus.SUPPRESSED, "bob", "volumes are encrypted one by one"),
                control("EC2.7", accountId, HOME, WorkflowStatus.NEW, null, null),
                // Another account's suppression of IAM.7 is not this account's (moto keeps whatever it is given).
                control("IAM.7", other, HOME, WorkflowStatus.SUPPRESSED, "carol", "not this account")));
        int actionsBefore = harness.actions().size();
        AccountResult remediated = sweep(Mode.REMEDIATE, List.of());

        CheckResult publicAccess = result(remediated, "s3-account-public-access-block");
        assertThat(publicAccess.status()).isEqualTo(CheckStatus.NON_COMPLIANT);
        assertThat(publicAccess.exception().source()).isEqualTo(ExceptionSource.SECURITYHUB);
        assertThat(publicAccess.exception().owner()).isEqualTo("bob");
        assertThat(publicAccess.exception().reason()).isEqualTo("public website bucket account");
        assertThat(publicAccess.exception().finding()).contains("security-control/S3.1");
        assertThat(result(remediated, "ebs-default-encryption").status()).isEqualTo(CheckStatus.REMEDIATED);
        assertThat(result(remediated, "iam-password-policy").status()).isEqualTo(CheckStatus.REMEDIATED);
        List<String> calls = harness.actions().subList(actionsBefore, harness.actions().size());
        assertThat(calls).doesNotContain("s3:PutAccountPublicAccessBlock").contains("ec2:EnableEbsEncryptionByDefault");
        assertThat(calls).filteredOn("securityhub:GetFindings"::equals).as("our findings, then the control findings").hasSize(2);
        AwsSecurityFinding mirrored = ours("s3-account-public-access-block");
        assertThat(mirrored.workflow().status()).isEqualTo(WorkflowStatus.SUPPRESSED);
        assertThat(mirrored.note().text()).startsWith("Accepted risk: Security Hub's control finding ").contains(" is suppressed by bob: public");
    }

    private AccountResult sweep(Mode mode, List<ExceptionRule> rules) {
        return harness.checker().check(new CheckAccountInput(new AccountItem(accountId, "member", "ou-ab12-cdef3456"),
                new RunContext(CheckInputs.ROLE, mode, CHECKS, List.of(HOME.id()), null, rules), "sweep-1"));
    }

    private static CheckResult result(AccountResult result, String checkId) {
        return result.checks().stream().filter(check -> check.checkId().equals(checkId)).findFirst().orElseThrow();
    }

    private SecurityHubClient hub() {
        return harness.account().client(SecurityHubClient.builder(), HOME);
    }

    private SecurityHubClient customer() {
        return harness.account().securityHubAsCustomer(HOME);
    }

    private String productArn() {
        return AsffFindings.productArn("aws", HOME, accountId);
    }

    private AwsSecurityFinding ours(String checkId) {
        String id = AsffFindings.findingId(accountId, HOME, checkId);
        return hub().getFindingsPaginator(r -> r.maxResults(100)).findings().stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();
    }

    private static int controls;

    /** A FAILED, ACTIVE control finding as Security Hub writes it (product aws/securityhub), with its workflow and note. */
    private static AwsSecurityFinding control(String controlId, String account, Region region, WorkflowStatus workflow, String by, String text) {
        String id = "arn:aws:securityhub:" + region.id() + ":" + account + ":security-control/" + controlId + "/finding/" + (++controls);
        AwsSecurityFinding.Builder finding = AwsSecurityFinding.builder()
                .schemaVersion("2018-10-08").id(id)
                .productArn("arn:aws:securityhub:" + region.id() + "::product/aws/securityhub").productName("Security Hub")
                .generatorId("security-control/" + controlId).awsAccountId(account).region(region.id())
                .types("Software and Configuration Checks/Industry and Regulatory Standards")
                .createdAt("2026-12-01T00:00:00Z").updatedAt("2026-12-01T00:00:00Z")
                .severity(s -> s.label("MEDIUM")).title(controlId).description(controlId)
                .resources(r -> r.type("AwsAccount").id("AWS::::Account:" + account).region(region.id()))
                .compliance(c -> c.status(ComplianceStatus.FAILED).securityControlId(controlId))
                .recordState(RecordState.ACTIVE)
                .workflow(w -> w.status(workflow));
        if (by != null) {
            finding.note(n -> n.text(text).updatedBy(by).updatedAt("2026-12-02T09:30:00Z"));
        }
        return finding.build();
    }
}
