package com.auditremediation.local.standin;

import com.auditremediation.local.FaultRule;
import com.auditremediation.core.JdkHttpClient;
import com.auditremediation.local.MotoExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFindingIdentifier;
import software.amazon.awssdk.services.securityhub.model.BatchUpdateFindingsResponse;
import software.amazon.awssdk.services.securityhub.model.InvalidAccessException;
import software.amazon.awssdk.services.securityhub.model.InvalidInputException;
import software.amazon.awssdk.services.securityhub.model.LimitExceededException;
import software.amazon.awssdk.services.securityhub.model.SeverityLabel;
import software.amazon.awssdk.services.securityhub.model.VerificationState;
import software.amazon.awssdk.services.securityhub.model.WorkflowStatus;

import static com.auditremediation.local.standin.StandInClients.MEMBER_A;
import static com.auditremediation.local.standin.StandInClients.MEMBER_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecurityHubBatchUpdateFindingsTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String UPDATED_AT = "2026-01-02T03:04:05.000Z";

    /** BatchUpdateFindings is a PATCH, which url-connection-client cannot send: these clients use the JDK's (see JdkHttpClient). */
    private SecurityHubClient hub(String accountId) {
        return StandInClients.client(SecurityHubClient.builder(), JdkHttpClient.create(), MOTO.proxyEndpoint(), Region.EU_WEST_1,
                StandInClients.assumedRole(MOTO, accountId));
    }

    private static AwsSecurityFindingIdentifier importFinding(SecurityHubClient hub, String accountId, String id) {
        String productArn = "arn:aws:securityhub:eu-west-1:" + accountId + ":product/" + accountId + "/default";
        hub.batchImportFindings(r -> r.findings(f -> f.schemaVersion("2018-10-08").id(id).productArn(productArn)
                .generatorId("audit-remediation/s3-account-public-access-block").awsAccountId(accountId)
                .types("Software and Configuration Checks/AWS Security Best Practices")
                .createdAt(UPDATED_AT).updatedAt(UPDATED_AT).severity(s -> s.label(SeverityLabel.MEDIUM))
                .title("S3 account public access block").description("All four settings must be on")
                .workflow(w -> w.status(WorkflowStatus.NEW))
                .resources(resource -> resource.type("AwsAccount").id("AWS::::Account:" + accountId))));
        return AwsSecurityFindingIdentifier.builder().id(id).productArn(productArn).build();
    }

    private static AwsSecurityFinding finding(SecurityHubClient hub, String id) {
        return hub.getFindings(r -> { }).findings().stream().filter(finding -> finding.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void theCustomersWorkflowStatusAndNoteAreWrittenToMotoAndReadBack() {
        try (SecurityHubClient hub = hub(MEMBER_A)) {
            hub.enableSecurityHub(r -> { });
            AwsSecurityFindingIdentifier identifier = importFinding(hub, MEMBER_A, "finding-1");

            BatchUpdateFindingsResponse response = hub.batchUpdateFindings(r -> r.findingIdentifiers(identifier)
                    .workflow(w -> w.status(WorkflowStatus.SUPPRESSED))
                    .note(n -> n.text("Accepted risk until the migration ends").updatedBy("security-team"))
                    .verificationState(VerificationState.BENIGN_POSITIVE));
            AwsSecurityFinding readBack = finding(hub, "finding-1");

            assertThat(response.processedFindings()).containsExactly(identifier);
            assertThat(response.unprocessedFindings()).isEmpty();
            assertThat(readBack.workflow().status()).isEqualTo(WorkflowStatus.SUPPRESSED);
            assertThat(readBack.note().text()).isEqualTo("Accepted risk until the migration ends");
            assertThat(readBack.note().updatedBy()).isEqualTo("security-team");
            assertThat(readBack.note().updatedAt()).isNotBlank();
            assertThat(readBack.verificationState()).isEqualTo(VerificationState.BENIGN_POSITIVE);
            assertThat(readBack.updatedAt()).isEqualTo(UPDATED_AT);
            assertThat(readBack.title()).isEqualTo("S3 account public access block");
        }
    }

    @Test
    void unknownAndDuplicatedFindingsAreUnprocessedAndAnotherAccountsFindingIsNotFound() {
        try (SecurityHubClient memberA = hub(MEMBER_A); SecurityHubClient memberB = hub(MEMBER_B)) {
            memberA.enableSecurityHub(r -> { });
            memberB.enableSecurityHub(r -> { });
            AwsSecurityFindingIdentifier known = importFinding(memberA, MEMBER_A, "finding-1");
            AwsSecurityFindingIdentifier unknown = known.toBuilder().id("no-such-finding").build();

            BatchUpdateFindingsResponse response = memberA.batchUpdateFindings(r -> r.findingIdentifiers(known, unknown, known)
                    .severity(s -> s.normalized(95)));
            BatchUpdateFindingsResponse fromB = memberB.batchUpdateFindings(r -> r.findingIdentifiers(known).workflow(w -> w.status(WorkflowStatus.RESOLVED)));

            assertThat(response.processedFindings()).containsExactly(known);
            assertThat(response.unprocessedFindings()).extracting(u -> u.findingIdentifier().id() + " " + u.errorCode())
                    .containsExactly("no-such-finding FindingNotFound", "finding-1 DuplicatedFindingIdentifier");
            assertThat(finding(memberA, "finding-1").severity().label()).isEqualTo(SeverityLabel.CRITICAL);
            assertThat(fromB.unprocessedFindings()).extracting(u -> u.errorCode()).containsExactly("FindingNotFound");
            assertThat(finding(memberA, "finding-1").workflow().status()).isEqualTo(WorkflowStatus.NEW);
        }
    }

    @Test
    void anUpdateWithoutFieldsOrWithoutAHubIsRefused() {
        try (SecurityHubClient hub = hub(MEMBER_A)) {
            AwsSecurityFindingIdentifier identifier = AwsSecurityFindingIdentifier.builder().id("finding-1")
                    .productArn("arn:aws:securityhub:eu-west-1:" + MEMBER_A + ":product/" + MEMBER_A + "/default").build();

            assertThatThrownBy(() -> hub.batchUpdateFindings(r -> r.findingIdentifiers(identifier).workflow(w -> w.status(WorkflowStatus.RESOLVED))))
                    .isInstanceOf(InvalidAccessException.class);
            hub.enableSecurityHub(r -> { });
            assertThatThrownBy(() -> hub.batchUpdateFindings(r -> r.findingIdentifiers(identifier))).isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void faultRulesApplyBeforeTheStandIn() {
        MOTO.inject(FaultRule.restJsonError("PATCH /findings/batchupdate", 429, "LimitExceededException", "Rate exceeded", 1));
        try (SecurityHubClient hub = hub(MEMBER_A)) {
            hub.enableSecurityHub(r -> { });
            AwsSecurityFindingIdentifier identifier = importFinding(hub, MEMBER_A, "finding-1");

            assertThatThrownBy(() -> hub.batchUpdateFindings(r -> r.findingIdentifiers(identifier).workflow(w -> w.status(WorkflowStatus.NOTIFIED))))
                    .isInstanceOf(LimitExceededException.class);
            assertThat(finding(hub, "finding-1").workflow().status()).isEqualTo(WorkflowStatus.NEW);
        }
    }
}
