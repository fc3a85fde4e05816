package com.auditremediation.local.standin;

import com.auditremediation.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A correction of moto's Organizations (JSON 1.1) for member accounts, which the Audit account is.
 * <ul>
 *   <li>AWS answers the organisation's structure ({@code ListAccounts}, {@code ListRoots}, {@code DescribeAccount}, ...)
 *       only to the management account and to a member account that is a delegated administrator for some service;
 *       any other member gets {@code AccessDeniedException}. moto 5.2.1 answers every member from an empty organisation
 *       of its own (no accounts, no error). The stand-in refuses members that are no delegated administrator, and
 *       relays a delegated administrator's request to moto as the management account, which holds the organisation.</li>
 *   <li>moto accepts delegated administrators for six services only; AWS for every service integrated with
 *       Organizations. {@code RegisterDelegatedAdministrator} for another service principal (account.amazonaws.com,
 *       securityhub.amazonaws.com, ...) is kept here, and {@code ListDelegatedAdministrators} and
 *       {@code DeregisterDelegatedAdministrator} include it.</li>
 * </ul>
 * {@code DescribeOrganization}, which AWS answers to every member, stays moto's.
 */
final class OrganizationsDelegatedReads implements StandInService {

    private static final String TARGET = "AWSOrganizationsV20161128.";
    private static final Set<String> STRUCTURE_READS = Set.of("ListAccounts", "ListAccountsForParent", "ListOrganizationalUnitsForParent",
            "ListRoots", "ListParents", "ListChildren", "DescribeAccount", "DescribeOrganizationalUnit", "ListDelegatedAdministrators",
            "ListDelegatedServicesForAccount");
    /** The service principals moto 5.2.1 registers delegated administrators for itself. */
    private static final Set<String> MOTO_DELEGATED_SERVICES = Set.of("config-multiaccountsetup.amazonaws.com", "guardduty.amazonaws.com",
            "access-analyzer.amazonaws.com", "macie.amazonaws.com", "servicecatalog.amazonaws.com", "ssm.amazonaws.com");
    private static final Descriptor DESCRIPTOR = new Descriptor("organizations-delegated-reads", "organizations", Protocol.AWS_JSON_1_1,
            List.of("organizations:ListAccounts", "organizations:ListAccountsForParent", "organizations:ListOrganizationalUnitsForParent",
                    "organizations:ListRoots", "organizations:ListParents", "organizations:ListChildren", "organizations:DescribeAccount",
                    "organizations:DescribeOrganizationalUnit", "organizations:ListDelegatedAdministrators",
                    "organizations:ListDelegatedServicesForAccount", "organizations:RegisterDelegatedAdministrator",
                    "organizations:DeregisterDelegatedAdministrator"));

    private final MotoCalls moto;
    private final Organizations organizations;
    /** Delegated administrators of services moto does not take: management account to (account to service principals). */
    private final Map<String, Map<String, Set<String>>> extraAdministrators = new LinkedHashMap<>();

    OrganizationsDelegatedReads(MotoCalls moto) {
        this.moto = moto;
        this.organizations = new Organizations(moto);
    }

    @Override
    public Descriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public boolean serves(StandInRequest request) {
        String operation = operation(request);
        return STRUCTURE_READS.contains(operation) || operation.equals("RegisterDelegatedAdministrator")
                || operation.equals("DeregisterDelegatedAdministrator");
    }

    private static String operation(StandInRequest request) {
        return request.target().startsWith(TARGET) ? request.target().substring(TARGET.length()) : "";
    }

    @Override
    public synchronized StandInResponse answer(StandInRequest request, Caller caller) {
        try {
            return answerOrganizations(request, caller);
        } catch (IOException e) {
            throw new UncheckedIOException("moto's Organizations answer is not JSON", e);
        }
    }

