package com.auditremediation.local;

import com.auditremediation.core.AwsClients;
import com.auditremediation.local.standin.MotoCalls;
import com.auditremediation.local.standin.StandInAdmin;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.Region;

/**
 * What the demo organisation arranges in an account before the sweep, beyond {@code compliantWith}: the
 * {@code declarativePolicies} that manage its EC2 account attributes (through the stand-in's admin endpoint, as an
 * organisation's declarative policy would), and the resources that make a check fail where a new account passes it
 * ({@code nonCompliantWith}: a public snapshot, a public AMI, SSH open to everyone, IAM users, roles and certificates
 * that fail the IAM checks). A new account already fails the other checks.
 *
 * <p>The resources are made in moto with EC2's and IAM's query APIs as the account ({@code x-moto-account-id}), so that
 * the local run needs no EC2 or IAM SDK module.
 */
public final class DemoFindings {

    private static final String EC2_VERSION = "2016-11-15";
    private static final String IAM_VERSION = "2010-05-08";
    /** The checks whose failing state the demo can arrange, by id, and how. */
    private static final Map<String, BiConsumer<QueryCalls, Region>> ARRANGEMENTS = arrangements();

    private DemoFindings() {
    }

    /** The check ids that {@code nonCompliantWith} may name. */
    public static List<String> arrangeable() {
        return List.copyOf(ARRANGEMENTS.keySet());
    }

    /**
     * Arranges {@code account}'s declarative policies and failing checks in {@code region}; returns one line for each
     * account where it did anything, for the run's output (empty when nothing).
     */
    public static List<String> arrange(URI endpoint, DemoOrganization.SeededAccount account, Region region) {
        if (account.suspended() || account.executionRoleMissing()
                || (account.declarativePolicies().isEmpty() && account.nonCompliantWith().isEmpty())) {
            return List.of();
        }
        QueryCalls calls = new QueryCalls(new MotoCalls(endpoint), account.id(), region);
        for (String checkId : account.nonCompliantWith()) {
            BiConsumer<QueryCalls, Region> arrangement = ARRANGEMENTS.get(checkId);
            if (arrangement == null) {
                throw new IllegalArgumentException("the demo organisation's nonCompliantWith names " + checkId + " for " + account.name()
                        + "; the demo can arrange only " + String.join(", ", arrangeable()) + " (a new account fails the others already)");
            }
            arrangement.accept(calls, region);
        }
        // Last: a policy takes the attribute out of the account's hands, the arrangements' writes included.
        StandInAdmin admin = StandInAdmin.at(endpoint);
        account.declarativePolicies().forEach((attribute, fields) ->
                admin.manageByDeclarativePolicy(attribute, account.id(), region.id(), fields));
        StringBuilder line = new StringBuilder("Demo findings: " + account.name());
        if (!account.declarativePolicies().isEmpty()) {
            line.append(" has declarative policies for ").append(String.join(", ", account.declarativePolicies().keySet()));
        }
        if (!account.nonCompliantWith().isEmpty()) {
            line.append(account.declarativePolicies().isEmpty() ? "" : ";").append(" made non-compliant with ")
                    .append(String.join(", ", account.nonCompliantWith()));
        }
        return List.of(line.toString());
    }

