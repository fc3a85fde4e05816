package com.auditremediation.local.standin;

import com.fasterxml.jackson.databind.JsonNode;

/** What the stand-in reads from moto's Organizations: an account's organisation and its delegated administrators. */
final class Organizations {

    private static final String TARGET = "AWSOrganizationsV20161128.";

    private final MotoCalls moto;

    Organizations(MotoCalls moto) {
        this.moto = moto;
    }

    /** The management account of the caller's organisation, or null when the caller is in none. */
    String managementAccountOf(Caller caller) {
        MotoCalls.Answer answer = moto.awsJson(caller, "organizations", TARGET + "DescribeOrganization", "{}");
        if (!answer.ok()) {
            if (answer.body().contains("AWSOrganizationsNotInUseException")) {
                return null;
            }
            throw new IllegalStateException("moto answered " + answer.status() + " to DescribeOrganization: " + answer.body());
        }
        return answer.json().path("Organization").path("MasterAccountId").asText(null);
    }

    boolean isManagementAccount(Caller caller) {
        return caller.accountId().equals(managementAccountOf(caller));
    }

    /** Whether the caller is its organisation's management account or a delegated administrator for {@code servicePrincipal}. */
    boolean isManagementOrDelegatedAdministrator(Caller caller, String servicePrincipal) {
        String management = managementAccountOf(caller);
        if (management == null) {
            return false;
        }
        if (management.equals(caller.accountId())) {
            return true;
        }
        Caller asManagement = new Caller(management, caller.region(), null);
        MotoCalls.Answer answer = moto.awsJson(asManagement, "organizations", TARGET + "ListDelegatedAdministrators",
                "{\"ServicePrincipal\":\"" + servicePrincipal + "\"}");
        if (!answer.ok()) {
            throw new IllegalStateException("moto answered " + answer.status() + " to ListDelegatedAdministrators: " + answer.body());
        }
        for (JsonNode administrator : answer.json().path("DelegatedAdministrators")) {
            if (caller.accountId().equals(administrator.path("Id").asText())) {
                return true;
            }
        }
        return false;
    }
}
