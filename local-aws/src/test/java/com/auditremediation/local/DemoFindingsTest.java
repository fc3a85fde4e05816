package com.auditremediation.local;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.FlowLog;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.LaunchPermission;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.ServerCertificateMetadata;
import software.amazon.awssdk.services.ec2.model.Vpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The demo's arrangements, read back with the real EC2 client from moto and the stand-in. */
class DemoFindingsTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String ACCOUNT_ID = "111111111111";
    private static final Region REGION = Region.US_EAST_1;

    @Test
    void aPublicSnapshotAPublicAmiAndADeclarativePolicyAreWhereTheDemoSaysAndNowhereElse() {
        DemoOrganization.SeededAccount account = account(List.of("ebs-snapshots-not-public", "ami-block-public-access"),
                Map.of("ec2-image-block-public-access", Map.<String, Object>of("state", "unblocked")));

        List<String> said = DemoFindings.arrange(MOTO.endpoint(), account, REGION);

        try (Ec2Client ec2 = inAccount(Ec2Client.builder(), ACCOUNT_ID); Ec2Client other = inAccount(Ec2Client.builder(), "222222222222")) {
            Snapshot snapshot = ec2.describeSnapshots(r -> r.ownerIds("self")).snapshots().get(0);
            Image image = ec2.describeImages(r -> r.owners("self")).images().get(0);
            assertThat(said).containsExactly("Demo findings: sandbox has declarative policies for ec2-image-block-public-access;"
                    + " made non-compliant with ebs-snapshots-not-public, ami-block-public-access");
            assertThat(ec2.describeSnapshotAttribute(r -> r.snapshotId(snapshot.snapshotId()).attribute("createVolumePermission"))
                    .createVolumePermissions()).singleElement().satisfies(permission -> assertThat(permission.groupAsString()).isEqualTo("all"));
            assertThat(ec2.describeImageAttribute(r -> r.imageId(image.imageId()).attribute("launchPermission")).launchPermissions())
                    .extracting(LaunchPermission::groupAsString).containsExactly("all");
            assertThat(ec2.getImageBlockPublicAccessState(r -> { })).satisfies(state -> {
                assertThat(state.imageBlockPublicAccessState()).isEqualTo("unblocked");
                assertThat(state.managedByAsString()).isEqualTo("declarative-policy");
            });
            assertThat(other.describeSnapshots(r -> r.ownerIds("self")).snapshots()).isEmpty();
            assertThat(other.getImageBlockPublicAccessState(r -> { }).imageBlockPublicAccessState()).isEqualTo("block-new-sharing");
        }
    }

    @Test
    void sshOpenToEveryoneAndFlowLogsForEveryVpcAreInTheDemosAccountOnly() {
        List<String> said = DemoFindings.arrange(MOTO.endpoint(), account(List.of("remote-admin-ports-not-public"), Map.of()), REGION);
        List<String> vpcIds = DemoFindings.flowLogsForEveryVpc(MOTO.endpoint(), account(List.of(), Map.of()), REGION);

        try (Ec2Client ec2 = inAccount(Ec2Client.builder(), ACCOUNT_ID); Ec2Client other = inAccount(Ec2Client.builder(), "222222222222")) {
            assertThat(said).containsExactly("Demo findings: sandbox made non-compliant with remote-admin-ports-not-public");
            assertThat(ec2.describeSecurityGroupRules(r -> { }).securityGroupRules()).filteredOn(rule -> !rule.isEgress())
                    .singleElement().satisfies(rule -> {
                        assertThat(rule.ipProtocol()).isEqualTo("tcp");
                        assertThat(rule.fromPort()).isEqualTo(22);
                        assertThat(rule.cidrIpv4()).isEqualTo("0.0.0.0/0");
                    });
            assertThat(vpcIds).containsExactlyElementsOf(ec2.describeVpcs(r -> { }).vpcs().stream().map(Vpc::vpcId).toList()).isNotEmpty();
            assertThat(ec2.describeFlowLogs(r -> { }).flowLogs()).extracting(FlowLog::resourceId, FlowLog::trafficTypeAsString)
                    .containsExactlyElementsOf(vpcIds.stream().map(vpcId -> tuple(vpcId, "REJECT")).toList());
            assertThat(other.describeFlowLogs(r -> { }).flowLogs()).isEmpty();
            assertThat(other.describeSecurityGroupRules(r -> { }).securityGroupRules()).noneMatch(rule -> !rule.isEgress()
                    && "0.0.0.0/0".equals(rule.cidrIpv4()));
        }
    }

    @Test
    void aCheckTheDemoCannotMakeFailIsRefusedNamingTheOnesItCan() {
        DemoOrganization.SeededAccount account = account(List.of("iam-password-policy"), Map.of());

        assertThatThrownBy(() -> DemoFindings.arrange(MOTO.endpoint(), account, REGION))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the demo organisation's nonCompliantWith names iam-password-policy for sandbox; the demo can arrange only"
                        + " ebs-snapshots-not-public, ami-block-public-access, iam-access-key-rotation, iam-cloudshell-full-access,"
                        + " iam-policy-hygiene, iam-expired-server-certificates, remote-admin-ports-not-public (a new account fails the"
                        + " others already)");
    }

    /** iam-cloudshell-full-access needs moto's AWS managed policies, which this class goes without: LocalRunIT runs it. */
    @Test
    void theIamArrangementsMakeAUserWithTwoKeysAndAnInlinePolicyAndAnExpiredCertificate() {
        DemoOrganization.SeededAccount account = account(List.of("iam-access-key-rotation", "iam-policy-hygiene",
                "iam-expired-server-certificates"), Map.of());

        List<String> said = DemoFindings.arrange(MOTO.endpoint(), account, REGION);

        try (IamClient iam = inAccount(IamClient.builder(), ACCOUNT_ID); IamClient other = inAccount(IamClient.builder(), "222222222222")) {
            assertThat(said).containsExactly("Demo findings: sandbox made non-compliant with iam-access-key-rotation, iam-policy-hygiene,"
                    + " iam-expired-server-certificates");
            assertThat(iam.listAccessKeys(r -> r.userName("demo-ci")).accessKeyMetadata()).hasSize(2);
            assertThat(iam.listUserPolicies(r -> r.userName("demo-inline")).policyNames()).containsExactly("own");
            assertThat(iam.listServerCertificates().serverCertificateMetadataList()).extracting(ServerCertificateMetadata::serverCertificateName)
                    .containsExactly("demo-old-www");
            assertThat(other.listUsers().users()).isEmpty();
        }
    }

    @Test
    void aDeclarativePolicyRefusesTheAccountsOwnChange() {
        DemoFindings.arrange(MOTO.endpoint(), account(List.of(), Map.of("ec2-snapshot-block-public-access", Map.<String, Object>of("state", "block-all-sharing"))),
                REGION);

        try (Ec2Client ec2 = inAccount(Ec2Client.builder(), ACCOUNT_ID)) {
            assertThatThrownBy(() -> ec2.disableSnapshotBlockPublicAccess(r -> { }))
                    .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnauthorizedOperation"));
        }
    }

    private static DemoOrganization.SeededAccount account(List<String> nonCompliantWith, Map<String, Map<String, Object>> policies) {
        return new DemoOrganization.SeededAccount(ACCOUNT_ID, "sandbox", "ou-1", "/Sandbox", false, false, List.of(), true,
                nonCompliantWith, policies, List.of());
    }

    /** moto's dummy key, naming the account with moto's header. */
    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C inAccount(B builder, String accountId) {
        return builder.httpClient(com.auditremediation.core.AwsClients.httpClient()).endpointOverride(MOTO.endpoint())
                .region(REGION).credentialsProvider(LocalClients.DUMMY_CREDENTIALS)
                .overrideConfiguration(ClientOverrideConfiguration.builder().addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
                        return context.httpRequest().toBuilder().putHeader("x-moto-account-id", accountId).build();
                    }
                }).build())
                .build();
    }
}
