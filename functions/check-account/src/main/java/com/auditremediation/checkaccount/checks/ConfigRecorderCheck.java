package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.SettingCheck;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.ConfigurationRecorderStatus;

/**
 * AWS Config has a configuration recorder in each region swept, and it is recording (Security Hub Config.1, CIS AWS
 * Foundations Benchmark v3.0.0 3.3). Control Tower sets up a recorder ({@code aws-controltower-BaselineConfigRecorder})
 * in every governed region of an enrolled account; a missing or stopped one is drift. In landing zone 4.0 the AWS Config
 * integration is optional, and an OU's accounts get that recorder only where the OU has the AWS Config baseline: no
 * recorder there is the landing zone's design, not drift, and the detail says what turns it on.
 *
 * <p>Where we differ from Config.1: it also asks that the recorder record every resource type the enabled controls
 * need and use AWS Config's service-linked role. Control Tower's recorder uses its own role
 * ({@code aws-controltower-ConfigRecorderRole}) and the resource types Control Tower chose, so Config.1's extra
 * conditions would fail every enrolled account for a choice the landing zone made; we check only what drift breaks:
 * a recorder exists and records. Any recorder that records passes (Config allows one customer-managed recorder per
 * region, plus service-linked ones).
 *
 * <p>Audit only: a member account must not repair Control Tower's resources itself (Control Tower would report that
 * as drift too); the repair is the landing zone's Repair or Update in the management account, or re-registering the
 * account's OU. Remediate mode reports the same finding.
 */
public final class ConfigRecorderCheck extends SettingCheck<Map<String, Object>> {

    public ConfigRecorderCheck() {
        super(CheckDescriptor.builder("config-recorder")
                .title("An AWS Config configuration recorder is recording in each region swept")
                .controls("Config.1")
                .cis("3.3")
                .severity(Severity.CRITICAL)
                .regional()
                .reads("config:DescribeConfigurationRecorders", "config:DescribeConfigurationRecorderStatus")
                .recommendation("Repair the landing zone from the management account (Control Tower console, Landing zone"
                        + " settings, Repair, or re-register the account's OU), which restores Control Tower's Config"
                        + " recorder and starts it; do not change it from the member account. In landing zone 4.0 an OU"
                        + " without the AWS Config baseline has no recorder by design: enable that baseline on the OU"
                        + " (Control Tower console, or EnableBaseline from the management account) for its accounts to record.")
                .build());
    }

    /** {@code {"ConfigurationRecorder": "none"}} without a recorder, else the first recorder's name and whether it records. */
    @Override
    protected Map<String, Object> read(CheckContext context, Region region) {
        ConfigClient config = context.client(ConfigClient.builder(), region);
        Map<String, Object> state = new LinkedHashMap<>();
        if (config.describeConfigurationRecorders().configurationRecorders().isEmpty()) {
            state.put("ConfigurationRecorder", "none");
            return state;
        }
        List<ConfigurationRecorderStatus> statuses = config.describeConfigurationRecorderStatus().configurationRecordersStatus();
        ConfigurationRecorderStatus shown = statuses.stream().filter(s -> Boolean.TRUE.equals(s.recording())).findFirst()
                .orElse(statuses.isEmpty() ? null : statuses.get(0));
        if (shown == null) {
            state.put("ConfigurationRecorder", "no status");
            state.put("Recording", false);
            return state;
        }
        state.put("ConfigurationRecorder", shown.name());
        state.put("Recording", Boolean.TRUE.equals(shown.recording()));
        return state;
    }

    @Override
    protected Map<String, Object> failing(Map<String, Object> state) {
        return Boolean.TRUE.equals(state.get("Recording")) ? Map.of() : state;
    }

    @Override
    protected Map<String, Object> settings(Map<String, Object> state) {
        return state;
    }

    @Override
    protected String problem(Map<String, Object> failing) {
        if ("none".equals(failing.get("ConfigurationRecorder"))) {
            return "no AWS Config recorder: Control Tower drift (repair the landing zone), or in landing zone 4.0 an OU whose"
                    + " AWS Config baseline is off by design (enable the baseline on the OU for its accounts to record)";
        }
        return "AWS Config recorder stopped (Control Tower drift); repair the landing zone";
    }
}
