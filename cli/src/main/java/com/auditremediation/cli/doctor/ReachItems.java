package com.auditremediation.cli.doctor;

import com.auditremediation.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.account.model.RegionOptStatus;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.securityhub.model.InvalidAccessException;

/**
 * What the deployed functions reach, proven by invoking them with inputs that read and write nothing: Organizations
 * through the list function and the role chain through the check function; then Security Hub here and the regions swept.
 */
final class ReachItems {

    private final Doctor doctor;

    ReachItems(Doctor doctor) {
        this.doctor = doctor;
    }

    /**
     * The list function, invoked with one account (the sample, else this one) and the caller-identity check: it reads the
     * organisation as a sweep does and, with one account, keeps its listing in its answer (nothing goes to S3 unless the
     * stack's MapMode is distributed).
     */
    DoctorItem organizationsAccess() {
        String id = "organizations-access";
        String function = doctor.outputs.get("ListAccountsFunctionArn");
        if (function == null) {
            return DoctorItem.fail(id, "Not invoked: the stack's ListAccountsFunctionArn is not known.", "Fix the stack item first.");
        }
        String target = doctor.sampleAccount() != null ? doctor.sampleAccount() : doctor.accountId;
        ObjectNode input = Json.mapper().createObjectNode().put("TargetAccountId", target);
        input.putArray("Checks").add("caller-identity");
        JsonNode answer;
        try {
            answer = invoke(function, input);
        } catch (SdkException e) {
            return DoctorItem.fail(id, "The list function could not be invoked (" + Doctor.describe(e) + ").",
                    "Let doctor's credentials call lambda:InvokeFunction on " + function + ".");
        }
        if (answer.has("errorType")) {
            String message = answer.path("errorMessage").asText();
            if (answer.path("errorType").asText().endsWith("OrganizationsAccessDeniedException")) {
                return DoctorItem.fail(id, "The list function may not read the organisation: " + firstSentence(message),
                        "Register this account (" + doctor.accountId + ") as a delegated administrator of a service from the management"
                                + " account (aws organizations register-delegated-administrator), or allow it in the organisation's delegation policy.");
            }
            return DoctorItem.fail(id, "The list function failed: " + answer.path("errorType").asText() + ": " + message,
                    "Read the function's log group (/aws/lambda/" + function.substring(function.lastIndexOf(':') + 1) + ") for the cause.");
        }
        int listed = answer.path("accounts").size() + answer.path("skipped").size();
        return DoctorItem.pass(id, "The list function reads the organisation (it listed " + target + ": "
                + (answer.path("accounts").size() == 1 ? "active" : listed == 1 ? "skipped, " + answer.path("skipped").get(0).path("errorCode").asText() : "not found") + ").");
    }

    /** The check function, invoked directly for the sample account with the caller-identity check and no findings export. */
    DoctorItem roleChain() {
        String id = "role-chain";
        String function = doctor.outputs.get("CheckAccountFunctionArn");
        String sample = doctor.sampleAccount();
        if (function == null) {
            return DoctorItem.fail(id, "Not invoked: the stack's CheckAccountFunctionArn is not known.", "Fix the stack item first.");
        }
        if (sample == null) {
            return DoctorItem.fail(id, "No member account to try: none is ACTIVE, or this account may not list them.",
                    "Name one with --sample-account.");
        }
        ObjectNode input = Json.mapper().createObjectNode().put("TargetAccountId", sample).put("SecurityHubFindings", false);
        input.putArray("Checks").add("caller-identity");
        JsonNode row;
        try {
            row = invoke(function + ":live", input);
        } catch (SdkException e) {
            return DoctorItem.fail(id, "The check function could not be invoked (" + Doctor.describe(e) + ").",
                    "Let doctor's credentials call lambda:InvokeFunction on " + function + ":live.");
        }
        if (row.has("errorType")) {
            return DoctorItem.fail(id, "The check function failed for " + sample + ": " + row.path("errorType").asText() + ": "
                    + row.path("errorMessage").asText(), "Read the function's log group for the cause.");
        }
        if (!"SUCCEEDED".equals(row.path("status").asText())) {
            return DoctorItem.fail(id, "The check function could not check " + sample + " (" + row.path("errorCode").asText() + "): "
                    + row.path("errorMessage").asText(), "Act on the message: the role " + doctor.executionRoleName() + " must exist in "
                    + sample + " and trust " + doctor.auditRoleArn + ".");
        }
        return DoctorItem.pass(id, "The check function assumed " + doctor.executionRoleName() + " in " + sample + " (caller-identity "
                + row.path("checks").path(0).path("status").asText() + "; no finding imported, no row written).");
    }

