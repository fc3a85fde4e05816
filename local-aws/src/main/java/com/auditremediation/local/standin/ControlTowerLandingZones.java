package com.auditremediation.local.standin;

import com.auditremediation.core.Json;
import com.auditremediation.core.Validate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * AWS Control Tower landing zones ({@code ListLandingZones}, {@code GetLandingZone}, {@code CreateLandingZone},
 * {@code GetLandingZoneOperation}; REST-JSON): moto 5.2.1 has no Control Tower at all. A landing zone belongs to an
 * organisation's management account (read from moto's Organizations); any other caller gets
 * {@code AccessDeniedException}. There is at most one ({@code ConflictException} for a second), it lives in the region it
 * was created in (its ARN, {@code arn:<partition>:controltower:<region>:<account>:landingzone/<id>}) and every region's
 * endpoint lists it. Versions 3.0 to 3.3 and 4.0 are accepted. The manifest is kept and returned as given, after the
 * checks the user guide states: a 3.x manifest needs {@code organizationStructure}, {@code centralizedLogging.accountId}
 * and {@code securityRoles.accountId}; in 4.0 the manifest is optional, each integration present needs its
 * {@code enabled} flag, and an enabled {@code securityRoles}, {@code config} or {@code centralizedLogging} needs its {@code accountId}. Creating
 * takes AWS about an hour; the stand-in completes it at once ({@code ACTIVE}, the operation {@code SUCCEEDED}), drift
 * status {@code IN_SYNC}. Admin endpoint ({@code POST /_standin/controltower-landing-zones}): {@code accountId} of the
 * management account and {@code driftStatus} ({@code DRIFTED} or {@code IN_SYNC}) and/or {@code status}
 * ({@code ACTIVE}, {@code PROCESSING}, {@code FAILED}).
 */
final class ControlTowerLandingZones implements StandInService {

    private static final Descriptor DESCRIPTOR = new Descriptor("controltower-landing-zones", "controltower", Protocol.REST_JSON,
            List.of("controltower:ListLandingZones", "controltower:GetLandingZone", "controltower:CreateLandingZone",
                    "controltower:GetLandingZoneOperation"));

    private static final Set<String> VERSIONS = Set.of("3.0", "3.1", "3.2", "3.3", "4.0");
    private static final String LATEST_VERSION = "4.0";
    private static final char[] ID_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private record LandingZone(String arn, String version, JsonNode manifest, JsonNode remediationTypes, String status, String driftStatus) {

        LandingZone with(String newStatus, String newDriftStatus) {
            return new LandingZone(arn, version, manifest, remediationTypes, newStatus, newDriftStatus);
        }
    }

    private record Operation(String managementAccount, String type, String started, String ended) {
    }

    private final Organizations organizations;
    private final Map<String, LandingZone> landingZones = new ConcurrentHashMap<>();
    private final Map<String, Operation> operations = new ConcurrentHashMap<>();

    ControlTowerLandingZones(MotoCalls moto) {
        this.organizations = new Organizations(moto);
    }

    @Override
    public Descriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public boolean serves(StandInRequest request) {
        return request.method().equals("POST") && List.of("/list-landingzones", "/get-landingzone", "/create-landingzone",
                "/get-landingzone-operation").contains(request.path());
    }

    @Override
    public synchronized StandInResponse answer(StandInRequest request, Caller caller) {
        if (!organizations.isManagementAccount(caller)) {
            throw new AwsError(403, "AccessDeniedException", "AWS Control Tower can be called only from the management account"
                    + " of an organization; account " + caller.accountId() + " is not one.");
        }
        JsonNode input = request.json();
        LandingZone landingZone = landingZones.get(caller.accountId());
        ObjectNode output = Json.mapper().createObjectNode();
        switch (request.path()) {
            case "/list-landingzones" -> {
                var list = output.putArray("landingZones");
                if (landingZone != null) {
                    list.addObject().put("arn", landingZone.arn());
                }
            }
            case "/get-landingzone" -> {
                String identifier = Requests.requiredText(input, "landingZoneIdentifier");
                if (landingZone == null || !(identifier.equals(landingZone.arn()) || landingZone.arn().endsWith("/" + identifier))) {
                    throw new AwsError(404, "ResourceNotFoundException", "The landing zone " + identifier + " does not exist.");
                }
                output.set("landingZone", describe(landingZone));
            }
            case "/create-landingzone" -> {
                if (landingZone != null) {
                    throw new AwsError(409, "ConflictException", "A landing zone already exists in this organization: " + landingZone.arn());
                }
                String version = Requests.requiredText(input, "version");
                if (!VERSIONS.contains(version)) {
                    throw Requests.invalid("version", version, "Member must be a landing zone version: "
                            + VERSIONS.stream().sorted().toList());
                }
                JsonNode manifest = input.get("manifest");
                checkManifest(version, manifest);
                String arn = caller.arn("controltower", "landingzone/" + landingZoneId());
                landingZones.put(caller.accountId(), new LandingZone(arn, version,
                        manifest == null ? Json.mapper().createObjectNode() : manifest, input.get("remediationTypes"), "ACTIVE", "IN_SYNC"));
                String operationId = UUID.randomUUID().toString();
                String now = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
                operations.put(operationId, new Operation(caller.accountId(), "CREATE", now, now));
                output.put("arn", arn).put("operationIdentifier", operationId);
            }
            default -> {
                String operationId = Requests.requiredText(input, "operationIdentifier");
                Operation operation = operations.get(operationId);
                if (operation == null || !operation.managementAccount().equals(caller.accountId())) {
                    throw new AwsError(404, "ResourceNotFoundException", "The landing zone operation " + operationId + " does not exist.");
                }
                output.putObject("operationDetails").put("operationType", operation.type()).put("operationIdentifier", operationId)
                        .put("status", "SUCCEEDED").put("startTime", operation.started()).put("endTime", operation.ended());
            }
        }
        return protocol().success(output.toString());
    }

