package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.SettingCheck;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.guardduty.GuardDutyClient;
import software.amazon.awssdk.services.guardduty.model.DetectorStatus;

/**
 * Amazon GuardDuty has a detector in each region swept, and it is {@code ENABLED} (Security Hub GuardDuty.1, whose
 * AWS Config rule is guardduty-enabled-centralized: a detector enabled in the account and region). A region holds at
 * most one detector per account; a suspended detector reads {@code DISABLED}.
 *
 * <p>Audit only: in a Control Tower organisation GuardDuty is enabled and kept on from its delegated administrator
 * (usually the Audit account), which auto-enables member accounts; a detector created in the member account itself
 * would be a standalone one, outside the organisation's findings, and a member cannot change the detector the
 * administrator manages. Remediate mode therefore reports the same finding and says where to act. Like Security Hub,
 * we do not look at the optional protection plans (S3, EKS, Malware Protection...), only at the detector.
 */
public final class GuardDutyEnabledCheck extends SettingCheck<Map<String, Object>> {

    public GuardDutyEnabledCheck() {
        super(CheckDescriptor.builder("guardduty-enabled")
                .title("GuardDuty has an enabled detector in each region swept")
                .controls("GuardDuty.1")
                .severity(Severity.HIGH)
                .regional()
                .reads("guardduty:ListDetectors", "guardduty:GetDetector")
                .recommendation("From GuardDuty's delegated administrator (usually the Audit account), enable GuardDuty for"
                        + " this account in every region in use and auto-enable it for all organisation members (GuardDuty"
                        + " console, Accounts).")
                .build());
    }

    /** {@code {"DetectorId": "none"}} without a detector, else its id and status. */
    @Override
    protected Map<String, Object> read(CheckContext context, Region region) {
        GuardDutyClient guardDuty = context.client(GuardDutyClient.builder(), region);
        List<String> detectorIds = guardDuty.listDetectorsPaginator(r -> { }).detectorIds().stream().toList();
        Map<String, Object> state = new LinkedHashMap<>();
        if (detectorIds.isEmpty()) {
            state.put("DetectorId", "none");
            return state;
        }
        String detectorId = detectorIds.get(0);
        DetectorStatus status = guardDuty.getDetector(r -> r.detectorId(detectorId)).status();
        state.put("DetectorId", detectorId);
        state.put("Status", status == null ? "none" : status.toString());
        return state;
    }

    @Override
    protected Map<String, Object> failing(Map<String, Object> state) {
        return DetectorStatus.ENABLED.toString().equals(state.get("Status")) ? Map.of() : state;
    }

    @Override
    protected Map<String, Object> settings(Map<String, Object> state) {
        return state;
    }

    @Override
    protected String problem(Map<String, Object> failing) {
        return ("none".equals(failing.get("DetectorId")) ? "no GuardDuty detector" : "GuardDuty detector suspended")
                + "; enable it from GuardDuty's delegated administrator";
    }
}
