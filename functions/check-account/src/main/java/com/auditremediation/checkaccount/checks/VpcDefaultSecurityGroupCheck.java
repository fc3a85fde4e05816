package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.Check;
import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.CheckFailures;
import com.auditremediation.checkaccount.checks.Ec2QueryClient.Filter;
import com.auditremediation.checkaccount.checks.Ec2QueryClient.SecurityGroup;
import com.auditremediation.checkaccount.checks.Ec2QueryClient.SecurityGroupRule;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.Mode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;

/**
 * The default security group of every VPC in each region swept has no inbound and no outbound rule (Security Hub
 * EC2.2, CIS AWS Foundations Benchmark v3.0.0 5.4). A resource launched without a group gets the VPC's default one;
 * with no rules it allows no traffic, so nobody relies on it by accident.
 *
 * <p>Where we differ from EC2.2: Security Hub reports each default group as its own finding; we report one result per
 * region (results must stay small: about 1,000 accounts share one state's 256 KiB), whose evidence names the groups
 * and their rules (at most {@link #MAX_LISTED} of each, then a count). A region without a VPC has no default group
 * and is compliant.
 *
 * <p>The fix revokes every rule of a default group by its security group rule id, but only where no network interface
 * uses the group: removing the rules of a group in use cuts the traffic of whatever uses it (instances, Lambda
 * functions in the VPC, endpoints), so that group is left as it is and the result is ERROR, naming how many interfaces
 * use it, for a person to move them to purpose-made groups first. {@code after} lists the rules removed. The EC2 calls
 * go through {@link Ec2QueryClient}, not the EC2 SDK module.
 */
public final class VpcDefaultSecurityGroupCheck extends Check {

    /** Groups, and rules in a group, listed in evidence before the rest are only counted. */
    static final int MAX_LISTED = 10;
    private static final int MAX_FILTER_VALUES = 200;
    private static final String INGRESS = "ec2:RevokeSecurityGroupIngress";
    private static final String EGRESS = "ec2:RevokeSecurityGroupEgress";

    public VpcDefaultSecurityGroupCheck() {
        super(CheckDescriptor.builder("vpc-default-security-group")
                .title("The default security group of every VPC has no inbound or outbound rule")
                .controls("EC2.2")
                .cis("5.4")
                .severity(Severity.HIGH)
                .regional()
                .reads("ec2:DescribeSecurityGroups", "ec2:DescribeSecurityGroupRules", "ec2:DescribeNetworkInterfaces")
                .fixes(INGRESS, EGRESS)
                .recommendation("Move every resource off the VPCs' default security groups onto purpose-made groups, then"
                        + " remove all of the default groups' rules; remediate mode removes them where no network interface"
                        + " uses the group.")
                .build());
    }

    @Override
    public List<CheckResult> run(CheckContext context) {
        return context.inEachRegion(region -> evaluate(context, region));
    }

    private CheckResult evaluate(CheckContext context, Region region) {
        Ec2QueryClient ec2 = context.client(Ec2QueryClient.builder(), region);
        List<SecurityGroupRule> rules;
        try {
            rules = defaultGroupRules(ec2);
        } catch (SdkException e) {
            return CheckFailures.errorOrThrow(id(), region.id(), "could not read the default security groups", e, null);
        }
        if (rules.isEmpty()) {
            return CheckResult.compliant(id(), region.id());
        }
        Map<String, Object> before = evidence(rules);
        if (context.mode() != Mode.REMEDIATE) {
            return CheckResult.nonCompliant(id(), region.id(), problem(rules), before);
        }

        Map<String, Integer> inUse = new LinkedHashMap<>();
        List<SecurityGroupRule> removed = new ArrayList<>();
        List<String> called = new ArrayList<>();
        try {
            for (Map.Entry<String, List<SecurityGroupRule>> group : byGroup(rules).entrySet()) {
                int interfaces = ec2.describeNetworkInterfaceIds(Filter.of("group-id", group.getKey())).size();
                if (interfaces > 0) {
                    inUse.put(group.getKey(), interfaces);
                    continue;
                }
                revoke(ec2, group.getKey(), group.getValue(), false, called);
                revoke(ec2, group.getKey(), group.getValue(), true, called);
                removed.addAll(group.getValue());
            }
        } catch (SdkException e) {
            return CheckFailures.fixFailed(this, region.id(), problem(rules), e, before);
        }
        Map<String, Object> after = removed.isEmpty() ? null : Map.of("RulesRemoved", evidence(removed));
        if (!inUse.isEmpty()) {
            List<String> groups = inUse.entrySet().stream()
                    .map(group -> group.getKey() + " (" + group.getValue() + " network interface" + (group.getValue() == 1 ? "" : "s") + ")")
                    .toList();
            return CheckResult.error(id(), region.id(), "not fixed: network interfaces use the default"
                    + " security group " + String.join(", ", groups) + "; move them to purpose-made groups, then run"
                    + " remediate mode again" + (removed.isEmpty() ? "" : " (the rules of the other default groups were removed)"),
                    before, after);
        }
        List<SecurityGroupRule> left;
        try {
            left = defaultGroupRules(ec2);
        } catch (SdkException e) {
            return CheckFailures.errorOrThrow(id(), region.id(), "fixed, but could not read the default security groups back", e, before);
        }
        if (!left.isEmpty()) {
            return CheckResult.error(id(), region.id(), String.join(", ", called) + " did not take effect: "
                    + problem(left), before, after);
        }
        return CheckResult.remediated(id(), region.id(), String.join(", ", called), before, after);
    }