    /** The manifest checks of the user guide, for {@code version}. */
    private static void checkManifest(String version, JsonNode manifest) {
        boolean present = manifest != null && !manifest.isNull();
        if (present && !manifest.isObject()) {
            throw new AwsError(400, "ValidationException", "The manifest must be a JSON object.");
        }
        if (version.startsWith("3.")) {
            if (!present) {
                throw new AwsError(400, "ValidationException", "A landing zone " + version + " needs a manifest.");
            }
            requireMember(manifest, "organizationStructure");
            requireAccountId(manifest, "centralizedLogging");
            requireAccountId(manifest, "securityRoles");
            return;
        }
        if (!present) {
            return;
        }
        for (String integration : List.of("accessManagement", "backup", "centralizedLogging", "config", "securityRoles")) {
            JsonNode block = manifest.get(integration);
            if (block == null) {
                continue;
            }
            if (!block.path("enabled").isBoolean()) {
                throw new AwsError(400, "ValidationException", "The manifest's " + integration + " needs its enabled flag (true or false).");
            }
            if (block.get("enabled").asBoolean() && Set.of("securityRoles", "config", "centralizedLogging").contains(integration)) {
                requireAccountId(manifest, integration);
            }
        }
    }

    private static void requireMember(JsonNode manifest, String member) {
        if (!manifest.path(member).isObject()) {
            throw new AwsError(400, "ValidationException", "The manifest needs " + member + ".");
        }
    }

    private static void requireAccountId(JsonNode manifest, String member) {
        requireMember(manifest, member);
        String accountId = manifest.get(member).path("accountId").asText("");
        if (!accountId.matches("\\d{12}")) {
            throw new AwsError(400, "ValidationException", "The manifest's " + member + ".accountId must be an account id of 12 digits.");
        }
    }

    private static ObjectNode describe(LandingZone landingZone) {
        ObjectNode node = Json.mapper().createObjectNode()
                .put("version", landingZone.version())
                .put("arn", landingZone.arn())
                .put("status", landingZone.status())
                .put("latestAvailableVersion", LATEST_VERSION);
        node.putObject("driftStatus").put("status", landingZone.driftStatus());
        node.set("manifest", landingZone.manifest());
        if (landingZone.remediationTypes() != null && landingZone.remediationTypes().isArray()) {
            node.set("remediationTypes", landingZone.remediationTypes());
        }
        return node;
    }

    private static String landingZoneId() {
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            id.append(ID_CHARACTERS[RANDOM.nextInt(ID_CHARACTERS.length)]);
        }
        return id.toString();
    }

    @Override
    public synchronized JsonNode admin(JsonNode body) {
        String accountId = AdminInput.accountId(body);
        LandingZone landingZone = landingZones.get(accountId);
        if (landingZone == null) {
            throw new IllegalArgumentException("field 'accountId': account " + Validate.describe(accountId)
                    + " has no landing zone; create one with CreateLandingZone in that (management) account first");
        }
        String status = AdminInput.choice(body, "status", landingZone.status(), Set.of("ACTIVE", "PROCESSING", "FAILED"));
        String drift = AdminInput.choice(body, "driftStatus", landingZone.driftStatus(), Set.of("DRIFTED", "IN_SYNC"));
        LandingZone updated = landingZone.with(status, drift);
        landingZones.put(accountId, updated);
        return describe(updated);
    }

    @Override
    public synchronized void reset() {
        landingZones.clear();
        operations.clear();
    }
}
