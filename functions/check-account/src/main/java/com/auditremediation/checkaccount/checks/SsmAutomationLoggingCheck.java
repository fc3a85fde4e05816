package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.SettingCheck;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * SSM Automation sends the output of its runbooks' {@code aws:executeScript} steps to CloudWatch Logs in each region
 * swept (Security Hub SSM.6, MEDIUM, https://docs.aws.amazon.com/securityhub/latest/userguide/ssm-controls.html#ssm-6;
 * its AWS Config rule is ssm-automation-logging-enabled): the service setting
 * {@code /ssm/automation/customer-script-log-destination} is {@code CloudWatch}, the one value the API reference
 * names. The setting is per account and region.
 *
 * <p>The fix sets it to {@code CloudWatch}, which sends the output to the log group of
 * {@code /ssm/automation/customer-script-log-group-name}: SSM's default, {@code /aws/ssm/automation/executeScript},
 * which Automation creates when it is missing, unless someone chose another group (we leave that setting alone). The
 * roles that run the runbooks still need the CloudWatch Logs permissions the Systems Manager User Guide lists
 * ("Logging Automation action output with CloudWatch Logs"). An account that never chose reads {@code None}.
 */
public final class SsmAutomationLoggingCheck extends SettingCheck<String> {

    static final String SETTING_ID = "/ssm/automation/customer-script-log-destination";
    static final String CLOUDWATCH = "CloudWatch";
    private static final String SETTING = "customer-script-log-destination";

    public SsmAutomationLoggingCheck() {
        super(CheckDescriptor.builder("ssm-automation-logging")
                .title("SSM Automation has CloudWatch logging enabled in each region swept")
                .controls("SSM.6")
                .severity(Severity.MEDIUM)
                .regional()
                .reads("ssm:GetServiceSetting")
                .fixes("ssm:UpdateServiceSetting")
                .recommendation("Send SSM Automation's script output to CloudWatch Logs in every region in use (Systems"
                        + " Manager console, Automation, Preferences); remediate mode does this.")
                .build());
    }

    @Override
    protected String read(CheckContext context, Region region) {
        return context.client(SsmClient.builder(), region).getServiceSetting(r -> r.settingId(SETTING_ID)).serviceSetting().settingValue();
    }

    @Override
    protected Map<String, Object> failing(String destination) {
        return CLOUDWATCH.equals(destination) ? Map.of() : settings(destination);
    }

    @Override
    protected Map<String, Object> settings(String destination) {
        return Map.of(SETTING, String.valueOf(destination));
    }

    @Override
    protected String problem(Map<String, Object> failing) {
        return "SSM Automation does not log to CloudWatch (" + SETTING + " " + failing.get(SETTING) + "); send it to CloudWatch";
    }

    @Override
    protected void fix(CheckContext context, Region region, String destination) {
        context.client(SsmClient.builder(), region).updateServiceSetting(r -> r.settingId(SETTING_ID).settingValue(CLOUDWATCH));
    }
}
