package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.Check;
import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.Evidence;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.Mode;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AssignmentStatusType;
import software.amazon.awssdk.services.iam.model.SummaryKeyType;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;

/**
 * The root user signs in with a hardware MFA device (Security Hub IAM.6, CRITICAL, "Hardware MFA should be enabled for
 * the root user", https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-6; CIS AWS Foundations
 * Benchmark v3.0.0 1.6): MFA is on ({@code AccountMFAEnabled} 1, GetAccountSummary) and no virtual MFA device is
 * assigned to the root user (ListVirtualMFADevices, {@code Assigned}: a device whose user is the account's root ARN).
 *
 * <p>As the control says, an account without root user credentials passes: one whose root credentials were removed
 * through Organizations' centralized root access. GetAccountSummary cannot tell it from a root user without MFA, so a
 * failing account is looked up in the shared credential report ({@link IamCredentialReport#read}): a root row with
 * {@code password_enabled} {@code false} and no active access key or signing certificate means no root credentials.
 * (AWS documents the root row's {@code password_enabled} as {@code not_supported}, which counts as credentials present.)
 *
 * <p>Audit only: only a person holding the device can enrol it, signed in as the root user; or the management account
 * removes the root credentials through centralized root access.
 */
public final class RootHardwareMfaCheck extends Check {

    static final String ROOT_MFA_DEVICE = ":mfa/root-account-mfa-device";

    public RootHardwareMfaCheck() {
        super(CheckDescriptor.builder("root-hardware-mfa")
                .title("The root user has a hardware MFA device, or no credentials at all")
                .controls("IAM.6")
                .cis("1.6")
                .severity(Severity.CRITICAL)
                .reads("iam:GetAccountSummary", "iam:ListVirtualMFADevices", "iam:GenerateCredentialReport", "iam:GetCredentialReport")
                .recommendation("A person signed in as the root user enrols a hardware MFA device (a FIDO security key or a"
                        + " hardware TOTP token) and removes any virtual one; or the management account removes the member's"
                        + " root credentials with Organizations' centralized root access.")
                .build());
    }

    @Override
    public List<CheckResult> run(CheckContext context) {
        IamClient iam = context.client(IamClient.builder(), context.homeRegion());
        int mfa = iam.getAccountSummary().summaryMapAsStrings().getOrDefault(SummaryKeyType.ACCOUNT_MFA_ENABLED.toString(), 0);
        Map<String, Object> failing;
        String problem;
        if (mfa != 1) {
            failing = Map.of(SummaryKeyType.ACCOUNT_MFA_ENABLED.toString(), mfa);
            problem = "the root user has no MFA device";
        } else {
            String rootArn = "arn:" + context.partition() + ":iam::" + context.accountId() + ":root";
            List<String> virtual = iam.listVirtualMFADevicesPaginator(r -> r.assignmentStatus(AssignmentStatusType.ASSIGNED))
                    .virtualMFADevices().stream().filter(device -> isRoots(device, rootArn)).map(VirtualMFADevice::serialNumber).toList();
            if (virtual.isEmpty()) {
                return List.of(CheckResult.compliant(id(), null));
            }
            failing = Map.of("RootVirtualMfaDevices", Evidence.capped(virtual));
            problem = "the root user's MFA is a virtual device";
        }
        IamCredentialReport.Reading report = IamCredentialReport.read(context, id());
        if (report.error() != null) {
            return List.of(report.error());
        }
        if (report.report().root().filter(RootHardwareMfaCheck::hasNoCredentials).isPresent()) {
            return List.of(CheckResult.compliant(id(), null));
        }
        String detail = (context.mode() == Mode.REMEDIATE ? "not fixed (audit only): " : "") + problem
                + ": sign in as root to enrol a hardware one, or remove root credentials centrally";
        return List.of(CheckResult.nonCompliant(id(), null, detail, failing));
    }

    private static boolean isRoots(VirtualMFADevice device, String rootArn) {
        return (device.user() != null && rootArn.equals(device.user().arn()))
                || (device.serialNumber() != null && device.serialNumber().endsWith(ROOT_MFA_DEVICE));
    }

    /** The root row says there is no password, no active access key and no active signing certificate. */
    static boolean hasNoCredentials(IamCredentialReport.Row root) {
        return "false".equals(root.get("password_enabled"))
                && !root.isTrue("access_key_1_active") && !root.isTrue("access_key_2_active")
                && !root.isTrue("cert_1_active") && !root.isTrue("cert_2_active");
    }
}
