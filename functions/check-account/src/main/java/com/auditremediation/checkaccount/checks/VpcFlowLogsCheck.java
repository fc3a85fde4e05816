package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.Evidence;
import com.auditremediation.checkaccount.check.SettingCheck;
import com.auditremediation.checkaccount.checks.Ec2QueryClient.Filter;
import com.auditremediation.checkaccount.checks.Ec2QueryClient.FlowLog;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.regions.Region;

/**
 * Every VPC of the account has a flow log that records rejected traffic, in each region swept (Security Hub EC2.6,
 * "VPC flow logging should be enabled in all VPCs", Medium, CIS v3.0.0 3.7:
 * https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-6; its Config rule
 * vpc-flow-logs-enabled with {@code trafficType} {@code REJECT}, and the control's remediation accepts a filter of
 * Reject or All). A flow log counts when its traffic type is {@code REJECT} or {@code ALL} and it is {@code ACTIVE};
 * flow logs of subnets or network interfaces do not make a VPC compliant. A region without VPCs passes.
 *
 * <p>One result per region: {@code before} lists the VPCs without one, capped ({@link Evidence#capped}).
 *
 * <p>Audit only: a flow log needs a destination (a CloudWatch Logs group and a role that may write to it, or an S3
 * bucket, usually the organisation's log archive) and costs money per GB; the organisation chooses them, and the
 * account's owner or the organisation's network pipeline creates the flow logs.
 */
public final class VpcFlowLogsCheck extends SettingCheck<List<String>> {

    private static final String VPCS_WITHOUT_FLOW_LOGS = "VpcsWithoutFlowLogs";
    private static final Set<String> RECORDS_REJECTS = Set.of("REJECT", "ALL");

    public VpcFlowLogsCheck() {
        super(CheckDescriptor.builder("vpc-flow-logs")
                .title("VPC flow logging should be enabled in all VPCs")
                .controls("EC2.6")
                .cis("3.7")
                .severity(Severity.MEDIUM)
                .regional()
                .reads("ec2:DescribeVpcs", "ec2:DescribeFlowLogs")
                .recommendation("The account's owner (or the organisation's network pipeline) creates a flow log of rejected or"
                        + " all traffic for each listed VPC (VPC console, Your VPCs, Flow logs, Create flow log), sending it to the"
                        + " destination the organisation chose, such as the log archive account's S3 bucket. Not changed by"
                        + " remediate mode: the destination, its role and its cost are the organisation's choice.")
                .build());
    }

    /** The ids of the region's VPCs that have no active flow log of rejected or all traffic. */
    @Override
    protected List<String> read(CheckContext context, Region region) {
        Ec2QueryClient ec2 = context.client(Ec2QueryClient.builder(), region);
        List<String> vpcIds = ec2.describeVpcIds();
        Set<String> logged = new HashSet<>();
        for (Filter vpcs : Filter.inChunks("resource-id", vpcIds)) {
            for (FlowLog flowLog : ec2.describeFlowLogs(vpcs)) {
                if (RECORDS_REJECTS.contains(flowLog.trafficType()) && "ACTIVE".equals(flowLog.status())) {
                    logged.add(flowLog.resourceId());
                }
            }
        }
        return vpcIds.stream().filter(vpcId -> !logged.contains(vpcId)).toList();
    }

    @Override
    protected Map<String, Object> failing(List<String> vpcsWithoutFlowLogs) {
        return vpcsWithoutFlowLogs.isEmpty() ? Map.of() : settings(vpcsWithoutFlowLogs);
    }

    @Override
    protected Map<String, Object> settings(List<String> vpcsWithoutFlowLogs) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put(VPCS_WITHOUT_FLOW_LOGS, Evidence.capped(vpcsWithoutFlowLogs));
        return settings;
    }

    @Override
    protected String problem(Map<String, Object> failing) {
        int count = Evidence.countOf((List<?>) failing.get(VPCS_WITHOUT_FLOW_LOGS));
        return (count == 1 ? "1 VPC has" : count + " VPCs have") + " no flow log of rejected traffic; the account's owner should add one";
    }
}
