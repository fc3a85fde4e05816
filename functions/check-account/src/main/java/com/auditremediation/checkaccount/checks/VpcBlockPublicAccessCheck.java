package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.SettingCheck;
import com.auditremediation.checkaccount.checks.Ec2QueryClient.VpcBlockPublicAccessOptions;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.regions.Region;

/**
 * VPC block public access blocks internet gateway traffic in each region swept (Security Hub EC2.172, "EC2 VPC Block
 * Public Access settings should block internet gateway traffic", Medium:
 * https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-172). Its rule passes with
 * {@code InternetGatewayBlockMode} {@code block-bidirectional} or {@code block-ingress} (the control's optional
 * parameter, which would demand one of them, is not used); {@code off}, a new account's mode, fails.
 *
 * <p>Audit only: turning it on cuts the internet traffic of every VPC and subnet not excluded, at once. The account's
 * owner first creates exclusions for the VPCs that must stay reachable, then turns it on; where an AWS Organizations
 * declarative policy manages it ({@code ManagedBy: declarative-policy}), only the management account can, in that
 * policy ({@link DeclarativePolicies}).
 */
public final class VpcBlockPublicAccessCheck extends SettingCheck<VpcBlockPublicAccessOptions> {

    private static final String MODE = "InternetGatewayBlockMode";
    private static final Set<String> BLOCKING = Set.of("block-bidirectional", "block-ingress");

    public VpcBlockPublicAccessCheck() {
        super(CheckDescriptor.builder("vpc-block-public-access")
                .title("EC2 VPC Block Public Access settings should block internet gateway traffic")
                .controls("EC2.172")
                .severity(Severity.MEDIUM)
                .regional()
                .reads("ec2:DescribeVpcBlockPublicAccessOptions")
                .recommendation("The account's owner creates exclusions for the VPCs and subnets that must stay reachable, then"
                        + " turns block public access on, bidirectional or ingress-only (VPC console, Settings, Block public access);"
                        + " where a declarative policy manages it, the management account sets vpc_block_public_access in the EC2"
                        + " declarative policy. Not changed by remediate mode: it cuts internet traffic for every VPC not excluded.")
                .build());
    }

    @Override
    protected VpcBlockPublicAccessOptions read(CheckContext context, Region region) {
        return context.client(Ec2QueryClient.builder(), region).describeVpcBlockPublicAccessOptions();
    }

    @Override
    protected Map<String, Object> failing(VpcBlockPublicAccessOptions options) {
        return BLOCKING.contains(options.internetGatewayBlockMode()) ? Map.of() : settings(options);
    }

    @Override
    protected Map<String, Object> settings(VpcBlockPublicAccessOptions options) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put(MODE, options.internetGatewayBlockMode());
        return DeclarativePolicies.managedBy(settings, options.managedByPolicy());
    }

    @Override
    protected String problem(Map<String, Object> failing) {
        return DeclarativePolicies.problem("VPC block public access is " + failing.get(MODE),
                "the account's owner should turn it on, excluding VPCs that must stay public", failing,
                "set vpc_block_public_access.internet_gateway_block.mode to block_bidirectional or block_ingress");
    }
}