    /** Every rule of every default security group in the region (none without a VPC). */
    private static List<SecurityGroupRule> defaultGroupRules(Ec2QueryClient ec2) {
        List<String> groupIds = ec2.describeSecurityGroups(Filter.of("group-name", "default")).stream()
                .map(SecurityGroup::groupId).toList();
        List<SecurityGroupRule> rules = new ArrayList<>();
        // EC2 takes at most 200 values in one filter; a region has one default group per VPC.
        for (int i = 0; i < groupIds.size(); i += MAX_FILTER_VALUES) {
            rules.addAll(ec2.describeSecurityGroupRules(new Filter("group-id",
                    groupIds.subList(i, Math.min(groupIds.size(), i + MAX_FILTER_VALUES)))));
        }
        return rules;
    }

    private static void revoke(Ec2QueryClient ec2, String groupId, List<SecurityGroupRule> rules, boolean egress, List<String> called) {
        List<String> ids = rules.stream().filter(rule -> rule.egress() == egress).map(SecurityGroupRule::ruleId).toList();
        if (ids.isEmpty()) {
            return;
        }
        if (egress) {
            ec2.revokeSecurityGroupEgress(groupId, ids);
        } else {
            ec2.revokeSecurityGroupIngress(groupId, ids);
        }
        String action = egress ? EGRESS : INGRESS;
        if (!called.contains(action)) {
            called.add(action);
        }
    }

    private static String problem(List<SecurityGroupRule> rules) {
        long outbound = rules.stream().filter(SecurityGroupRule::egress).count();
        int groups = byGroup(rules).size();
        return (groups == 1 ? "default security group has " : groups + " default security groups have ")
                + (rules.size() - outbound) + " inbound, " + outbound + " outbound rules; remove them";
    }

    /** The rules by group: at most {@link #MAX_LISTED} groups of at most {@link #MAX_LISTED} rules, then counts. */
    private static Map<String, Object> evidence(List<SecurityGroupRule> rules) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        Map<String, List<SecurityGroupRule>> byGroup = byGroup(rules);
        byGroup.entrySet().stream().limit(MAX_LISTED).forEach(group -> {
            List<String> listed = new ArrayList<>(group.getValue().stream().limit(MAX_LISTED).map(SecurityGroupRule::describe).toList());
            if (group.getValue().size() > MAX_LISTED) {
                listed.add("and " + (group.getValue().size() - MAX_LISTED) + " more");
            }
            evidence.put(group.getKey(), listed);
        });
        if (byGroup.size() > MAX_LISTED) {
            evidence.put("OtherGroups", byGroup.size() - MAX_LISTED);
        }
        return evidence;
    }

    private static Map<String, List<SecurityGroupRule>> byGroup(List<SecurityGroupRule> rules) {
        Map<String, List<SecurityGroupRule>> byGroup = new LinkedHashMap<>();
        rules.forEach(rule -> byGroup.computeIfAbsent(rule.groupId(), id -> new ArrayList<>()).add(rule));
        return byGroup;
    }
}
