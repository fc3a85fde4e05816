package com.auditremediation.local.standin;

import com.auditremediation.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A correction of moto's Amazon Inspector {@code BatchGetAccountStatus} (REST-JSON): moto 5.2.1 leaves out every
 * account in which Inspector was never enabled, and answers nothing at all when {@code accountIds} is not given, where
 * AWS answers the caller's own status. The stand-in asks moto for the accounts requested (the caller's when none are),
 * relays moto's statuses and adds the status AWS gives an account where Inspector was never enabled: {@code DISABLED},
 * and {@code DISABLED} for each resource type (EC2, ECR, Lambda, Lambda code). Enabling and disabling stay moto's.
 */
final class Inspector2AccountStatus implements StandInService {

    private static final Descriptor DESCRIPTOR = new Descriptor("inspector2-account-status", "inspector2", Protocol.REST_JSON,
            List.of("inspector2:BatchGetAccountStatus"));

    private final MotoCalls moto;

    Inspector2AccountStatus(MotoCalls moto) {
        this.moto = moto;
    }

    @Override
    public Descriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public boolean serves(StandInRequest request) {
        return request.method().equals("POST") && request.path().equals("/status/batch/get");
    }

    @Override
    public StandInResponse answer(StandInRequest request, Caller caller) {
        JsonNode requested = request.json().get("accountIds");
        ArrayNode accountIds = Json.mapper().createArrayNode();
        if (requested != null && requested.isArray() && !requested.isEmpty()) {
            accountIds.addAll((ArrayNode) requested);
        } else {
            accountIds.add(caller.accountId());
        }
        ObjectNode body = Json.mapper().createObjectNode();
        body.set("accountIds", accountIds);
        MotoCalls.Answer answer = moto.restJson(caller, "inspector2", "POST", "/status/batch/get", body.toString());
        if (!answer.ok()) {
            return answer.relayed();
        }
        ObjectNode output = (ObjectNode) answer.json();
        ArrayNode accounts = output.withArray("accounts");
        Set<String> answered = new HashSet<>();
        accounts.forEach(account -> answered.add(account.path("accountId").asText()));
        for (JsonNode accountId : accountIds) {
            if (answered.add(accountId.asText())) {
                ObjectNode account = accounts.addObject().put("accountId", accountId.asText());
                account.putObject("state").put("status", "DISABLED");
                ObjectNode resources = account.putObject("resourceState");
                for (String type : List.of("ec2", "ecr", "lambda", "lambdaCode")) {
                    resources.putObject(type).put("status", "DISABLED");
                }
            }
        }
        output.withArray("failedAccounts");
        return protocol().success(output.toString());
    }

    @Override
    public void reset() {
        // the statuses are moto's: nothing of its own to forget
    }
}
