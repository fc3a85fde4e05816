package com.auditremediation.checkaccount.findings;

import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.DeclarativePolicy;
import com.auditremediation.core.model.Mode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.ComplianceStatus;
import software.amazon.awssdk.services.securityhub.model.RecordState;
import software.amazon.awssdk.services.securityhub.model.SeverityLabel;

/**
 * A check result as an AWS Security Finding Format (ASFF) finding, under the member account's default product ARN.
 *
 * <p>A provider updating its own finding must leave {@code Workflow}, {@code Note}, {@code UserDefinedFields} and
 * {@code VerificationState} alone, and give changes of severity and types in {@code FindingProviderFields}; so
 * {@code Workflow} is set on creation only (NEW for a failure, RESOLVED for a pass), and severity and types are sent
 * in both places.
 */
final class AsffFindings {

    static final String SCHEMA_VERSION = "2018-10-08";
    static final String TYPE_BEST_PRACTICES = "Software and Configuration Checks/AWS Security Best Practices";
    static final String TYPE_CIS = "Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark";
    static final String CIS_VERSION = "CIS AWS Foundations Benchmark v3.0.0";
    /** Every finding Id of ours starts so: a suppressed finding with another Id is Security Hub's own. */
    static final String ID_PREFIX = "audit-remediation/";
    private static final int MAX_TITLE = 256;
    private static final int MAX_DESCRIPTION = 1024;
    private static final int MAX_RECOMMENDATION = 512;

    private AsffFindings() {
    }

    /** The finding for one result; {@code existing} is Security Hub's copy of it, or null when it is new. */
    static AwsSecurityFinding finding(CheckContext context, Region region, String productArn, CheckResult result,
                                      CheckDescriptor descriptor, String executionName, AwsSecurityFinding existing, Instant now) {
        String accountId = context.accountId();
        ComplianceStatus compliance = complianceStatus(result.status());
        SeverityLabel severity = compliance == ComplianceStatus.FAILED ? SeverityLabel.fromValue(descriptor.severity().name())
                : SeverityLabel.INFORMATIONAL;
        List<String> types = types(descriptor);
        Map<String, String> productFields = new LinkedHashMap<>();
        productFields.put("audit-remediation/ExecutionName", executionName == null ? "" : executionName);
        productFields.put("audit-remediation/Mode", context.mode().jsonValue());
        productFields.put("audit-remediation/CheckId", descriptor.id());
        productFields.put("audit-remediation/CheckStatus", result.status().name());
        productFields.values().removeIf(String::isEmpty);
        AwsSecurityFinding.Builder finding = AwsSecurityFinding.builder()
                .schemaVersion(SCHEMA_VERSION)
                .id(findingId(accountId, region, descriptor.id()))
                .productArn(productArn)
                .generatorId("audit-remediation/" + descriptor.id())
                .awsAccountId(accountId)
                .region(region.id())
                .types(types)
                .createdAt(existing != null && existing.createdAt() != null ? existing.createdAt() : now.toString())
                .updatedAt(now.toString())
                .severity(s -> s.label(severity))
                .findingProviderFields(f -> f.severity(s -> s.label(severity)).types(types))
                .title(cap(descriptor.title(), MAX_TITLE))
                .description(cap(description(result, descriptor, context.mode()), MAX_DESCRIPTION))
                .resources(r -> r.type("AwsAccount").id("AWS::::Account:" + accountId)
                        .partition(context.partition()).region(region.id()))
                .compliance(c -> c.status(compliance).relatedRequirements(relatedRequirements(descriptor)))
                .remediation(r -> r.recommendation(rec -> rec.text(cap(descriptor.recommendation(), MAX_RECOMMENDATION))))
                .productFields(productFields)
                .recordState(RecordState.ACTIVE);
        if (existing == null) {
            FindingWorkflow.Target target = FindingWorkflow.onCreation(result, compliance);
            finding.workflow(w -> w.status(target.status()));
            if (target.note() != null) {
                finding.note(n -> n.text(target.note()).updatedBy(HubState.NOTE_AUTHOR).updatedAt(now.toString()));
            }
        }
        return finding.build();
    }

    static String productArn(String partition, Region region, String accountId) {
        return "arn:" + partition + ":securityhub:" + region.id() + ":" + accountId + ":product/" + accountId + "/default";
    }

    /** Stable per account, region and check, so that a later sweep updates the finding instead of adding one. */
    static String findingId(String accountId, Region region, String checkId) {
        return ID_PREFIX + accountId + "/" + region.id() + "/" + checkId;
    }

    /**
     * COMPLIANT and REMEDIATED pass; NON_COMPLIANT fails; ERROR, and NOT_APPLICABLE (as Security Hub reports a control
     * whose evaluation does not apply), are NOT_AVAILABLE.
     */
    static ComplianceStatus complianceStatus(CheckStatus status) {
        return switch (status) {
            case COMPLIANT, REMEDIATED -> ComplianceStatus.PASSED;
            case NON_COMPLIANT -> ComplianceStatus.FAILED;
            case ERROR, NOT_APPLICABLE -> ComplianceStatus.NOT_AVAILABLE;
        };
    }

    static List<String> types(CheckDescriptor descriptor) {
        List<String> types = new ArrayList<>();
        types.add(TYPE_BEST_PRACTICES);
        if (!descriptor.cis().isEmpty()) {
            types.add(TYPE_CIS);
        }
        return types;
    }

    /** The Security Hub control ids, then the CIS references ("CIS AWS Foundations Benchmark v3.0.0/1.8"). */
    static List<String> relatedRequirements(CheckDescriptor descriptor) {
        List<String> requirements = new ArrayList<>(descriptor.controls());
        descriptor.cis().forEach(cis -> requirements.add(CIS_VERSION + "/" + cis));
        return requirements;
    }

    private static String description(CheckResult result, CheckDescriptor descriptor, Mode mode) {
        String detail = result.detail() == null || result.detail().isBlank() ? null : result.detail();
        return switch (result.status()) {
            case COMPLIANT -> "Compliant: " + descriptor.title() + ".";
            case REMEDIATED -> "Remediated by audit-remediation (" + (detail == null ? "fixed" : detail) + "): "
                    + descriptor.title() + ".";
            case NON_COMPLIANT -> "Not compliant: " + (detail == null ? descriptor.title() : detail)
                    + (mode == Mode.AUDIT && descriptor.fixable() && !DeclarativePolicy.manages(result) ? " (remediate mode can fix this)" : "")
                    + ".";
            case ERROR -> "Could not be checked: " + (detail == null ? "see the sweep's report" : detail) + ".";
            case NOT_APPLICABLE -> "Not applicable: " + (detail == null ? descriptor.title() : detail) + ".";
        };
    }

    static String cap(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
