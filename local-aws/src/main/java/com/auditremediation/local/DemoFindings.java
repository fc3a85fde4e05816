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
 * ({@code nonCompliantWith}: a public snapshot, a public AMI, SSH open to everyone). A new account already fails the
 * other checks.
 *
 * <p>The resources are made in moto with EC2's query API as the account ({@code x-moto-account-id}), so that the local
 * run needs no EC2 SDK module.
 */
public final class DemoFindings {

    private static final String EC2_VERSION = "2016-11-15";
    /** The checks whose failing state the demo can arrange, by id, and how. */
    private static final Map<String, BiConsumer<Ec2, Region>> ARRANGEMENTS = arrangements();

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
        Ec2 ec2 = new Ec2(new MotoCalls(endpoint), account.id(), region);
        for (String checkId : account.nonCompliantWith()) {
            BiConsumer<Ec2, Region> arrangement = ARRANGEMENTS.get(checkId);
            if (arrangement == null) {
                throw new IllegalArgumentException("the demo organisation's nonCompliantWith names " + checkId + " for " + account.name()
                        + "; the demo can arrange only " + String.join(", ", arrangeable()) + " (a new account fails the others already)");
            }
            arrangement.accept(ec2, region);
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

    private static Map<String, BiConsumer<Ec2, Region>> arrangements() {
        Map<String, BiConsumer<Ec2, Region>> arrangements = new LinkedHashMap<>();
        arrangements.put("ebs-snapshots-not-public", (ec2, region) -> {
            String volume = ec2.call("<volumeId>", "Action", "CreateVolume", "AvailabilityZone", region.id() + "a", "Size", "1");
            String snapshot = ec2.call("<snapshotId>", "Action", "CreateSnapshot", "VolumeId", volume, "Description", "demo: shared with everyone");
            ec2.call(null, "Action", "ModifySnapshotAttribute", "SnapshotId", snapshot, "Attribute", "createVolumePermission",
                    "OperationType", "add", "UserGroup.1", "all");
        });
        arrangements.put("ami-block-public-access", (ec2, region) -> {
            // As an account that shared an AMI before it blocked public sharing, or that turned the block off.
            ec2.call(null, "Action", "DisableImageBlockPublicAccess");
            String image = ec2.call("<imageId>", "Action", "RegisterImage", "Name", "demo-public-image");
            ec2.call(null, "Action", "ModifyImageAttribute", "ImageId", image, "LaunchPermission.Add.1.Group", "all");
        });
        arrangements.put("remote-admin-ports-not-public", (ec2, region) -> {
            // As a team that opened SSH to everyone "for a moment".
            String group = ec2.call("<groupId>", "Action", "CreateSecurityGroup", "GroupName", "demo-ssh-from-anywhere",
                    "GroupDescription", "demo: SSH from anywhere");
            ec2.call(null, "Action", "AuthorizeSecurityGroupIngress", "GroupId", group, "IpPermissions.1.IpProtocol", "tcp",
                    "IpPermissions.1.FromPort", "22", "IpPermissions.1.ToPort", "22", "IpPermissions.1.IpRanges.1.CidrIp", "0.0.0.0/0");
        });
        return arrangements;
    }

    /**
     * Gives every VPC of {@code account} in {@code region} a flow log of rejected traffic to CloudWatch Logs (the demo's
     * {@code vpc-flow-logs} resource); returns the VPCs.
     */
    static List<String> flowLogsForEveryVpc(URI endpoint, DemoOrganization.SeededAccount account, Region region) {
        Ec2 ec2 = new Ec2(new MotoCalls(endpoint), account.id(), region);
        List<String> vpcIds = ec2.all("<vpcId>", "Action", "DescribeVpcs");
        for (String vpcId : vpcIds) {
            ec2.call(null, "Action", "CreateFlowLogs", "ResourceType", "VPC", "ResourceId.1", vpcId, "TrafficType", "REJECT",
                    "LogDestinationType", "cloud-watch-logs", "LogGroupName", "demo-vpc-flow-logs", "DeliverLogsPermissionArn",
                    "arn:" + AwsClients.partition(region) + ":iam::" + account.id() + ":role/demo-vpc-flow-logs");
        }
        return vpcIds;
    }

    /** EC2 query calls to moto (and the stand-in) as one account in one region. */
    private record Ec2(MotoCalls moto, String accountId, Region region) {

        /** Calls {@code fields} (name, value, ...); returns the text of the answer's first {@code element}, when given. */
        String call(String element, String... fields) {
            if (element == null) {
                send(fields);
                return null;
            }
            List<String> values = all(element, fields);
            if (values.isEmpty()) {
                throw new IllegalStateException("moto answered the demo's " + fields[1] + " without " + element);
            }
            return values.get(0);
        }

        /** Calls {@code fields} (name, value, ...); returns the text of every {@code element} of the answer. */
        List<String> all(String element, String... fields) {
            Matcher value = Pattern.compile(Pattern.quote(element) + "([^<]+)<").matcher(send(fields));
            List<String> values = new ArrayList<>();
            while (value.find()) {
                values.add(value.group(1));
            }
            return values;
        }

        private String send(String... fields) {
            StringBuilder form = new StringBuilder("Version=" + EC2_VERSION);
            for (int i = 0; i < fields.length; i += 2) {
                form.append('&').append(fields[i]).append('=').append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
            }
            MotoCalls.Answer answer = moto.send("POST", "/", "ec2", region.id(), accountId, "AKIAIOSFODNN7EXAMPLE",
                    "application/x-www-form-urlencoded; charset=utf-8", null, form.toString());
            if (!answer.ok()) {
                throw new IllegalStateException("moto refused the demo's " + fields[1] + " in " + accountId + ": " + answer.body());
            }
            return answer.body();
        }
    }
}
