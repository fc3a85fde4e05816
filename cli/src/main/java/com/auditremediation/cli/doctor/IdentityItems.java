package com.auditremediation.cli.doctor;

import com.auditremediation.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.controltower.model.LandingZoneDetail;
import software.amazon.awssdk.services.controltower.model.LandingZoneSummary;
import software.amazon.awssdk.services.iam.model.ContextEntry;
import software.amazon.awssdk.services.iam.model.ContextKeyTypeEnum;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PolicyEvaluationDecisionType;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.organizations.model.AwsOrganizationsNotInUseException;

/** Who runs the deployment and as what: the caller, the landing zone, the check functions' role and what it may assume. */
final class IdentityItems {

    private static final String OWN_ROLES_DOC = "docs/own-roles.md";

    private final Doctor doctor;

    IdentityItems(Doctor doctor) {
        this.doctor = doctor;
    }

    DoctorItem caller() {
        String id = "caller";
        try {
            doctor.organization = doctor.clients.organizations().describeOrganization().organization();
        } catch (AwsOrganizationsNotInUseException e) {
            return DoctorItem.fail(id, "Account " + doctor.accountId + " (" + doctor.callerArn + ") is in no AWS organisation.",
                    "Deploy into the Audit account of your Control Tower organisation and run doctor there.");
        } catch (SdkException e) {
            return DoctorItem.fail(id, "Account " + doctor.accountId + ": organizations:DescribeOrganization was refused (" + Doctor.describe(e) + ").",
                    "Run doctor with credentials that may call organizations:DescribeOrganization (any member account may).");
        }
        String where = "Account " + doctor.accountId + " in organisation " + doctor.organizationId() + " (management account "
                + doctor.managementAccount() + "), as " + doctor.callerArn;
        if (doctor.accountId.equals(doctor.managementAccount())) {
            return DoctorItem.warn(id, where + ": this is the management account.",
                    "Deploy in the landing zone's audit (security roles) account, or a delegated administrator account, not in the management account.");
        }
        if (doctor.controlTowerRoles()) {
            doctor.auditRoleExists = roleExists(doctor.auditRoleName);
            if (doctor.auditRoleExists) {
                return DoctorItem.pass(id, where + ": the landing zone's audit (security roles) account, which holds " + doctor.auditRoleName + ".");
            }
            return DoctorItem.warn(id, where + ": not the landing zone's audit account (" + doctor.auditRoleName + " is not here).",
                    "Deploy in the audit account, or, where the landing zone's security roles are off, with AuditRoleName empty (" + OWN_ROLES_DOC + ").");
        }
        return DoctorItem.pass(id, where + "; the check functions run as the stack's own role " + doctor.auditRoleName + ".");
    }

