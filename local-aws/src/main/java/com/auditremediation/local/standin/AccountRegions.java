package com.auditremediation.local.standin;

import com.auditremediation.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.regions.Region;

/**
 * AWS Account Management's region opt-in status ({@code GetRegionOptStatus}, {@code ListRegions}; REST-JSON): moto
 * 5.2.1's Account module has alternate contacts only. Every region of the caller's partition that the SDK knows has a
 * status: {@code ENABLED_BY_DEFAULT}, or {@code DISABLED} for the regions AWS documents as opt-in until someone enables
 * them (the admin endpoint stands for that: {@code POST /_standin/account-regions} with {@code accountId},
 * {@code region} and {@code status} {@code ENABLED} or {@code DISABLED}). With {@code AccountId} of another account
 * (the organisations context) the caller must be the management account or a delegated administrator for
 * {@code account.amazonaws.com}, else {@code AccessDeniedException}, as AWS answers.
 */
final class AccountRegions implements StandInService {

    private static final Descriptor DESCRIPTOR = new Descriptor("account-regions", "account", Protocol.REST_JSON,
            List.of("account:GetRegionOptStatus", "account:ListRegions"));
    /** The regions AWS documents as opt-in (disabled in a new account until enabled). */
    private static final Set<String> OPT_IN = Set.of("af-south-1", "ap-east-1", "ap-east-2", "ap-south-2", "ap-southeast-3",
            "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "ca-west-1", "eu-central-2", "eu-south-1",
            "eu-south-2", "il-central-1", "me-central-1", "me-south-1", "mx-central-1");
    private static final String SERVICE_PRINCIPAL = "account.amazonaws.com";

    private final Organizations organizations;
    private final OrganizationsDelegatedReads delegated;
    /** Account to (region to status), for the regions whose status was set. */
    private final Map<String, Map<String, String>> statuses = new ConcurrentHashMap<>();

    AccountRegions(MotoCalls moto, OrganizationsDelegatedReads delegated) {
        this.organizations = new Organizations(moto);
        this.delegated = delegated;
    }

    @Override
    public Descriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public boolean serves(StandInRequest request) {
        return request.method().equals("POST") && (request.path().equals("/getRegionOptStatus") || request.path().equals("/listRegions"));
    }

    @Override
    public StandInResponse answer(StandInRequest request, Caller caller) {
        JsonNode input = request.json();
        String accountId = accountOf(input, caller);
        ObjectNode output = Json.mapper().createObjectNode();
        if (request.path().equals("/getRegionOptStatus")) {
            String region = Requests.requiredText(input, "RegionName");
            if (!regions(caller).contains(region)) {
                throw new AwsError(400, "ValidationException", "Invalid region-name: " + region);
            }
            output.put("RegionName", region).put("RegionOptStatus", status(accountId, region));
            return protocol().success(output.toString());
        }
        JsonNode wanted = input.get("RegionOptStatusContains");
        ArrayNode list = output.putArray("Regions");
        for (String region : regions(caller)) {
            String status = status(accountId, region);
            if (wanted == null || !wanted.isArray() || wanted.isEmpty() || containsText(wanted, status)) {
                list.addObject().put("RegionName", region).put("RegionOptStatus", status);
            }
        }
        return protocol().success(output.toString());
    }

    private static boolean containsText(JsonNode array, String text) {
        for (JsonNode item : array) {
            if (text.equals(item.asText())) {
                return true;
            }
        }
        return false;
    }

    /** The account asked about: the caller's own, or {@code AccountId} where the caller may ask for another. */
    private String accountOf(JsonNode input, Caller caller) {
        String accountId = Requests.optionalText(input, "AccountId");
        if (accountId == null || accountId.equals(caller.accountId())) {
            return caller.accountId();
        }
        String management = organizations.managementAccountOf(caller);
        boolean allowed = management != null && (management.equals(caller.accountId())
                || delegated.services(caller.accountId(), management).contains(SERVICE_PRINCIPAL));
        if (!allowed) {
            throw new AwsError(403, "AccessDeniedException", "User: " + caller.principalArn() + " is not authorized to perform:"
                    + " account:GetRegionOptStatus on another account: only the organization's management account or a delegated"
                    + " administrator for " + SERVICE_PRINCIPAL + " may give an AccountId");
        }
        return accountId;
    }

    private static Set<String> regions(Caller caller) {
        Set<String> regions = new TreeSet<>();
        for (Region region : Region.regions()) {
            if (!region.isGlobalRegion() && !region.id().contains("-iso") && Caller.partition(region.id()).equals(caller.partition())
                    && region.id().matches("[a-z]{2}(-[a-z]+)+-\\d")) {
                regions.add(region.id());
            }
        }
        return regions;
    }

    private String status(String accountId, String region) {
        return statuses.getOrDefault(accountId, Map.of()).getOrDefault(region, OPT_IN.contains(region) ? "DISABLED" : "ENABLED_BY_DEFAULT");
    }

    @Override
    public JsonNode admin(JsonNode body) {
        String accountId = AdminInput.accountId(body);
        String region = AdminInput.region(body);
        String status = AdminInput.choice(body, "status", null, Set.of("ENABLED", "DISABLED"));
        if (status == null) {
            throw new IllegalArgumentException("field 'status' is required: ENABLED or DISABLED");
        }
        statuses.computeIfAbsent(accountId, key -> new ConcurrentHashMap<>()).put(region, status);
        return Json.mapper().createObjectNode().put("accountId", accountId).put("RegionName", region).put("RegionOptStatus", status);
    }

    @Override
    public void reset() {
        statuses.clear();
    }
}
