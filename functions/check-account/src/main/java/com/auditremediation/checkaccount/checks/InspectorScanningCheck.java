package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.SettingCheck;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.inspector2.Inspector2Client;
import software.amazon.awssdk.services.inspector2.model.AccountState;
import software.amazon.awssdk.services.inspector2.model.ResourceState;
import software.amazon.awssdk.services.inspector2.model.State;

/**
 * Amazon Inspector scans each resource type in each region swept, one Security Hub control each, all HIGH
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/inspector-controls.html, #inspector-1 to #inspector-4):
 * Inspector.1 EC2 scanning, Inspector.2 ECR scanning, Inspector.3 Lambda code scanning, Inspector.4 Lambda standard
 * scanning, read from the account's own {@code BatchGetAccountStatus} ({@code resourceState} {@code ec2}, {@code ecr},
 * {@code lambdaCode}, {@code lambda}: {@code ENABLED} passes; {@code ENABLING}, {@code DISABLING}, {@code DISABLED},
 * {@code SUSPENDING}, {@code SUSPENDED} do not).
 *
 * <p>One check for four controls, as SSM.7/SSM.4 are one: the evidence is keyed by control id with the scan type's
 * status, and the detail names the controls that fail, so that a run started by any of their findings selects this
 * check and the finding we export says which failed.
 *
 * <p>Audit only: in an organisation only the delegated Inspector administrator can activate or deactivate scan types
 * for members ("Amazon Inspector member accounts can't modify this configuration from their accounts"), and each scan
 * type is billed. Remediate mode reports the same finding.
 */
public final class InspectorScanningCheck extends SettingCheck<Map<String, String>> {

    /** One control: its scan type for people, and how to read its status. */
    private record Scan(String control, String title, Function<ResourceState, State> state) {
    }

    private static final List<Scan> SCANS = List.of(
            new Scan("Inspector.1", "EC2 scanning", ResourceState::ec2),
            new Scan("Inspector.2", "ECR scanning", ResourceState::ecr),
            new Scan("Inspector.3", "Lambda code scanning", ResourceState::lambdaCode),
            new Scan("Inspector.4", "Lambda standard scanning", ResourceState::lambda));

    private static final String ENABLED = "ENABLED";

    public InspectorScanningCheck() {
        super(CheckDescriptor.builder("inspector-scanning")
                .title("Amazon Inspector scans EC2, ECR and Lambda (standard and code) in each region swept")
                .controls(SCANS.stream().map(Scan::control).toArray(String[]::new))
                .severity(Severity.HIGH)
                .regional()
                .reads("inspector2:BatchGetAccountStatus")
                .recommendation("From Amazon Inspector's delegated administrator (usually the Audit account), activate EC2, ECR,"
                        + " Lambda standard and Lambda code scanning for this account in every region in use, and auto-activate"
                        + " them for members (Inspector console, Account management); without a delegated administrator, the"
                        + " account's owner activates them.")
                .build());
    }

    /** Each control's scan status ({@code {"Inspector.1": "ENABLED", ...}}); {@code DISABLED} where Inspector never ran. */
    @Override
    protected Map<String, String> read(CheckContext context, Region region) {
        Inspector2Client inspector = context.client(Inspector2Client.builder(), region);
        List<AccountState> accounts = inspector.batchGetAccountStatus(r -> r.accountIds(context.accountId())).accounts();
        ResourceState resources = accounts.stream().filter(a -> context.accountId().equals(a.accountId())).findFirst()
                .map(AccountState::resourceState).orElse(null);
        Map<String, String> statuses = new LinkedHashMap<>();
        for (Scan scan : SCANS) {
            State state = resources == null ? null : scan.state().apply(resources);
            statuses.put(scan.control(), state == null || state.status() == null ? "DISABLED" : state.statusAsString());
        }
        return statuses;
    }

    @Override
    protected Map<String, Object> failing(Map<String, String> statuses) {
        Map<String, Object> failing = new LinkedHashMap<>();
        statuses.forEach((control, status) -> {
            if (!ENABLED.equals(status)) {
                failing.put(control, status);
            }
        });
        return failing;
    }

    @Override
    protected Map<String, Object> settings(Map<String, String> statuses) {
        return new LinkedHashMap<>(statuses);
    }

    @Override
    protected String problem(Map<String, Object> failing) {
        List<String> off = new ArrayList<>();
        for (Scan scan : SCANS) {
            if (failing.containsKey(scan.control())) {
                off.add(scan.control());
            }
        }
        return "Amazon Inspector scans not active: " + String.join(", ", off) + "; the delegated Inspector administrator activates them";
    }
}
