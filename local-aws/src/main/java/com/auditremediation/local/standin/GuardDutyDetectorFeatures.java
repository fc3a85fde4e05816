package com.auditremediation.local.standin;

import com.auditremediation.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A correction of moto's Amazon GuardDuty detector features (REST-JSON): moto 5.2.1 keeps {@code Features} exactly as
 * the last {@code CreateDetector} or {@code UpdateDetector} gave them, so a detector created without them reads back
 * none, and an update naming one feature drops the others. AWS's {@code GetDetector} lists every protection plan of the
 * detector with its status, and {@code UpdateDetector} changes only the features (and additional configurations) it
 * names. The stand-in relays {@code CreateDetector}, {@code UpdateDetector} and {@code GetDetector} to moto, keeps each
 * detector's features per account and region, and answers {@code GetDetector} with all of them in AWS's shape
 * ({@code name}, {@code status}, {@code updatedAt}, {@code additionalConfiguration}).
 *
 * <p>Chosen where the API reference is silent: the foundational sources ({@code CLOUD_TRAIL}, {@code DNS_LOGS},
 * {@code FLOW_LOGS}) are always {@code ENABLED}; every protection plan a create does not name is {@code DISABLED}
 * (the console's 30-day trials are not modelled); the legacy {@code dataSources} of a create or update are applied to
 * the features they became ({@code S3Logs}, {@code Kubernetes.AuditLogs}, {@code MalwareProtection}). An unknown
 * feature or status answers {@code BadRequestException}, as GuardDuty does for an invalid input.
 */
final class GuardDutyDetectorFeatures implements StandInService {

    private static final Descriptor DESCRIPTOR = new Descriptor("guardduty-detector-features", "guardduty", Protocol.REST_JSON,
            List.of("guardduty:CreateDetector", "guardduty:UpdateDetector", "guardduty:GetDetector"));

    private static final Pattern DETECTOR = Pattern.compile("/detector/([^/]+)");
    private static final List<String> FOUNDATIONAL = List.of("CLOUD_TRAIL", "DNS_LOGS", "FLOW_LOGS");
    private static final Map<String, List<String>> PROTECTION_PLANS = plans();
    private static final String ENABLED = "ENABLED";
    private static final String DISABLED = "DISABLED";

    private record DetectorKey(String accountId, String region, String detectorId) {
    }

    /** One feature's status and its additional configurations' statuses, by name. */
    private record Feature(String status, Map<String, String> additional, long updatedAt) {
    }

    private final MotoCalls moto;
    private final Map<DetectorKey, Map<String, Feature>> detectors = new ConcurrentHashMap<>();

    GuardDutyDetectorFeatures(MotoCalls moto) {
        this.moto = moto;
    }

    private static Map<String, List<String>> plans() {
        Map<String, List<String>> plans = new LinkedHashMap<>();
        plans.put("S3_DATA_EVENTS", List.of());
        plans.put("EKS_AUDIT_LOGS", List.of());
        plans.put("EBS_MALWARE_PROTECTION", List.of());
        plans.put("RDS_LOGIN_EVENTS", List.of());
        plans.put("EKS_RUNTIME_MONITORING", List.of("EKS_ADDON_MANAGEMENT"));
        plans.put("LAMBDA_NETWORK_LOGS", List.of());
        plans.put("RUNTIME_MONITORING", List.of("EKS_ADDON_MANAGEMENT", "ECS_FARGATE_AGENT_MANAGEMENT", "EC2_AGENT_MANAGEMENT"));
        return Collections.unmodifiableMap(plans);
    }

    @Override
    public Descriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public boolean serves(StandInRequest request) {
        return (request.method().equals("POST") && request.path().equals("/detector"))
                || ((request.method().equals("GET") || request.method().equals("POST")) && DETECTOR.matcher(request.path()).matches());
    }

    @Override
    public StandInResponse answer(StandInRequest request, Caller caller) {
        if (request.path().equals("/detector")) {
            Map<String, Feature> features = defaults();
            apply(features, request.json());
            MotoCalls.Answer created = moto.restJson(caller, "guardduty", "POST", "/detector", request.bodyText());
            if (created.ok()) {
                detectors.put(key(caller, created.json().path("detectorId").asText()), features);
            }
            return created.relayed();
        }
        Matcher detector = DETECTOR.matcher(request.path());
        detector.matches();
        DetectorKey key = key(caller, detector.group(1));
        if (request.method().equals("POST")) {
            Map<String, Feature> features = new LinkedHashMap<>(current(key, caller));
            apply(features, request.json());
            MotoCalls.Answer updated = moto.restJson(caller, "guardduty", "POST", request.path(), request.bodyText());
            if (updated.ok()) {
                detectors.put(key, features);
            }
            return updated.relayed();
        }
        MotoCalls.Answer read = moto.restJson(caller, "guardduty", "GET", request.path(), null);
        if (!read.ok()) {
            return read.relayed();
        }
        ObjectNode body = (ObjectNode) read.json();
        Map<String, Feature> features = detectors.computeIfAbsent(key, k -> fromMoto(body));
        ArrayNode list = body.putArray("features");
        features.forEach((name, feature) -> {
            ObjectNode entry = list.addObject().put("name", name).put("status", feature.status()).put("updatedAt", feature.updatedAt());
            if (!feature.additional().isEmpty()) {
                ArrayNode additional = entry.putArray("additionalConfiguration");
                feature.additional().forEach((extra, status) -> additional.addObject().put("name", extra).put("status", status)
                        .put("updatedAt", feature.updatedAt()));
            }
        });
        return protocol().success(body.toString());
    }

    @Override
    public void observe(StandInRequest request, int status, Supplier<Caller> caller) {
        Matcher detector = DETECTOR.matcher(request.path());
        if (request.signingName().equals("guardduty") && request.method().equals("DELETE") && detector.matches() && status / 100 == 2) {
            detectors.remove(key(caller.get(), detector.group(1)));
        }
    }

    @Override
    public void reset() {
        detectors.clear();
    }

    private static DetectorKey key(Caller caller, String detectorId) {
        return new DetectorKey(caller.accountId(), caller.region(), detectorId);
    }

    /** The detector's features as kept, or as moto holds them for a detector created before the stand-in saw it. */
    private Map<String, Feature> current(DetectorKey key, Caller caller) {
        Map<String, Feature> kept = detectors.get(key);
        if (kept != null) {
            return kept;
        }
        MotoCalls.Answer read = moto.restJson(caller, "guardduty", "GET", "/detector/" + key.detectorId(), null);
        return read.ok() ? fromMoto(read.json()) : defaults();
    }

    private static Map<String, Feature> fromMoto(JsonNode detector) {
        Map<String, Feature> features = defaults();
        ObjectNode request = Json.mapper().createObjectNode();
        request.set("features", detector.path("features"));
        apply(features, request);
        return features;
    }

    private static Map<String, Feature> defaults() {
        long now = Instant.now().getEpochSecond();
        Map<String, Feature> features = new LinkedHashMap<>();
        FOUNDATIONAL.forEach(name -> features.put(name, new Feature(ENABLED, Map.of(), now)));
        PROTECTION_PLANS.forEach((name, extras) -> {
            Map<String, String> additional = new LinkedHashMap<>();
            extras.forEach(extra -> additional.put(extra, DISABLED));
            features.put(name, new Feature(DISABLED, additional, now));
        });
        return features;
    }

    /** Applies the {@code features} and legacy {@code dataSources} of a create or update request to {@code features}. */
    private static void apply(Map<String, Feature> features, JsonNode request) {
        long now = Instant.now().getEpochSecond();
        JsonNode dataSources = request.path("dataSources");
        legacy(features, "S3_DATA_EVENTS", dataSources.path("s3Logs").path("enable"), now);
        legacy(features, "EKS_AUDIT_LOGS", dataSources.path("kubernetes").path("auditLogs").path("enable"), now);
        legacy(features, "EBS_MALWARE_PROTECTION", dataSources.path("malwareProtection").path("scanEc2InstanceWithFindings")
                .path("ebsVolumes"), now);
        for (JsonNode given : request.path("features")) {
            String name = given.path("name").asText();
            if (FOUNDATIONAL.contains(name) || !PROTECTION_PLANS.containsKey(name)) {
                throw badRequest("features.name " + name);
            }
            Feature feature = features.get(name);
            String status = given.has("status") ? status(given.path("status").asText(), "features.status") : feature.status();
            Map<String, String> additional = new LinkedHashMap<>(feature.additional());
            for (JsonNode extra : given.path("additionalConfiguration")) {
                String extraName = extra.path("name").asText();
                if (!additional.containsKey(extraName)) {
                    throw badRequest("features.additionalConfiguration.name " + extraName);
                }
                additional.put(extraName, status(extra.path("status").asText(), "features.additionalConfiguration.status"));
            }
            features.put(name, new Feature(status, Collections.unmodifiableMap(additional), now));
        }
    }

    private static void legacy(Map<String, Feature> features, String name, JsonNode enable, long now) {
        if (enable.isBoolean()) {
            features.put(name, new Feature(enable.asBoolean() ? ENABLED : DISABLED, features.get(name).additional(), now));
        }
    }

    private static String status(String value, String field) {
        if (!value.equals(ENABLED) && !value.equals(DISABLED)) {
            throw badRequest(field + " " + value);
        }
        return value;
    }

    private static AwsError badRequest(String what) {
        return new AwsError(400, "BadRequestException", "The request is rejected because an invalid or out-of-range value is"
                + " specified as an input parameter: " + what);
    }
}