    private StandInResponse answerOrganizations(StandInRequest request, Caller caller) throws IOException {
        String management = organizations.managementAccountOf(caller);
        String operation = operation(request);
        if (management == null) {
            return relay(request, caller.accountId());
        }
        JsonNode input = request.json();
        switch (operation) {
            case "RegisterDelegatedAdministrator", "DeregisterDelegatedAdministrator" -> {
                String service = Requests.requiredText(input, "ServicePrincipal");
                if (MOTO_DELEGATED_SERVICES.contains(service) || !caller.accountId().equals(management)) {
                    return relay(request, caller.accountId());
                }
                String account = Requests.requiredText(input, "AccountId");
                Set<String> services = extraAdministrators.computeIfAbsent(management, key -> new LinkedHashMap<>())
                        .computeIfAbsent(account, key -> new LinkedHashSet<>());
                if (operation.equals("RegisterDelegatedAdministrator")) {
                    if (account.equals(management)) {
                        throw new AwsError(400, "ConstraintViolationException",
                                "You cannot register master account/yourself as delegated administrator for your organization.");
                    }
                    if (!services.add(service)) {
                        throw new AwsError(400, "AccountAlreadyRegisteredException", "The provided account is already a delegated administrator for your organization.");
                    }
                } else if (!services.remove(service)) {
                    throw new AwsError(400, "AccountNotRegisteredException", "The provided account is not a registered delegated administrator for your organization.");
                }
                return protocol().success("{}");
            }
            default -> {
                if (!caller.accountId().equals(management) && !isDelegatedAdministrator(caller, management)) {
                    throw new AwsError(400, "AccessDeniedException", "You don't have permissions to access this resource.");
                }
                String filter = input.path("ServicePrincipal").asText(null);
                if (operation.equals("ListDelegatedAdministrators") && filter != null && !MOTO_DELEGATED_SERVICES.contains(filter)) {
                    // moto refuses a service it does not know; the administrators of such a service are all here
                    return withExtraAdministrators(protocol().success("{\"DelegatedAdministrators\":[]}"), management, input);
                }
                StandInResponse relayed = relay(request, management);
                if (relayed.status() != 200) {
                    return relayed;
                }
                if (operation.equals("ListDelegatedAdministrators")) {
                    return withExtraAdministrators(relayed, management, input);
                }
                return operation.equals("ListDelegatedServicesForAccount") ? withExtraServices(relayed, management, input) : relayed;
            }
        }
    }

    /** Whether the member {@code caller} is a delegated administrator for any service, in moto or here. */
    boolean isDelegatedAdministrator(Caller caller, String management) {
        return !services(caller.accountId(), management).isEmpty();
    }

    /** The service principals {@code accountId} is a delegated administrator for (moto's and the stand-in's). */
    Set<String> services(String accountId, String management) {
        Set<String> services = new LinkedHashSet<>(extraAdministrators.getOrDefault(management, Map.of()).getOrDefault(accountId, Set.of()));
        MotoCalls.Answer answer = moto.awsJson(new Caller(management, "us-east-1", null), "organizations",
                TARGET + "ListDelegatedServicesForAccount", "{\"AccountId\":\"" + accountId + "\"}");
        if (answer.ok()) {
            answer.json().path("DelegatedServices").forEach(service -> services.add(service.path("ServicePrincipal").asText()));
        }
        return services;
    }

    private StandInResponse relay(StandInRequest request, String accountId) {
        return moto.awsJson(new Caller(accountId, request.region(), null), "organizations", request.target(), request.bodyText()).relayed();
    }

    private StandInResponse withExtraAdministrators(StandInResponse relayed, String management, JsonNode input) throws IOException {
        ObjectNode output = (ObjectNode) Json.mapper().readTree(relayed.body());
        String filter = input.path("ServicePrincipal").asText(null);
        ArrayNode administrators = output.withArray("DelegatedAdministrators");
        Set<String> listed = new LinkedHashSet<>();
        administrators.forEach(administrator -> listed.add(administrator.path("Id").asText()));
        extraAdministrators.getOrDefault(management, Map.of()).forEach((account, services) -> {
            if (!services.isEmpty() && (filter == null || services.contains(filter)) && listed.add(account)) {
                administrators.addObject().put("Id", account).put("Status", "ACTIVE")
                        .put("DelegationEnabledDate", Instant.now().getEpochSecond());
            }
        });
        return protocol().success(output.toString());
    }

    private StandInResponse withExtraServices(StandInResponse relayed, String management, JsonNode input) throws IOException {
        ObjectNode output = (ObjectNode) Json.mapper().readTree(relayed.body());
        ArrayNode services = output.withArray("DelegatedServices");
        extraAdministrators.getOrDefault(management, Map.of()).getOrDefault(input.path("AccountId").asText(), Set.of())
                .forEach(service -> services.addObject().put("ServicePrincipal", service).put("DelegationEnabledDate", Instant.now().getEpochSecond()));
        return protocol().success(output.toString());
    }

    @Override
    public synchronized void reset() {
        extraAdministrators.clear();
    }
}