    DoctorItem landingZone() {
        String id = "landing-zone";
        List<LandingZoneSummary> landingZones;
        try {
            landingZones = doctor.clients.controlTower().listLandingZones(r -> { }).landingZones();
        } catch (SdkException e) {
            String management = doctor.managementAccount() == null ? "the management account" : "the management account " + doctor.managementAccount();
            String from = "Not readable from this account (controltower:ListLandingZones: " + Doctor.describe(e) + "); Control Tower answers only in "
                    + management + ", where doctor or `aws controltower get-landing-zone` shows its version, security roles and drift";
            if (!doctor.controlTowerRoles() || roleExists(doctor.auditRoleName)) {
                return DoctorItem.pass(id, from + ". " + (doctor.controlTowerRoles()
                        ? doctor.auditRoleName + " here shows that its security roles are on and that this is their account."
                        : "The stack uses roles of its own, which need no security roles."));
            }
            return DoctorItem.warn(id, from + ". " + doctor.auditRoleName + " is missing here, as in a landing zone 4.0 whose security roles are off.",
                    "Read the landing zone from " + management + "; if its security roles are off, deploy with AuditRoleName empty and member-role.yaml (" + OWN_ROLES_DOC + ").");
        }
        if (landingZones.isEmpty()) {
            if (doctor.controlTowerRoles()) {
                return DoctorItem.fail(id, "This organisation has no Control Tower landing zone, so no aws-controltower-* roles.",
                        "Deploy with AuditRoleName empty and create the execution role with member-role.yaml (" + OWN_ROLES_DOC + ").");
            }
            return DoctorItem.pass(id, "No Control Tower landing zone; the stack uses roles of its own.");
        }
        LandingZoneDetail landingZone = doctor.clients.controlTower().getLandingZone(r -> r.landingZoneIdentifier(landingZones.get(0).arn()))
                .landingZone();
        Map<String, Document> manifest = landingZone.manifest() == null || !landingZone.manifest().isMap() ? Map.of() : landingZone.manifest().asMap();
        boolean version3 = landingZone.version().startsWith("3.");
        doctor.securityRolesEnabled = version3 || enabled(manifest, "securityRoles");
        doctor.securityRolesAccount = accountOf(manifest, "securityRoles");
        boolean configEnabled = version3 || enabled(manifest, "config");
        String drift = landingZone.driftStatus() == null ? "unknown" : landingZone.driftStatus().statusAsString();
        String summary = "Landing zone " + landingZone.version() + " (" + landingZone.statusAsString() + ", drift " + drift + "): security roles "
                + (doctor.securityRolesEnabled ? "on" + (doctor.securityRolesAccount == null ? "" : " in " + doctor.securityRolesAccount) : "off")
                + ", AWS Config integration " + (configEnabled ? "on" : "off") + ".";
        if (!doctor.securityRolesEnabled && doctor.controlTowerRoles()) {
            return DoctorItem.fail(id, summary + " Without security roles there is no " + doctor.auditRoleName + " and no " + doctor.executionRoleName() + ".",
                    "Deploy with AuditRoleName empty and ExecutionRoleName of your own, and create that role in every member account with"
                            + " member-role.yaml through StackSets (" + OWN_ROLES_DOC + ").");
        }
        if ("DRIFTED".equals(drift)) {
            return DoctorItem.warn(id, summary, "Repair the landing zone from the management account (Control Tower console, Landing zone settings, Repair).");
        }
        if (!configEnabled) {
            return DoctorItem.warn(id, summary, "Expect config-recorder to fail where an OU has no AWS Config baseline; enable the AWS Config"
                    + " integration, or the baseline on the OUs whose accounts should record.");
        }
        return DoctorItem.pass(id, summary);
    }

    private static boolean enabled(Map<String, Document> manifest, String integration) {
        Document block = manifest.get(integration);
        return block != null && block.isMap() && block.asMap().containsKey("enabled") && block.asMap().get("enabled").asBoolean();
    }

    private static String accountOf(Map<String, Document> manifest, String integration) {
        Document block = manifest.get(integration);
        return block != null && block.isMap() && block.asMap().containsKey("accountId") ? block.asMap().get("accountId").asString() : null;
    }

    DoctorItem auditRole() {
        String id = "audit-role";
        if (doctor.auditRoleName == null) {
            return DoctorItem.fail(id, "The stack was not read, so the check functions' role is not known.", "Fix the stack item first.");
        }
        Role role;
        try {
            role = doctor.clients.iam().getRole(r -> r.roleName(doctor.auditRoleName)).role();
        } catch (NoSuchEntityException e) {
            doctor.auditRoleExists = false;
            return DoctorItem.fail(id, "The check functions' role " + doctor.auditRoleName + " does not exist in " + doctor.accountId + ".",
                    doctor.controlTowerRoles()
                            ? "Deploy in the landing zone's audit account, or, where its security roles are off, redeploy with AuditRoleName empty (" + OWN_ROLES_DOC + ")."
                            : "Redeploy the stack: it creates this role when AuditRoleName is empty.");
        } catch (SdkException e) {
            return DoctorItem.warn(id, "iam:GetRole " + doctor.auditRoleName + " was refused (" + Doctor.describe(e) + ").",
                    "Run doctor with credentials that may call iam:GetRole and iam:SimulatePrincipalPolicy.");
        }
        doctor.auditRoleExists = true;
        if (!trustsLambda(role.assumeRolePolicyDocument())) {
            return DoctorItem.fail(id, "Role " + doctor.auditRoleName + " exists but does not trust lambda.amazonaws.com, so the functions cannot run as it.",
                    "Let the role's trust policy allow lambda.amazonaws.com to sts:AssumeRole (Control Tower's audit roles do; repair the landing zone if it was changed).");
        }
        return DoctorItem.pass(id, "Role " + doctor.auditRoleArn + " exists and trusts Lambda.");
    }