    private static Map<String, BiConsumer<QueryCalls, Region>> arrangements() {
        Map<String, BiConsumer<QueryCalls, Region>> arrangements = new LinkedHashMap<>();
        arrangements.put("ebs-snapshots-not-public", (calls, region) -> {
            String volume = calls.ec2("<volumeId>", "Action", "CreateVolume", "AvailabilityZone", region.id() + "a", "Size", "1");
            String snapshot = calls.ec2("<snapshotId>", "Action", "CreateSnapshot", "VolumeId", volume, "Description", "demo: shared with everyone");
            calls.ec2(null, "Action", "ModifySnapshotAttribute", "SnapshotId", snapshot, "Attribute", "createVolumePermission",
                    "OperationType", "add", "UserGroup.1", "all");
        });
        arrangements.put("ami-block-public-access", (calls, region) -> {
            // As an account that shared an AMI before it blocked public sharing, or that turned the block off.
            calls.ec2(null, "Action", "DisableImageBlockPublicAccess");
            String image = calls.ec2("<imageId>", "Action", "RegisterImage", "Name", "demo-public-image");
            calls.ec2(null, "Action", "ModifyImageAttribute", "ImageId", image, "LaunchPermission.Add.1.Group", "all");
        });
        // The IAM checks of issue 25: a new account passes them.
        arrangements.put("iam-access-key-rotation", (calls, region) -> {
            calls.iam(null, "Action", "CreateUser", "UserName", "demo-ci");
            calls.iam(null, "Action", "CreateAccessKey", "UserName", "demo-ci");
            calls.iam(null, "Action", "CreateAccessKey", "UserName", "demo-ci");
        });
        arrangements.put("iam-cloudshell-full-access", (calls, region) -> {
            calls.iam(null, "Action", "CreateRole", "RoleName", "demo-cloudshell", "AssumeRolePolicyDocument",
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},"
                            + "\"Action\":\"sts:AssumeRole\"}]}");
            calls.iam(null, "Action", "AttachRolePolicy", "RoleName", "demo-cloudshell", "PolicyArn",
                    "arn:" + AwsClients.partition(region) + ":iam::aws:policy/AWSCloudShellFullAccess");
        });
        arrangements.put("iam-policy-hygiene", (calls, region) -> {
            calls.iam(null, "Action", "CreateUser", "UserName", "demo-inline");
            calls.iam(null, "Action", "PutUserPolicy", "UserName", "demo-inline", "PolicyName", "own", "PolicyDocument",
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:ListAllMyBuckets\",\"Resource\":\"*\"}]}");
        });
        // moto lists every server certificate as expired (2012-05-08).
        arrangements.put("iam-expired-server-certificates", (calls, region) -> calls.iam(null, "Action", "UploadServerCertificate",
                "ServerCertificateName", "demo-old-www", "CertificateBody", "-----BEGIN CERTIFICATE-----\nMIIBdemo\n-----END CERTIFICATE-----",
                "PrivateKey", "-----BEGIN PRIVATE KEY-----\nMIIBdemo\n-----END PRIVATE KEY-----"));
        arrangements.put("remote-admin-ports-not-public", (calls, region) -> {
            // As a team that opened SSH to everyone "for a moment".
            String group = calls.ec2("<groupId>", "Action", "CreateSecurityGroup", "GroupName", "demo-ssh-from-anywhere",
                    "GroupDescription", "demo: SSH from anywhere");
            calls.ec2(null, "Action", "AuthorizeSecurityGroupIngress", "GroupId", group, "IpPermissions.1.IpProtocol", "tcp",
                    "IpPermissions.1.FromPort", "22", "IpPermissions.1.ToPort", "22", "IpPermissions.1.IpRanges.1.CidrIp", "0.0.0.0/0");
        });
        return arrangements;
    }

    /**
     * Gives every VPC of {@code account} in {@code region} a flow log of rejected traffic to CloudWatch Logs (the demo's
     * {@code vpc-flow-logs} resource); returns the VPCs.
     */
    static List<String> flowLogsForEveryVpc(URI endpoint, DemoOrganization.SeededAccount account, Region region) {
        QueryCalls calls = new QueryCalls(new MotoCalls(endpoint), account.id(), region);
        List<String> vpcIds = calls.all("ec2", EC2_VERSION, "<vpcId>", "Action", "DescribeVpcs");
        for (String vpcId : vpcIds) {
            calls.ec2(null, "Action", "CreateFlowLogs", "ResourceType", "VPC", "ResourceId.1", vpcId, "TrafficType", "REJECT",
                    "LogDestinationType", "cloud-watch-logs", "LogGroupName", "demo-vpc-flow-logs", "DeliverLogsPermissionArn",
                    "arn:" + AwsClients.partition(region) + ":iam::" + account.id() + ":role/demo-vpc-flow-logs");
        }
        return vpcIds;
    }

    /** EC2 and IAM query calls to moto (and the stand-in) as one account in one region. */
    private record QueryCalls(MotoCalls moto, String accountId, Region region) {

        String ec2(String element, String... fields) {
            return call("ec2", EC2_VERSION, element, fields);
        }

        String iam(String element, String... fields) {
            return call("iam", IAM_VERSION, element, fields);
        }

        /** Calls {@code fields} (name, value, ...); returns the text of the answer's first {@code element}, when given. */
        private String call(String service, String version, String element, String... fields) {
            if (element == null) {
                send(service, version, fields);
                return null;
            }
            List<String> values = all(service, version, element, fields);
            if (values.isEmpty()) {
                throw new IllegalStateException("moto answered the demo's " + fields[1] + " without " + element);
            }
            return values.get(0);
        }

        /** Calls {@code fields} (name, value, ...); returns the text of every {@code element} of the answer. */
        List<String> all(String service, String version, String element, String... fields) {
            Matcher value = Pattern.compile(Pattern.quote(element) + "([^<]+)<").matcher(send(service, version, fields));
            List<String> values = new ArrayList<>();
            while (value.find()) {
                values.add(value.group(1));
            }
            return values;
        }

        private String send(String service, String version, String... fields) {
            StringBuilder form = new StringBuilder("Version=" + version);
            for (int i = 0; i < fields.length; i += 2) {
                form.append('&').append(fields[i]).append('=').append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
            }
            MotoCalls.Answer answer = moto.send("POST", "/", service, region.id(), accountId, "AKIAIOSFODNN7EXAMPLE",
                    "application/x-www-form-urlencoded; charset=utf-8", null, form.toString());
            if (!answer.ok()) {
                throw new IllegalStateException("moto refused the demo's " + fields[1] + " in " + accountId + ": " + answer.body());
            }
            return answer.body();
        }
    }
}
