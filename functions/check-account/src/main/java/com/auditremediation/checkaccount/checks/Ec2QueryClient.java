package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.session.AccountClients;
import com.auditremediation.core.model.DeclarativePolicy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The EC2 calls the checks make (one method each), without the EC2 SDK module (24 MB of the 38 MB artifact, and a
 * measured share of every cold start): EC2 Query-protocol requests signed with the SDK's own SigV4 signer, sent over
 * the SDK's HTTP client, retried with the SDK's default retry strategy, and failing with the same
 * {@link AwsServiceException} (service name {@code Ec2}, EC2's error code and message) that the SDK client would
 * throw. Built like an SDK client, through {@link #builder()}, so that {@link CheckContext#client} and
 * {@link AccountClients} treat it as one.
 * <p>The endpoint is the SDK's: {@code AWS_ENDPOINT_URL_EC2}, then {@code AWS_ENDPOINT_URL}, then
 * {@code https://ec2.<region>.<partition's DNS suffix>}; an explicit {@code endpointOverride} wins.
 */
public final class Ec2QueryClient implements SdkAutoCloseable {

    static final String API_VERSION = "2016-11-15";
    private static final String SERVICE_NAME = "Ec2";
    private static final XMLInputFactory XML = createXmlFactory();

    private final SdkHttpClient http;
    private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
    private final Region region;
    private final URI endpoint;
    private final RetryStrategy retryStrategy = AwsRetryStrategy.defaultRetryStrategy();

    private Ec2QueryClient(Builder builder) {
        this.http = builder.http;
        this.credentials = builder.credentials;
        this.region = builder.region;
        this.endpoint = builder.endpoint != null ? builder.endpoint : defaultEndpoint(builder.region, System.getenv());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** ec2:GetEbsEncryptionByDefault: whether new EBS volumes in this region are encrypted by default. */
    public boolean getEbsEncryptionByDefault() {
        return Boolean.parseBoolean(required(call("GetEbsEncryptionByDefault", Map.of()), "ebsEncryptionByDefault"));
    }

    /** ec2:EnableEbsEncryptionByDefault: turns it on in this region; returns the setting EC2 reports after the call. */
    public boolean enableEbsEncryptionByDefault() {
        return Boolean.parseBoolean(required(call("EnableEbsEncryptionByDefault", Map.of()), "ebsEncryptionByDefault"));
    }

    /** ec2:GetSnapshotBlockPublicAccessState: the region's block public access for EBS snapshots, and who manages it. */
    public AccountAttribute getSnapshotBlockPublicAccessState() {
        Element result = call("GetSnapshotBlockPublicAccessState", Map.of());
        return new AccountAttribute(required(result, "state"), managedBy(result));
    }

    /**
     * ec2:EnableSnapshotBlockPublicAccess: sets the region's block public access for EBS snapshots to {@code state}
     * ({@code block-all-sharing} or {@code block-new-sharing}); returns the state EC2 reports after the call.
     */
    public String enableSnapshotBlockPublicAccess(String state) {
        return required(call("EnableSnapshotBlockPublicAccess", Map.of("State", state)), "state");
    }

    /**
     * ec2:DescribeSnapshots with {@code OwnerIds self} and {@code RestorableByUserIds all}: the ids of this account's
     * snapshots in the region that every AWS account may restore (AWS's filter for public snapshots), every page.
     */
    public List<String> describeOwnPublicSnapshotIds() {
        return ids("DescribeSnapshots", Map.of("Owner.1", "self", "RestorableBy.1", "all"), "snapshotSet", "snapshotId");
    }

    /**
     * ec2:DescribeSnapshotAttribute {@code createVolumePermission}: the groups that may create volumes from the
     * snapshot ({@code all} when it is public; accounts it is shared with one by one are not listed).
     */
    public List<String> describeSnapshotVolumePermissionGroups(String snapshotId) {
        Element result = call("DescribeSnapshotAttribute", Map.of("SnapshotId", snapshotId, "Attribute", "createVolumePermission"));
        return groups(result.child("createVolumePermission"));
    }

    /** ec2:ModifySnapshotAttribute: removes the group {@code all} from the snapshot's createVolumePermission (makes it private). */
    public void removeSnapshotPublicPermission(String snapshotId) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("SnapshotId", snapshotId);
        parameters.put("Attribute", "createVolumePermission");
        parameters.put("OperationType", "remove");
        parameters.put("UserGroup.1", "all");
        requireReturnNotFalse(call("ModifySnapshotAttribute", parameters), snapshotId);
    }

    /** ec2:GetImageBlockPublicAccessState: the region's block public access for AMIs, and who manages it. */
    public AccountAttribute getImageBlockPublicAccessState() {
        Element result = call("GetImageBlockPublicAccessState", Map.of());
        return new AccountAttribute(required(result, "imageBlockPublicAccessState"), managedBy(result));
    }

    /**
     * ec2:EnableImageBlockPublicAccess: blocks new public sharing of AMIs in the region ({@code block-new-sharing}, the
     * only state the API takes); returns the state EC2 answers, which GetImageBlockPublicAccessState may take up to ten
     * minutes to read back.
     */
    public String enableImageBlockPublicAccess() {
        return required(call("EnableImageBlockPublicAccess", Map.of("ImageBlockPublicAccessState", "block-new-sharing")),
                "imageBlockPublicAccessState");
    }

    /**
     * ec2:DescribeImages with {@code Owners self} and the filter {@code is-public true}: the ids of this account's public
     * AMIs in the region, every page.
     */
    public List<String> describeOwnPublicImageIds() {
        return ids("DescribeImages", Map.of("Owner.1", "self"), "imagesSet", "imageId", Filter.of("is-public", "true"));
    }

    /**
     * ec2:DescribeImageAttribute {@code launchPermission}: the groups that may launch the AMI ({@code all} when it is
     * public; accounts, organisations and OUs it is shared with are not listed).
     */
    public List<String> describeImageLaunchPermissionGroups(String imageId) {
        Element result = call("DescribeImageAttribute", Map.of("ImageId", imageId, "Attribute", "launchPermission"));
        return groups(result.child("launchPermission"));
    }

    /** ec2:ModifyImageAttribute: removes the group {@code all} from the AMI's launch permission (makes it private). */
    public void removeImagePublicLaunchPermission(String imageId) {
        requireReturnNotFalse(call("ModifyImageAttribute", Map.of("ImageId", imageId, "LaunchPermission.Remove.1.Group", "all")), imageId);
    }

    /**
     * ec2:GetInstanceMetadataDefaults: the region's account-level defaults for the instance metadata options of new
     * instances.
     */
    public InstanceMetadataDefaults getInstanceMetadataDefaults() {
        Element accountLevel = call("GetInstanceMetadataDefaults", Map.of()).child("accountLevel");
        return new InstanceMetadataDefaults(accountLevel.text("httpTokens"), managedBy(accountLevel));
    }

    /**
     * ec2:ModifyInstanceMetadataDefaults: sets the region's default {@code HttpTokens} for new instances ({@code required}
     * makes them use IMDSv2); the other defaults stay as they are.
     */
    public void modifyInstanceMetadataDefaultHttpTokens(String httpTokens) {
        requireReturnNotFalse(call("ModifyInstanceMetadataDefaults", Map.of("HttpTokens", httpTokens)), "the instance metadata defaults");
    }

    /**
     * ec2:DescribeVpcBlockPublicAccessOptions: the region's VPC block public access mode for internet gateways, and who
     * manages it.
     */
    public VpcBlockPublicAccessOptions describeVpcBlockPublicAccessOptions() {
        Element options = call("DescribeVpcBlockPublicAccessOptions", Map.of()).child("vpcBlockPublicAccessOptions");
        return new VpcBlockPublicAccessOptions(required(options, "internetGatewayBlockMode"), options.text("state"), managedBy(options));
    }

    /** ec2:DescribeSecurityGroups: the security groups that match {@code filters}, every page. */
    public List<SecurityGroup> describeSecurityGroups(Filter... filters) {
        List<SecurityGroup> groups = new ArrayList<>();
        for (Element page : pages("DescribeSecurityGroups", filters)) {
            for (Element item : page.child("securityGroupInfo").children("item")) {
                groups.add(new SecurityGroup(item.text("groupId"), item.text("groupName"), item.text("vpcId")));
            }
        }
        return groups;
    }

    /** ec2:DescribeSecurityGroupRules: the rules that match {@code filters} (for example group-id), every page. */
    public List<SecurityGroupRule> describeSecurityGroupRules(Filter... filters) {
        List<SecurityGroupRule> rules = new ArrayList<>();
        for (Element page : pages("DescribeSecurityGroupRules", filters)) {
            for (Element item : page.child("securityGroupRuleSet").children("item")) {
                String peer = firstText(item, "cidrIpv4", "cidrIpv6", "prefixListId");
                if (peer.isEmpty()) {
                    peer = item.child("referencedGroupInfo").text("groupId");
                }
                rules.add(new SecurityGroupRule(item.text("securityGroupRuleId"), item.text("groupId"),
                        Boolean.parseBoolean(item.text("isEgress")), item.text("ipProtocol"), item.text("fromPort"),
                        item.text("toPort"), peer));
            }
        }
        return rules;
    }

    /** ec2:DescribeNetworkAcls: the network ACLs that match {@code filters}, with their entries, every page. */
    public List<NetworkAcl> describeNetworkAcls(Filter... filters) {
        List<NetworkAcl> acls = new ArrayList<>();
        for (Element page : pages("DescribeNetworkAcls", filters)) {
            for (Element item : page.child("networkAclSet").children("item")) {
                List<NetworkAclEntry> entries = item.child("entrySet").children("item").stream()
                        .map(entry -> new NetworkAclEntry(Integer.parseInt(entry.text("ruleNumber")),
                                Boolean.parseBoolean(entry.text("egress")), entry.text("ruleAction"), entry.text("protocol"),
                                firstText(entry, "cidrBlock", "ipv6CidrBlock"), entry.child("portRange").text("from"),
                                entry.child("portRange").text("to")))
                        .toList();
                acls.add(new NetworkAcl(item.text("networkAclId"), item.text("vpcId"), Boolean.parseBoolean(item.text("default")), entries));
            }
        }
        return acls;
    }

    /** ec2:DescribeVpcs: the ids of the VPCs that match {@code filters}, every page. */
    public List<String> describeVpcIds(Filter... filters) {
        return ids("DescribeVpcs", Map.of(), "vpcSet", "vpcId", filters);
    }

    /** ec2:DescribeFlowLogs: the flow logs that match {@code filters} (for example resource-id), every page. */
    public List<FlowLog> describeFlowLogs(Filter... filters) {
        List<FlowLog> flowLogs = new ArrayList<>();
        for (Element page : pages("DescribeFlowLogs", filters)) {
            for (Element item : page.child("flowLogSet").children("item")) {
                flowLogs.add(new FlowLog(item.text("flowLogId"), item.text("resourceId"), item.text("trafficType"), item.text("flowLogStatus")));
            }
        }
        return flowLogs;
    }

    /** ec2:DescribeNetworkInterfaces: the ids of the network interfaces that match {@code filters}, every page. */
    public List<String> describeNetworkInterfaceIds(Filter... filters) {
        return ids("DescribeNetworkInterfaces", Map.of(), "networkInterfaceSet", "networkInterfaceId", filters);
    }

    /** ec2:RevokeSecurityGroupIngress: removes the inbound rules {@code ruleIds} of {@code groupId}. */
    public void revokeSecurityGroupIngress(String groupId, List<String> ruleIds) {
        revoke("RevokeSecurityGroupIngress", groupId, ruleIds);
    }

    /** ec2:RevokeSecurityGroupEgress: removes the outbound rules {@code ruleIds} of {@code groupId}. */
    public void revokeSecurityGroupEgress(String groupId, List<String> ruleIds) {
        revoke("RevokeSecurityGroupEgress", groupId, ruleIds);
    }

    private void revoke(String action, String groupId, List<String> ruleIds) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("GroupId", groupId);
        for (int i = 0; i < ruleIds.size(); i++) {
            parameters.put("SecurityGroupRuleId." + (i + 1), ruleIds.get(i));
        }
        Element result = call(action, parameters);
        if (!Boolean.parseBoolean(result.text("return"))) {
            throw SdkClientException.create("ec2:" + action + " on " + groupId + " answered return=" + result.text("return"));
        }
    }

    /** The {@code idName} of every item of {@code setName}, on every page of a Describe call. */
    private List<String> ids(String action, Map<String, String> fixed, String setName, String idName, Filter... filters) {
        List<String> ids = new ArrayList<>();
        for (Element page : pages(action, fixed, filters)) {
            for (Element item : page.child(setName).children("item")) {
                ids.add(item.text(idName));
            }
        }
        return ids;
    }

    /** Every page of a Describe call: follows nextToken until EC2 sends none. */
    private List<Element> pages(String action, Filter... filters) {
        return pages(action, Map.of(), filters);
    }

    /** Every page of a Describe call with {@code fixed} parameters as well as {@code filters}. */
    private List<Element> pages(String action, Map<String, String> fixed, Filter... filters) {
        Map<String, String> parameters = new LinkedHashMap<>(fixed);
        for (int i = 0; i < filters.length; i++) {
            parameters.put("Filter." + (i + 1) + ".Name", filters[i].name());
            for (int j = 0; j < filters[i].values().size(); j++) {
                parameters.put("Filter." + (i + 1) + ".Value." + (j + 1), filters[i].values().get(j));
            }
        }
        List<Element> pages = new ArrayList<>();
        String nextToken = "";
        do {
            if (!nextToken.isEmpty()) {
                parameters.put("NextToken", nextToken);
            }
            Element page = call(action, parameters);
            pages.add(page);
            nextToken = page.text("nextToken");
        } while (!nextToken.isEmpty());
        return pages;
    }

    private static String required(Element result, String name) {
        String text = result.text(name);
        if (text.isEmpty()) {
            throw SdkClientException.create("ec2: " + result.name + " answered without " + name);
        }
        return text;
    }

    /** The {@code group} of each item of a permission list (createVolumePermission, launchPermission). */
    private static List<String> groups(Element permissions) {
        return permissions.children("item").stream().map(item -> item.text("group")).filter(group -> !group.isEmpty()).toList();
    }

    /** A Modify call's {@code return}: false is a failure; EC2 documents it, and an answer without it is taken as done. */
    private static void requireReturnNotFalse(Element result, String resourceId) {
        if ("false".equals(result.text("return"))) {
            throw SdkClientException.create("ec2: " + result.name + " on " + resourceId + " answered return=false");
        }
    }

    /** The attribute's {@code managedBy}; {@code account} when EC2 leaves it out (the field is optional in its API). */
    private static String managedBy(Element result) {
        String managedBy = result.text("managedBy");
        return managedBy.isEmpty() ? "account" : managedBy;
    }

    private static String firstText(Element element, String... names) {
        for (String name : names) {
            String text = element.text(name);
            if (!text.isEmpty()) {
                return text;
            }
        }
        return "";
    }

    /** An EC2 filter: {@code new Filter("group-name", List.of("default"))}. */
    public record Filter(String name, List<String> values) {
        public Filter {
            values = List.copyOf(values);
        }

        public static Filter of(String name, String... values) {
            return new Filter(name, List.of(values));
        }

        /** One filter on {@code name} per 200 of {@code values}, the most EC2 takes in one filter. */
        public static List<Filter> inChunks(String name, List<String> values) {
            List<Filter> filters = new ArrayList<>();
            for (int i = 0; i < values.size(); i += MAX_VALUES) {
                filters.add(new Filter(name, values.subList(i, Math.min(values.size(), i + MAX_VALUES))));
            }
            return filters;
        }

        private static final int MAX_VALUES = 200;
    }

    /**
     * An EC2 account attribute of a region (snapshot or AMI block public access): its state, and who manages it,
     * {@code account} or {@code declarative-policy} (an AWS Organizations declarative policy, which the account cannot
     * override).
     */
    public record AccountAttribute(String state, String managedBy) {

        public boolean managedByPolicy() {
            return DeclarativePolicy.MANAGED_BY_POLICY.equals(managedBy);
        }
    }

    /**
     * The account-level instance metadata defaults of a region (the parts the checks use): {@code httpTokens} is ""
     * where the account has no preference (the AMI's or EC2's own default applies); {@code managedBy} as in
     * {@link AccountAttribute}.
     */
    public record InstanceMetadataDefaults(String httpTokens, String managedBy) {

        public boolean managedByPolicy() {
            return DeclarativePolicy.MANAGED_BY_POLICY.equals(managedBy);
        }
    }

    /**
     * The VPC block public access options of a region (the parts the checks use): {@code internetGatewayBlockMode}
     * {@code off}, {@code block-bidirectional} or {@code block-ingress}; {@code managedBy} as in {@link AccountAttribute}.
     */
    public record VpcBlockPublicAccessOptions(String internetGatewayBlockMode, String state, String managedBy) {

        public boolean managedByPolicy() {
            return DeclarativePolicy.MANAGED_BY_POLICY.equals(managedBy);
        }
    }

    /** A security group as DescribeSecurityGroups lists it (the parts the checks use). */
    public record SecurityGroup(String groupId, String groupName, String vpcId) {
    }

    /**
     * One rule of a security group: {@code peer} is the CIDR, prefix list or security group the rule allows traffic
     * from (inbound) or to (outbound); ports are EC2's strings ({@code -1} for all).
     */
    public record SecurityGroupRule(String ruleId, String groupId, boolean egress, String protocol, String fromPort,
                                    String toPort, String peer) {

        /** For evidence, for example {@code sgr-0123 outbound all traffic to 0.0.0.0/0}. */
        public String describe() {
            String traffic = "-1".equals(protocol) ? "all traffic"
                    : protocol + " " + (fromPort.equals(toPort) ? fromPort : fromPort + "-" + toPort);
            return ruleId + " " + (egress ? "outbound " + traffic + " to " : "inbound " + traffic + " from ") + peer;
        }
    }

    /** A network ACL as DescribeNetworkAcls lists it: {@code isDefault} for the VPC's default ACL. */
    public record NetworkAcl(String networkAclId, String vpcId, boolean isDefault, List<NetworkAclEntry> entries) {
        public NetworkAcl {
            entries = List.copyOf(entries);
        }
    }

    /**
     * One entry of a network ACL: {@code protocol} is EC2's number as a string ({@code 6} TCP, {@code 17} UDP, {@code -1}
     * all), {@code cidr} the IPv4 or IPv6 block, ports "" where the entry has no port range (all ports).
     */
    public record NetworkAclEntry(int ruleNumber, boolean egress, String ruleAction, String protocol, String cidr,
                                  String fromPort, String toPort) {

        /** For evidence, for example {@code rule 100 allow tcp 22 from 0.0.0.0/0}. */
        public String describe() {
            String name = switch (protocol) {
                case "-1" -> "all traffic";
                case "6" -> "tcp";
                case "17" -> "udp";
                default -> "protocol " + protocol;
            };
            String ports = fromPort.isEmpty() || "-1".equals(protocol) ? ""
                    : " " + (fromPort.equals(toPort) ? fromPort : fromPort + "-" + toPort);
            return "rule " + ruleNumber + " " + ruleAction + " " + name + ports + (egress ? " to " : " from ") + cidr;
        }
    }

    /**
     * A flow log as DescribeFlowLogs lists it: {@code resourceId} is the VPC, subnet or network interface it captures,
     * {@code trafficType} {@code ACCEPT}, {@code REJECT} or {@code ALL}, {@code status} {@code ACTIVE} once created.
     */
    public record FlowLog(String flowLogId, String resourceId, String trafficType, String status) {
    }

    static URI defaultEndpoint(Region region, Map<String, String> environment) {
        for (String name : new String[] {"AWS_ENDPOINT_URL_EC2", "AWS_ENDPOINT_URL"}) {
            String value = environment.get(name);
            if (value != null && !value.isBlank()) {
                return URI.create(value.trim());
            }
        }
        return URI.create("https://ec2." + region.id() + "." + PartitionMetadata.of(region).dnsSuffix());
    }

    /** One action with the SDK's retries; returns the response document's root element. */
    private Element call(String action, Map<String, String> parameters) {
        RetryToken token = retryStrategy.acquireInitialToken(AcquireInitialTokenRequest.create(SERVICE_NAME)).token();
        while (true) {
            try {
                Element result = callOnce(action, parameters);
                retryStrategy.recordSuccess(RecordSuccessRequest.create(token));
                return result;
            } catch (SdkException failure) {
                Duration delay;
                try {
                    var refreshed = retryStrategy.refreshRetryToken(RefreshRetryTokenRequest.builder().token(token).failure(failure).build());
                    token = refreshed.token();
                    delay = refreshed.delay();
                } catch (TokenAcquisitionFailedException exhausted) {
                    throw failure;
                }
                sleep(delay);
            }
        }
    }

    private Element callOnce(String action, Map<String, String> parameters) {
        StringBuilder form = new StringBuilder("Action=" + action + "&Version=" + API_VERSION);
        parameters.forEach((name, value) -> form.append('&').append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        byte[] body = form.toString().getBytes(StandardCharsets.UTF_8);
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .putHeader("Content-Length", String.valueOf(body.length))
                .build();
        AwsCredentialsIdentity identity = credentials.resolveIdentity().join();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(identity)
                .request(request)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ec2")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
        HttpExecuteResponse response;
        byte[] responseBody;
        try {
            response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null))
                    .build()).call();
            try (InputStream in = response.responseBody().orElse(null)) {
                responseBody = in == null ? new byte[0] : in.readAllBytes();
            }
        } catch (IOException e) {
            throw SdkClientException.builder().message("Unable to execute ec2:" + action + ": " + e.getMessage()).cause(e).build();
        }
        int status = response.httpResponse().statusCode();
        Element root = parse(responseBody);
        // EC2's error document: <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>
        Element error = root.child("Errors").child("Error");
        if (status >= 300 || !error.text("Code").isEmpty()) {
            String code = error.text("Code").isEmpty() ? "HTTP " + status : error.text("Code");
            String message = error.text("Message").isEmpty() ? new String(responseBody, StandardCharsets.UTF_8) : error.text("Message");
            throw AwsServiceException.builder()
                    .statusCode(status)
                    .requestId(root.text("RequestID").isEmpty() ? root.text("requestId") : root.text("RequestID"))
                    .message(message + " (Service: Ec2, Status Code: " + status + ")")
                    .awsErrorDetails(AwsErrorDetails.builder().serviceName(SERVICE_NAME).errorCode(code).errorMessage(message)
                            .sdkHttpResponse(response.httpResponse()).build())
                    .build();
        }
        return root;
    }

    /** The response document as a tree of {@link Element}s (an empty root for an empty body). */
    private static Element parse(byte[] xml) {
        Element root = new Element("");
        if (xml.length == 0) {
            return root;
        }
        try {
            XMLStreamReader reader = XML.createXMLStreamReader(new ByteArrayInputStream(xml));
            List<Element> open = new ArrayList<>();
            open.add(root);
            while (reader.hasNext()) {
                switch (reader.next()) {
                    case XMLStreamReader.START_ELEMENT -> {
                        Element element = new Element(reader.getLocalName());
                        open.get(open.size() - 1).children.add(element);
                        open.add(element);
                    }
                    case XMLStreamReader.CHARACTERS, XMLStreamReader.CDATA -> open.get(open.size() - 1).text.append(reader.getText());
                    case XMLStreamReader.END_ELEMENT -> open.remove(open.size() - 1);
                    default -> { }
                }
            }
            reader.close();
        } catch (XMLStreamException e) {
            throw SdkClientException.builder().message("EC2 answered with XML that does not parse: " + e.getMessage()).cause(e).build();
        }
        // The document element (for example DescribeSecurityGroupsResponse, or Response for an error).
        return root.children.isEmpty() ? root : root.children.get(0);
    }

    /**
     * One element of an EC2 answer. A child that is not there reads as an empty element, so that a path through
     * optional parts ({@code child("referencedGroupInfo").text("groupId")}) gives "" instead of failing.
     */
    private static final class Element {
        private static final Element ABSENT = new Element("");

        private final String name;
        private final StringBuilder text = new StringBuilder();
        private final List<Element> children = new ArrayList<>();

        Element(String name) {
            this.name = name;
        }

        Element child(String childName) {
            for (Element child : children) {
                if (child.name.equals(childName)) {
                    return child;
                }
            }
            return ABSENT;
        }

        List<Element> children(String childName) {
            return children.stream().filter(child -> child.name.equals(childName)).toList();
        }

        /** The trimmed text of the child {@code childName}, or "". */
        String text(String childName) {
            return child(childName).text.toString().trim();
        }
    }

    private static XMLInputFactory createXmlFactory() {
        XMLInputFactory factory = XMLInputFactory.newInstance();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return factory;
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SdkClientException.create("interrupted while waiting to retry an EC2 call", e);
        }
    }

    /** Nothing to close: the HTTP client is shared and belongs to whoever built it. */
    @Override
    public void close() {
    }

    /** An SDK-style builder, so that the code that builds SDK clients builds this one the same way. */
    public static final class Builder implements AwsClientBuilder<Builder, Ec2QueryClient>, AwsSyncClientBuilder<Builder, Ec2QueryClient> {

        private SdkHttpClient http;
        private IdentityProvider<? extends AwsCredentialsIdentity> credentials;
        private Region region;
        private URI endpoint;
        private ClientOverrideConfiguration overrideConfiguration = ClientOverrideConfiguration.builder().build();

        private Builder() {
        }

        @Override
        public Builder credentialsProvider(AwsCredentialsProvider credentialsProvider) {
            this.credentials = credentialsProvider;
            return this;
        }

        @Override
        public Builder credentialsProvider(IdentityProvider<? extends AwsCredentialsIdentity> credentialsProvider) {
            this.credentials = credentialsProvider;
            return this;
        }

        @Override
        public Builder region(Region region) {
            this.region = region;
            return this;
        }

        @Override
        public Builder dualstackEnabled(Boolean dualstackEndpointEnabled) {
            throw new UnsupportedOperationException("Ec2QueryClient uses the regional endpoint only");
        }

        @Override
        public Builder fipsEnabled(Boolean fipsEndpointEnabled) {
            throw new UnsupportedOperationException("Ec2QueryClient uses the regional endpoint only");
        }

        @Override
        public Builder overrideConfiguration(ClientOverrideConfiguration overrideConfiguration) {
            this.overrideConfiguration = overrideConfiguration;
            return this;
        }

        @Override
        public ClientOverrideConfiguration overrideConfiguration() {
            return overrideConfiguration;
        }

        @Override
        public Builder endpointOverride(URI endpointOverride) {
            this.endpoint = endpointOverride;
            return this;
        }

        @Override
        public Builder httpClient(SdkHttpClient httpClient) {
            this.http = httpClient;
            return this;
        }

        @Override
        public Builder httpClientBuilder(SdkHttpClient.Builder httpClientBuilder) {
            throw new UnsupportedOperationException("give Ec2QueryClient a built, shared SdkHttpClient with httpClient(...)");
        }

        @Override
        public Ec2QueryClient build() {
            if (http == null || credentials == null || region == null) {
                throw new IllegalStateException("Ec2QueryClient needs httpClient, credentialsProvider and region");
            }
            return new Ec2QueryClient(this);
        }
    }
}