    DoctorItem securityHub() {
        String id = "security-hub";
        String region = doctor.settings.region().id();
        try {
            doctor.clients.securityHub().describeHub(r -> { });
        } catch (InvalidAccessException e) {
            return DoctorItem.warn(id, "Security Hub is not enabled in " + doctor.accountId + " " + region + ".",
                    "Enable it here (and make this account the organisation's Security Hub administrator) to see the findings in one place,"
                            + " or deploy with SecurityHubFindings=false.");
        } catch (SdkException e) {
            return DoctorItem.warn(id, "securityhub:DescribeHub was refused (" + Doctor.describe(e) + ").",
                    "Let doctor's credentials call securityhub:DescribeHub and securityhub:DescribeOrganizationConfiguration.");
        }
        try {
            doctor.clients.securityHub().describeOrganizationConfiguration(r -> { });
            return DoctorItem.pass(id, "Security Hub is enabled in " + region + ", and this account is the organisation's Security Hub"
                    + " administrator: the findings each account imports come here.");
        } catch (SdkException notAdministrator) {
            // only the administrator may read the organisation's configuration
        }
        String administrator;
        try {
            var answer = doctor.clients.securityHub().getAdministratorAccount(r -> { });
            administrator = answer.administrator() == null ? null : answer.administrator().accountId();
        } catch (SdkException e) {
            administrator = null;
        }
        if (administrator != null) {
            return DoctorItem.pass(id, "Security Hub is enabled in " + region + "; the findings each account imports go to the organisation's"
                    + " administrator " + administrator + ".");
        }
        return DoctorItem.warn(id, "Security Hub is enabled in " + region + ", but the organisation has no Security Hub administrator: findings"
                        + " stay in each member account.",
                "Make this account the administrator from the management account (aws securityhub enable-organization-admin-account --admin-account-id "
                        + doctor.accountId + ").");
    }

    DoctorItem regions() {
        String id = "regions";
        String sample = doctor.sampleAccount();
        String configured = doctor.parameter("DefaultRegions", "");
        List<String> regions = configured.isEmpty() ? List.of(doctor.settings.region().id()) : Arrays.asList(configured.split(","));
        if (sample == null) {
            return DoctorItem.warn(id, "Not read: no member account to read them for.", "Name one with --sample-account.");
        }
        List<String> disabled = new ArrayList<>();
        for (String region : regions) {
            RegionOptStatus status;
            try {
                status = doctor.clients.account().getRegionOptStatus(r -> r.accountId(sample).regionName(region)).regionOptStatus();
            } catch (SdkException e) {
                return DoctorItem.warn(id, "The regions of " + sample + " could not be read (account:GetRegionOptStatus: " + Doctor.describe(e) + ").",
                        "Run doctor from the management account, or make this account a delegated administrator for account.amazonaws.com;"
                                + " until then make sure " + String.join(", ", regions) + " are enabled in every member account.");
            }
            if (status != RegionOptStatus.ENABLED && status != RegionOptStatus.ENABLED_BY_DEFAULT) {
                disabled.add(region + " (" + status + ")");
            }
        }
        if (!disabled.isEmpty()) {
            return DoctorItem.fail(id, "Not enabled in " + sample + ": " + String.join(", ", disabled) + ".",
                    "Enable them in the accounts (aws account enable-region), or leave them out of DefaultRegions; the regional checks fail there.");
        }
        return DoctorItem.pass(id, String.join(", ", regions) + (regions.size() == 1 ? " is" : " are") + " enabled in " + sample + ".");
    }

    private JsonNode invoke(String function, JsonNode input) {
        InvokeResponse response = doctor.clients.lambda().invoke(r -> r.functionName(function).payload(SdkBytes.fromUtf8String(input.toString())));
        try {
            JsonNode answer = Json.mapper().readTree(response.payload().asByteArray());
            return answer == null ? Json.mapper().createObjectNode() : answer;
        } catch (IOException e) {
            return Json.mapper().createObjectNode().put("errorType", "UnreadableAnswer").put("errorMessage", e.getMessage());
        }
    }

    private static String firstSentence(String message) {
        int end = message.indexOf(". ");
        return end < 0 ? message : message.substring(0, end + 1);
    }
}
