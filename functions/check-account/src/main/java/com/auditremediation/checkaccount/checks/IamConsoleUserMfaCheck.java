package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.Check;
import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.Evidence;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.Mode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.User;

/**
 * Every IAM user with a console password has an MFA device (Security Hub IAM.5, CIS AWS Foundations Benchmark v3.0.0
 * 1.10). Read live (ListUsers, then GetLoginProfile for each user and ListMFADevices for those with a password)
 * rather than from the credential report, which IAM regenerates at most every four hours: a person who has just
 * enrolled a device sees the finding go at the next sweep.
 *
 * <p>Audit only: enrolling a device takes the person who holds it, and no API can do that for them. Remediate mode
 * reports NON_COMPLIANT too, naming the users (at most 10, then a count).
 */
public final class IamConsoleUserMfaCheck extends Check {

    private static final String SETTING = "ConsoleUsersWithoutMfa";

    public IamConsoleUserMfaCheck() {
        super(CheckDescriptor.builder("iam-console-user-mfa")
                .title("Every IAM user with a console password has an MFA device")
                .controls("IAM.5")
                .cis("1.10")
                .severity(Severity.MEDIUM)
                .reads("iam:ListUsers", "iam:GetLoginProfile", "iam:ListMFADevices")
                .recommendation("Have each IAM user with a console password enrol an MFA device (IAM, Users, Security"
                        + " credentials), or remove the password; better, move people to IAM Identity Center.")
                .build());
    }

    @Override
    public List<CheckResult> run(CheckContext context) {
        IamClient iam = context.client(IamClient.builder(), context.homeRegion());
        List<String> withoutMfa = new ArrayList<>();
        for (User user : iam.listUsersPaginator().users()) {
            if (hasConsolePassword(iam, user.userName())
                    && iam.listMFADevicesPaginator(r -> r.userName(user.userName())).mfaDevices().stream().findAny().isEmpty()) {
                withoutMfa.add(user.userName());
            }
        }
        if (withoutMfa.isEmpty()) {
            return List.of(CheckResult.compliant(id(), null));
        }
        Map<String, Object> before = new LinkedHashMap<>();
        before.put(SETTING, Evidence.capped(withoutMfa));
        String detail = (context.mode() == Mode.REMEDIATE ? "not fixed: no API can enrol an MFA device for a person; " : "")
                + withoutMfa.size() + " IAM user" + (withoutMfa.size() == 1 ? "" : "s") + " with a console password and no MFA"
                + " device: each must enrol one (IAM, Users, Security credentials), or remove the password";
        return List.of(CheckResult.nonCompliant(id(), null, detail, before));
    }

    private static boolean hasConsolePassword(IamClient iam, String userName) {
        try {
            iam.getLoginProfile(r -> r.userName(userName));
            return true;
        } catch (NoSuchEntityException e) {
            return false;
        }
    }
}