    private static boolean trustsLambda(String encoded) {
        if (encoded == null) {
            return false;
        }
        String text = encoded.trim().startsWith("%") ? URLDecoder.decode(encoded, StandardCharsets.UTF_8) : encoded;
        try {
            for (JsonNode statement : asList(Json.mapper().readTree(text).path("Statement"))) {
                if ("Allow".equals(statement.path("Effect").asText()) && asList(statement.path("Principal").path("Service")).stream()
                        .anyMatch(service -> service.asText().equals("lambda.amazonaws.com"))
                        && asList(statement.path("Action")).stream().anyMatch(action -> action.asText().equals("sts:AssumeRole"))) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    private static List<JsonNode> asList(JsonNode node) {
        if (node.isArray()) {
            List<JsonNode> items = new java.util.ArrayList<>();
            node.forEach(items::add);
            return items;
        }
        return node.isMissingNode() ? List.of() : List.of(node);
    }

    /** IAM's policy simulator: may the role assume the execution role in the sample account? Nothing is assumed. */
    DoctorItem assumePolicy() {
        String id = "assume-policy";
        if (!doctor.auditRoleExists) {
            return DoctorItem.fail(id, "Not simulated: the check functions' role " + doctor.auditRoleName + " is missing.", "Fix the audit-role item first.");
        }
        String sample = doctor.sampleAccount();
        String target = "arn:" + doctor.partition + ":iam::" + (sample == null ? "*" : sample) + ":role/" + doctor.executionRoleName();
        EvaluationResult result;
        try {
            result = doctor.clients.iam().simulatePrincipalPolicy(r -> r.policySourceArn(doctor.auditRoleArn).actionNames("sts:AssumeRole")
                    .resourceArns(target).contextEntries(
                            context("aws:PrincipalOrgID", doctor.organizationId()),
                            context("aws:ResourceOrgID", doctor.organizationId()),
                            context("aws:ResourceAccount", sample))).evaluationResults().get(0);
        } catch (SdkException e) {
            return DoctorItem.warn(id, "iam:SimulatePrincipalPolicy was refused (" + Doctor.describe(e) + ").",
                    "Run doctor with credentials that may call iam:SimulatePrincipalPolicy on " + doctor.auditRoleArn + ".");
        }
        if (result.evalDecision() == PolicyEvaluationDecisionType.ALLOWED) {
            return DoctorItem.pass(id, doctor.auditRoleName + " may sts:AssumeRole " + target + " (IAM's policy simulator).");
        }
        return DoctorItem.fail(id, doctor.auditRoleName + " may not sts:AssumeRole " + target + " (simulator: " + result.evalDecisionAsString()
                        + (result.missingContextValues().isEmpty() ? "" : ", missing " + result.missingContextValues()) + ").",
                doctor.controlTowerRoles()
                        ? "Use the execution role that matches AuditRoleName (Administrator with Administrator, ReadOnly with ReadOnly)."
                        : "Redeploy the stack so that its CheckAccountRole allows sts:AssumeRole on " + doctor.executionRoleName() + ".");
    }

    private static ContextEntry context(String key, String value) {
        return ContextEntry.builder().contextKeyName(key).contextKeyType(ContextKeyTypeEnum.STRING)
                .contextKeyValues(value == null ? "" : value).build();
    }

    private boolean roleExists(String roleName) {
        try {
            doctor.clients.iam().getRole(r -> r.roleName(roleName));
            return true;
        } catch (SdkException e) {
            return false;
        }
    }
}
