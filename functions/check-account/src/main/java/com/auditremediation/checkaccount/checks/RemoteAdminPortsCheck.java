package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.Evidence;
import com.auditremediation.checkaccount.check.SettingCheck;
import com.auditremediation.checkaccount.checks.Ec2QueryClient.NetworkAcl;
import com.auditremediation.checkaccount.checks.Ec2QueryClient.NetworkAclEntry;
import com.auditremediation.checkaccount.checks.Ec2QueryClient.SecurityGroupRule;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.regions.Region;

/**
 * No security group and no network ACL lets the whole internet reach the remote administration ports, SSH (22) and
 * RDP (3389), in each region swept. Three Security Hub controls, one check
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html):
 * <ul>
 *   <li>EC2.53, "EC2 security groups should not allow ingress from 0.0.0.0/0 to remote server administration ports",
 *   High, CIS v3.0.0 5.2;</li>
 *   <li>EC2.54, "EC2 security groups should not allow ingress from ::/0 to remote server administration ports", High,
 *   CIS v3.0.0 5.3 (both AWS Config's vpc-sg-port-restriction-check: an inbound rule of TCP, UDP or all protocols
 *   whose port range holds 22 or 3389);</li>
 *   <li>EC2.21, "Network ACLs should not allow ingress from 0.0.0.0/0 to port 22 or port 3389", Medium, CIS v3.0.0 5.1
 *   (nacl-no-unrestricted-ssh-rdp: an inbound allow entry for 0.0.0.0/0 or ::/0 over TCP, UDP or all protocols;
 *   default network ACLs are not evaluated).</li>
 * </ul>
 * The check takes the highest severity of the three. Like Security Hub's rule, a NACL allow entry counts even where a
 * lower-numbered deny entry would stop the traffic first.
 *
 * <p>One result per region, not one per group or ACL: the evidence is keyed by the control that fails, so that the
 * finding and the report name it, and each list is capped ({@link Evidence#capped}).
 *
 * <p>Audit only: removing a rule can cut the live traffic of whoever relies on it (an administrator's SSH, a vendor's
 * RDP), and only the account's owner knows what replaces it.
 */
public final class RemoteAdminPortsCheck extends SettingCheck<Map<String, List<String>>> {

    static final String IPV4_SECURITY_GROUPS = "EC2.53";
    static final String IPV6_SECURITY_GROUPS = "EC2.54";
    static final String NETWORK_ACLS = "EC2.21";
    private static final String ANY_IPV4 = "0.0.0.0/0";
    private static final String ANY_IPV6 = "::/0";
    private static final int[] ADMIN_PORTS = {22, 3389};

    public RemoteAdminPortsCheck() {
        super(CheckDescriptor.builder("remote-admin-ports-not-public")
                .title("Security groups and network ACLs should not allow ingress from 0.0.0.0/0 or ::/0 to remote server"
                        + " administration ports (22, 3389)")
                .controls(IPV4_SECURITY_GROUPS, IPV6_SECURITY_GROUPS, NETWORK_ACLS)
                .cis("5.1", "5.2", "5.3")
                .severity(Severity.HIGH)
                .regional()
                .reads("ec2:DescribeSecurityGroupRules", "ec2:DescribeNetworkAcls")
                .recommendation("The account's owner removes or narrows each listed rule (VPC console, Security groups or Network"
                        + " ACLs, Edit inbound rules) after giving administrators another way in: Session Manager, a VPN or a"
                        + " bastion reachable from known addresses. Not changed by remediate mode: removing a rule can cut live"
                        + " traffic.")
                .build());
    }

    /** The offending rules and entries by control, every one (the evidence lists some). */
    @Override
    protected Map<String, List<String>> read(CheckContext context, Region region) {
        Ec2QueryClient ec2 = context.client(Ec2QueryClient.builder(), region);
        Map<String, List<String>> exposed = new LinkedHashMap<>();
        exposed.put(IPV4_SECURITY_GROUPS, new ArrayList<>());
        exposed.put(IPV6_SECURITY_GROUPS, new ArrayList<>());
        exposed.put(NETWORK_ACLS, new ArrayList<>());
        for (SecurityGroupRule rule : ec2.describeSecurityGroupRules()) {
            if (!rule.egress() && opensAdminPort(rule.protocol(), rule.fromPort(), rule.toPort())) {
                if (ANY_IPV4.equals(rule.peer())) {
                    exposed.get(IPV4_SECURITY_GROUPS).add(rule.groupId() + ": " + rule.describe());
                } else if (ANY_IPV6.equals(rule.peer())) {
                    exposed.get(IPV6_SECURITY_GROUPS).add(rule.groupId() + ": " + rule.describe());
                }
            }
        }
        for (NetworkAcl acl : ec2.describeNetworkAcls()) {
            if (acl.isDefault()) {
                continue;
            }
            for (NetworkAclEntry entry : acl.entries()) {
                if (!entry.egress() && "allow".equals(entry.ruleAction()) && (ANY_IPV4.equals(entry.cidr()) || ANY_IPV6.equals(entry.cidr()))
                        && opensAdminPort(entry.protocol(), entry.fromPort(), entry.toPort())) {
                    exposed.get(NETWORK_ACLS).add(acl.networkAclId() + ": " + entry.describe());
                }
            }
        }
        return exposed;
    }

    @Override
    protected Map<String, Object> failing(Map<String, List<String>> exposed) {
        Map<String, Object> failing = new LinkedHashMap<>();
        exposed.forEach((control, items) -> {
            if (!items.isEmpty()) {
                failing.put(control, Evidence.capped(items));
            }
        });
        return failing;
    }

    @Override
    protected Map<String, Object> settings(Map<String, List<String>> exposed) {
        Map<String, Object> settings = new LinkedHashMap<>();
        exposed.forEach((control, items) -> settings.put(control, Evidence.capped(items)));
        return settings;
    }

    @Override
    protected String problem(Map<String, Object> failing) {
        List<String> parts = new ArrayList<>();
        count(failing, IPV4_SECURITY_GROUPS, "security group rule from 0.0.0.0/0", "security group rules from 0.0.0.0/0", parts);
        count(failing, IPV6_SECURITY_GROUPS, "security group rule from ::/0", "security group rules from ::/0", parts);
        count(failing, NETWORK_ACLS, "network ACL entry from the internet", "network ACL entries from the internet", parts);
        return String.join(", ", parts) + " reach 22/3389; the account's owner should close them";
    }

    private static void count(Map<String, Object> failing, String control, String one, String many, List<String> parts) {
        if (failing.containsKey(control)) {
            int count = Evidence.countOf((List<?>) failing.get(control));
            parts.add(count + " " + (count == 1 ? one : many) + " (" + control + ")");
        }
    }

    /**
     * Whether a rule of {@code protocol} (a name or EC2's number) over {@code fromPort}-{@code toPort} reaches 22 or
     * 3389: all protocols always; TCP and UDP when the range ("" or -1 for all ports) holds one of them.
     */
    static boolean opensAdminPort(String protocol, String fromPort, String toPort) {
        switch (protocol.toLowerCase()) {
            case "-1", "all" -> {
                return true;
            }
            case "tcp", "6", "udp", "17" -> {
                if (fromPort.isEmpty() || "-1".equals(fromPort)) {
                    return true;
                }
                int from = Integer.parseInt(fromPort);
                int to = toPort.isEmpty() ? from : Integer.parseInt(toPort);
                for (int port : ADMIN_PORTS) {
                    if (from <= port && port <= to) {
                        return true;
                    }
                }
                return false;
            }
            default -> {
                return false;
            }
        }
    }
}
