package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.testing.ProxyTraffic;
import com.auditremediation.core.AwsClients;
import com.auditremediation.local.FaultRule;
import com.auditremediation.local.MotoExtension;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.LaunchPermission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The checks' EC2 calls, signed and sent without the EC2 SDK module, against moto. */
class Ec2QueryClientTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private final List<String> calls = ProxyTraffic.newLog();

    @Test
    void readsAndEnablesEbsEncryptionByDefaultInItsRegion() {
        MOTO.inject(ProxyTraffic.recordCalls(calls));
        Ec2QueryClient ec2 = client(Region.AP_NORTHEAST_1);
        Ec2QueryClient elsewhere = client(Region.SA_EAST_1);

        boolean before = ec2.getEbsEncryptionByDefault();
        boolean reported = ec2.enableEbsEncryptionByDefault();

        assertThat(before).isFalse();
        assertThat(reported).isTrue();
        assertThat(ec2.getEbsEncryptionByDefault()).isTrue();
        assertThat(elsewhere.getEbsEncryptionByDefault()).as("the setting is per region").isFalse();
        assertThat(calls).containsExactly("GetEbsEncryptionByDefault", "EnableEbsEncryptionByDefault", "GetEbsEncryptionByDefault",
                "GetEbsEncryptionByDefault");
    }

    @Test
    void readsAndEnablesSnapshotBlockPublicAccessInItsRegion() {
        MOTO.inject(ProxyTraffic.recordCalls(calls));
        Ec2QueryClient ec2 = client(Region.AP_NORTHEAST_1);

        Ec2QueryClient.AccountAttribute before = ec2.getSnapshotBlockPublicAccessState();
        String reported = ec2.enableSnapshotBlockPublicAccess("block-all-sharing");

        assertThat(before).isEqualTo(new Ec2QueryClient.AccountAttribute("unblocked", "account"));
        assertThat(reported).isEqualTo("block-all-sharing");
        assertThat(ec2.getSnapshotBlockPublicAccessState().state()).isEqualTo("block-all-sharing");
        assertThat(client(Region.SA_EAST_1).getSnapshotBlockPublicAccessState().state()).as("the setting is per region").isEqualTo("unblocked");
        assertThat(calls).containsExactly("GetSnapshotBlockPublicAccessState", "EnableSnapshotBlockPublicAccess",
                "GetSnapshotBlockPublicAccessState", "GetSnapshotBlockPublicAccessState");
    }

    @Test
    void anAccountAttributeNamesWhoManagesItAndTheAccountWhenEc2LeavesThatOut() {
        MOTO.inject(answer("GetSnapshotBlockPublicAccessState", "<state>block-new-sharing</state><managedBy>declarative-policy</managedBy>"));
        MOTO.inject(answer("GetSnapshotBlockPublicAccessState", "<state>unblocked</state>"));
        Ec2QueryClient ec2 = client(Region.EU_CENTRAL_1);

        Ec2QueryClient.AccountAttribute managed = ec2.getSnapshotBlockPublicAccessState();
        Ec2QueryClient.AccountAttribute unnamed = ec2.getSnapshotBlockPublicAccessState();

        assertThat(managed).isEqualTo(new Ec2QueryClient.AccountAttribute("block-new-sharing", "declarative-policy"));
        assertThat(managed.managedByPolicy()).isTrue();
        assertThat(unnamed).isEqualTo(new Ec2QueryClient.AccountAttribute("unblocked", "account"));
        assertThat(unnamed.managedByPolicy()).isFalse();
    }

    @Test
    void findsTheAccountsPublicSnapshotsReadsTheirGroupsAndMakesThemPrivate() {
        MOTO.inject(ProxyTraffic.recordCalls(calls));
        Ec2QueryClient ec2 = client(Region.CA_CENTRAL_1);
        try (Ec2Client sdk = Ec2Client.builder().httpClient(AwsClients.httpClient()).region(Region.CA_CENTRAL_1)
                .endpointOverride(MOTO.endpoint()).credentialsProvider(CREDENTIALS).build()) {
            String volume = sdk.createVolume(r -> r.availabilityZone("ca-central-1a").size(1)).volumeId();
            String shared = sdk.createSnapshot(r -> r.volumeId(volume)).snapshotId();
            sdk.createSnapshot(r -> r.volumeId(volume));
            sdk.modifySnapshotAttribute(r -> r.snapshotId(shared).attribute("createVolumePermission").operationType("add").groupNames("all"));

            List<String> candidates = ec2.describeOwnPublicSnapshotIds();
            List<String> groups = ec2.describeSnapshotVolumePermissionGroups(shared);
            ec2.removeSnapshotPublicPermission(shared);

            assertThat(candidates).containsExactly(shared);
            assertThat(groups).containsExactly("all");
            assertThat(ec2.describeSnapshotVolumePermissionGroups(shared)).isEmpty();
            assertThat(ec2.describeOwnPublicSnapshotIds()).isEmpty();
            assertThat(calls).containsExactly("DescribeSnapshots", "DescribeSnapshotAttribute", "ModifySnapshotAttribute",
                    "DescribeSnapshotAttribute", "DescribeSnapshots");
        }
    }

    @Test
    void readsAndEnablesImageBlockPublicAccessFindsThePublicAmisAndMakesThemPrivate() {
        MOTO.inject(ProxyTraffic.recordCalls(calls));
        Ec2QueryClient ec2 = client(Region.AP_SOUTHEAST_1);
        try (Ec2Client sdk = Ec2Client.builder().httpClient(AwsClients.httpClient()).region(Region.AP_SOUTHEAST_1)
                .endpointOverride(MOTO.endpoint()).credentialsProvider(CREDENTIALS).build()) {
            sdk.disableImageBlockPublicAccess(r -> { });
            String shared = sdk.registerImage(r -> r.name("shared-image")).imageId();
            sdk.registerImage(r -> r.name("private-image"));
            sdk.modifyImageAttribute(r -> r.imageId(shared).launchPermission(p -> p.add(LaunchPermission.builder().group("all").build())));

            Ec2QueryClient.AccountAttribute before = ec2.getImageBlockPublicAccessState();
            String reported = ec2.enableImageBlockPublicAccess();
            List<String> candidates = ec2.describeOwnPublicImageIds();
            List<String> groups = ec2.describeImageLaunchPermissionGroups(shared);
            ec2.removeImagePublicLaunchPermission(shared);

            assertThat(before).isEqualTo(new Ec2QueryClient.AccountAttribute("unblocked", "account"));
            assertThat(reported).isEqualTo("block-new-sharing");
            assertThat(candidates).containsExactly(shared);
            assertThat(groups).containsExactly("all");
            assertThat(ec2.describeImageLaunchPermissionGroups(shared)).isEmpty();
            assertThat(calls).containsExactly("GetImageBlockPublicAccessState", "EnableImageBlockPublicAccess", "DescribeImages",
                    "DescribeImageAttribute", "ModifyImageAttribute", "DescribeImageAttribute");
        }
    }

    @Test
    void readsAndSetsTheInstanceMetadataDefaultTokensInItsRegion() {
        MOTO.inject(ProxyTraffic.recordCalls(calls));
        Ec2QueryClient ec2 = client(Region.EU_SOUTH_2);

        Ec2QueryClient.InstanceMetadataDefaults before = ec2.getInstanceMetadataDefaults();
        ec2.modifyInstanceMetadataDefaultHttpTokens("required");

        assertThat(before).isEqualTo(new Ec2QueryClient.InstanceMetadataDefaults("", "account"));
        assertThat(ec2.getInstanceMetadataDefaults()).isEqualTo(new Ec2QueryClient.InstanceMetadataDefaults("required", "account"));
        assertThat(client(Region.EU_CENTRAL_2).getInstanceMetadataDefaults().httpTokens()).as("the defaults are per region").isEmpty();
        assertThat(calls).containsExactly("GetInstanceMetadataDefaults", "ModifyInstanceMetadataDefaults", "GetInstanceMetadataDefaults",
                "GetInstanceMetadataDefaults");
    }

    @Test
    void listsTheDefaultSecurityGroupsTheirRulesAndInterfacesAndRevokesRulesById() {
        MOTO.inject(ProxyTraffic.recordCalls(calls));
        Ec2QueryClient ec2 = client(Region.CA_CENTRAL_1);
        try (Ec2Client sdk = Ec2Client.builder().httpClient(AwsClients.httpClient()).region(Region.CA_CENTRAL_1)
                .endpointOverride(MOTO.endpoint()).credentialsProvider(CREDENTIALS).build()) {
            Ec2QueryClient.SecurityGroup group = ec2.describeSecurityGroups(Ec2QueryClient.Filter.of("group-name", "default")).get(0);
            sdk.authorizeSecurityGroupIngress(r -> r.groupId(group.groupId()).ipPermissions(p -> p.ipProtocol("tcp").fromPort(443)
                    .toPort(443).userIdGroupPairs(pair -> pair.groupId(group.groupId()))));
            String subnet = sdk.describeSubnets(r -> r.filters(f -> f.name("vpc-id").values(group.vpcId()))).subnets().get(0).subnetId();
            String eni = sdk.createNetworkInterface(r -> r.subnetId(subnet).groups(group.groupId())).networkInterface().networkInterfaceId();

            List<Ec2QueryClient.SecurityGroupRule> rules = ec2.describeSecurityGroupRules(
                    new Ec2QueryClient.Filter("group-id", List.of(group.groupId())));
            List<String> interfaces = ec2.describeNetworkInterfaceIds(Ec2QueryClient.Filter.of("group-id", group.groupId()));
            ec2.revokeSecurityGroupIngress(group.groupId(), rules.stream().filter(rule -> !rule.egress())
                    .map(Ec2QueryClient.SecurityGroupRule::ruleId).toList());

            assertThat(group.groupName()).isEqualTo("default");
            assertThat(group.vpcId()).isEqualTo(sdk.describeVpcs(r -> r.filters(f -> f.name("is-default").values("true"))).vpcs().get(0).vpcId());
            assertThat(rules).extracting(Ec2QueryClient.SecurityGroupRule::describe).containsExactlyInAnyOrder(
                    rules.stream().filter(Ec2QueryClient.SecurityGroupRule::egress).findFirst().orElseThrow().ruleId()
                            + " outbound all traffic to 0.0.0.0/0",
                    rules.stream().filter(rule -> !rule.egress()).findFirst().orElseThrow().ruleId()
                            + " inbound tcp 443 from " + group.groupId());
            assertThat(interfaces).containsExactly(eni);
            assertThat(sdk.describeSecurityGroupRules(r -> r.filters(f -> f.name("group-id").values(group.groupId()))).securityGroupRules())
                    .singleElement().satisfies(left -> assertThat(left.isEgress()).isTrue());
            assertThat(calls).containsExactly("DescribeSecurityGroups", "DescribeSecurityGroupRules", "DescribeNetworkInterfaces",
                    "RevokeSecurityGroupIngress");
        }
    }

    @Test
    void listsNetworkAclsWithTheirEntries() {
        MOTO.inject(ProxyTraffic.recordCalls(calls));
        Ec2QueryClient ec2 = client(Region.EU_WEST_3);
        try (Ec2Client sdk = Ec2Client.builder().httpClient(AwsClients.httpClient()).region(Region.EU_WEST_3)
                .endpointOverride(MOTO.endpoint()).credentialsProvider(CREDENTIALS).build()) {
            String vpcId = sdk.createVpc(r -> r.cidrBlock("10.2.0.0/16")).vpc().vpcId();
            String aclId = sdk.createNetworkAcl(r -> r.vpcId(vpcId)).networkAcl().networkAclId();
            sdk.createNetworkAclEntry(r -> r.networkAclId(aclId).ruleNumber(100).protocol("6").ruleAction("allow").egress(false)
                    .cidrBlock("0.0.0.0/0").portRange(p -> p.from(22).to(22)));
            sdk.createNetworkAclEntry(r -> r.networkAclId(aclId).ruleNumber(200).protocol("-1").ruleAction("deny").egress(true)
                    .ipv6CidrBlock("::/0"));

            List<Ec2QueryClient.NetworkAcl> acls = ec2.describeNetworkAcls(Ec2QueryClient.Filter.of("vpc-id", vpcId));

            assertThat(acls).extracting(Ec2QueryClient.NetworkAcl::isDefault).containsExactlyInAnyOrder(true, false);
            Ec2QueryClient.NetworkAcl created = acls.stream().filter(acl -> !acl.isDefault()).findFirst().orElseThrow();
            assertThat(created.networkAclId()).isEqualTo(aclId);
            assertThat(created.vpcId()).isEqualTo(vpcId);
            assertThat(created.entries()).extracting(Ec2QueryClient.NetworkAclEntry::describe).contains(
                    "rule 100 allow tcp 22 from 0.0.0.0/0", "rule 200 deny all traffic to ::/0");
            assertThat(calls).containsExactly("DescribeNetworkAcls");
        }
    }

    @Test
    void readsANetworkAclEntryAsEc2WritesIt() {
        // EC2's documented shape: portRange only for TCP and UDP, ipv6CidrBlock instead of cidrBlock for IPv6.
        MOTO.inject(answer("DescribeNetworkAcls", "<networkAclSet><item><networkAclId>acl-0a</networkAclId><vpcId>vpc-0a</vpcId>"
                + "<default>false</default><entrySet><item><ruleNumber>90</ruleNumber><protocol>17</protocol><ruleAction>allow</ruleAction>"
                + "<egress>false</egress><ipv6CidrBlock>::/0</ipv6CidrBlock><portRange><from>3000</from><to>4000</to></portRange></item>"
                + "<item><ruleNumber>32767</ruleNumber><protocol>-1</protocol><ruleAction>deny</ruleAction><egress>false</egress>"
                + "<cidrBlock>0.0.0.0/0</cidrBlock></item></entrySet></item></networkAclSet>"));

        List<Ec2QueryClient.NetworkAcl> acls = client(Region.AP_SOUTH_1).describeNetworkAcls();

        assertThat(acls).containsExactly(new Ec2QueryClient.NetworkAcl("acl-0a", "vpc-0a", false, List.of(
                new Ec2QueryClient.NetworkAclEntry(90, false, "allow", "17", "::/0", "3000", "4000"),
                new Ec2QueryClient.NetworkAclEntry(32767, false, "deny", "-1", "0.0.0.0/0", "", ""))));
        assertThat(acls.get(0).entries().get(0).describe()).isEqualTo("rule 90 allow udp 3000-4000 from ::/0");
    }

    @Test
    void listsVpcsAndTheFlowLogsOfOnesGiven() {
        MOTO.inject(ProxyTraffic.recordCalls(calls));
        Ec2QueryClient ec2 = client(Region.EU_NORTH_1);
        try (Ec2Client sdk = Ec2Client.builder().httpClient(AwsClients.httpClient()).region(Region.EU_NORTH_1)
                .endpointOverride(MOTO.endpoint()).credentialsProvider(CREDENTIALS).build()) {
            String logged = sdk.createVpc(r -> r.cidrBlock("10.4.0.0/16")).vpc().vpcId();
            String other = sdk.createVpc(r -> r.cidrBlock("10.5.0.0/16")).vpc().vpcId();
            String flowLogId = sdk.createFlowLogs(r -> r.resourceType("VPC").resourceIds(logged).trafficType("REJECT")
                    .logGroupName("flow-logs").deliverLogsPermissionArn("arn:aws:iam::123456789012:role/flow-logs")).flowLogIds().get(0);
            sdk.createFlowLogs(r -> r.resourceType("VPC").resourceIds(other).trafficType("ACCEPT")
                    .logGroupName("flow-logs").deliverLogsPermissionArn("arn:aws:iam::123456789012:role/flow-logs"));

            List<String> vpcIds = ec2.describeVpcIds();
            List<Ec2QueryClient.FlowLog> flowLogs = ec2.describeFlowLogs(Ec2QueryClient.Filter.of("resource-id", logged));

            assertThat(vpcIds).contains(logged, other).hasSize(3);
            assertThat(flowLogs).containsExactly(new Ec2QueryClient.FlowLog(flowLogId, logged, "REJECT", "ACTIVE"));
            assertThat(calls).containsExactly("DescribeVpcs", "DescribeFlowLogs");
        }
    }

    @Test
    void readsTheVpcBlockPublicAccessModeAndWhoManagesIt() {
        MOTO.inject(ProxyTraffic.recordCalls(calls));
        MOTO.inject(answer("DescribeVpcBlockPublicAccessOptions", "<vpcBlockPublicAccessOptions><awsAccountId>123456789012</awsAccountId>"
                + "<awsRegion>eu-west-2</awsRegion><state>update-complete</state><internetGatewayBlockMode>block-ingress"
                + "</internetGatewayBlockMode><managedBy>declarative-policy</managedBy><exclusionsAllowed>not-allowed</exclusionsAllowed>"
                + "</vpcBlockPublicAccessOptions>"));
        Ec2QueryClient ec2 = client(Region.EU_WEST_2);

        Ec2QueryClient.VpcBlockPublicAccessOptions managed = ec2.describeVpcBlockPublicAccessOptions();
        Ec2QueryClient.VpcBlockPublicAccessOptions fresh = ec2.describeVpcBlockPublicAccessOptions();

        assertThat(managed).isEqualTo(new Ec2QueryClient.VpcBlockPublicAccessOptions("block-ingress", "update-complete", "declarative-policy"));
        assertThat(managed.managedByPolicy()).isTrue();
        assertThat(fresh).as("the stand-in's answer for a new account")
                .isEqualTo(new Ec2QueryClient.VpcBlockPublicAccessOptions("off", "default-state", "account"));
        assertThat(calls).containsExactly("DescribeVpcBlockPublicAccessOptions", "DescribeVpcBlockPublicAccessOptions");
    }

    @Test
    void describeCallsFollowNextToken() {
        // moto never pages these answers; the proxy answers the first page as EC2 does when there are more.
        MOTO.inject(ProxyTraffic.recordCalls(calls));
        MOTO.inject(new FaultRule("first page", request -> "DescribeNetworkInterfaces".equals(request.form().get("Action"))
                && !request.form().containsKey("NextToken"), 1, 200, "text/xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DescribeNetworkInterfacesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                        + "<requestId>" + UUID.randomUUID() + "</requestId><networkInterfaceSet><item><networkInterfaceId>eni-0first"
                        + "</networkInterfaceId><groupSet><item><groupId>sg-1</groupId></item></groupSet></item></networkInterfaceSet>"
                        + "<nextToken>page-2</nextToken></DescribeNetworkInterfacesResponse>"));

        List<String> interfaces = client(Region.EU_WEST_2).describeNetworkInterfaceIds();

        assertThat(interfaces).containsExactly("eni-0first");
        assertThat(calls).containsExactly("DescribeNetworkInterfaces", "DescribeNetworkInterfaces");
    }

    @Test
    void throttlingIsRetriedWithTheSdksStrategy() {
        MOTO.inject(ProxyTraffic.ec2Error("GetEbsEncryptionByDefault", 2, 503, "RequestLimitExceeded", "Request limit exceeded."));

        assertThat(client(Region.EU_NORTH_1).getEbsEncryptionByDefault()).isFalse();
    }

    @Test
    void aRefusalIsTheSdksServiceExceptionWithEc2sCodeAndMessage() {
        MOTO.inject(ProxyTraffic.ec2Error("EnableEbsEncryptionByDefault", FaultRule.UNLIMITED, 403, "UnauthorizedOperation",
                "You are not authorized to perform this operation."));

        assertThatThrownBy(() -> client(Region.EU_WEST_3).enableEbsEncryptionByDefault())
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().serviceName()).isEqualTo("Ec2");
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnauthorizedOperation");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("You are not authorized to perform this operation.");
                    assertThat(e.isThrottlingException()).isFalse();
                });
    }

    @Test
    void persistentThrottlingEndsAsAThrottlingException() {
        MOTO.inject(ProxyTraffic.ec2Error("GetEbsEncryptionByDefault", FaultRule.UNLIMITED, 503, "RequestLimitExceeded", "Request limit exceeded."));

        assertThatThrownBy(() -> client(Region.EU_SOUTH_1).getEbsEncryptionByDefault())
                .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.isThrottlingException()).isTrue());
    }

    @Test
    void theEndpointIsTheSdksOrTheRegionalOne() {
        assertThat(Ec2QueryClient.defaultEndpoint(Region.EU_WEST_1, Map.of()))
                .isEqualTo(URI.create("https://ec2.eu-west-1.amazonaws.com"));
        assertThat(Ec2QueryClient.defaultEndpoint(Region.CN_NORTH_1, Map.of()))
                .isEqualTo(URI.create("https://ec2.cn-north-1.amazonaws.com.cn"));
        assertThat(Ec2QueryClient.defaultEndpoint(Region.EU_WEST_1, Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:5000")))
                .isEqualTo(URI.create("http://127.0.0.1:5000"));
        assertThat(Ec2QueryClient.defaultEndpoint(Region.EU_WEST_1, Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:5000",
                "AWS_ENDPOINT_URL_EC2", "http://127.0.0.1:6000"))).isEqualTo(URI.create("http://127.0.0.1:6000"));
    }

    /** Answers {@code action} once with EC2's document around {@code elements}, as AWS would. */
    private static FaultRule answer(String action, String elements) {
        return new FaultRule(action + " answered", request -> action.equals(request.form().get("Action")), 1, 200, "text/xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + action + "Response xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                        + "<requestId>" + UUID.randomUUID() + "</requestId>" + elements + "</" + action + "Response>");
    }

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

    private static Ec2QueryClient client(Region region) {
        return Ec2QueryClient.builder().httpClient(AwsClients.httpClient()).region(region).endpointOverride(MOTO.proxyEndpoint())
                .credentialsProvider(CREDENTIALS).build();
    }
}
