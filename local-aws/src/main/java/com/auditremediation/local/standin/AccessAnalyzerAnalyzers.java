package com.auditremediation.local.standin;

import com.auditremediation.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IAM Access Analyzer analyzers ({@code ListAnalyzers}, {@code CreateAnalyzer}, {@code GetAnalyzer},
 * {@code DeleteAnalyzer}; REST-JSON): moto 5.2.1 has no Access Analyzer at all. Analyzers are regional, per account
 * and region, and {@code ACTIVE} once created. As the API reference says, an account has at most one analyzer of an
 * account-scoped type per region and an organisation at most five of an organisation-scoped type
 * ({@code ServiceQuotaExceededException}); a name already used is a {@code ConflictException}. An
 * organisation-scoped analyzer can be created only in the organisation's management account or in the account that
 * Organizations names delegated administrator for {@code access-analyzer.amazonaws.com} (read from moto); elsewhere
 * the stand-in answers {@code ValidationException} (the reference names the rule, not the error code).
 */
final class AccessAnalyzerAnalyzers implements StandInService {

    private static final Descriptor DESCRIPTOR = new Descriptor("access-analyzer-analyzers", "access-analyzer", Protocol.REST_JSON,
            List.of("access-analyzer:ListAnalyzers", "access-analyzer:CreateAnalyzer", "access-analyzer:GetAnalyzer",
                    "access-analyzer:DeleteAnalyzer"));

    private static final Pattern ANALYZER_PATH = Pattern.compile("/analyzer/([^/]+)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,254}");
    private static final Set<String> ACCOUNT_TYPES = Set.of("ACCOUNT", "ACCOUNT_UNUSED_ACCESS", "ACCOUNT_INTERNAL_ACCESS");
    private static final Set<String> ORGANIZATION_TYPES = Set.of("ORGANIZATION", "ORGANIZATION_UNUSED_ACCESS", "ORGANIZATION_INTERNAL_ACCESS");
    private static final List<String> ALL_TYPES = java.util.stream.Stream.concat(ACCOUNT_TYPES.stream(), ORGANIZATION_TYPES.stream())
            .sorted().toList();
    private static final int ORGANIZATION_ANALYZERS = 5;

    private record Analyzer(String arn, String name, String type, String createdAt, JsonNode tags, JsonNode configuration) {
    }

    private final Organizations organizations;
    private final Map<Caller.AccountRegion, Map<String, Analyzer>> analyzers = new ConcurrentHashMap<>();

    AccessAnalyzerAnalyzers(MotoCalls moto) {
        this.organizations = new Organizations(moto);
    }

    @Override
    public Descriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public boolean serves(StandInRequest request) {
        return request.path().equals("/analyzer") && Set.of("GET", "PUT").contains(request.method())
                || ANALYZER_PATH.matcher(request.path()).matches() && Set.of("GET", "DELETE").contains(request.method());
    }

    @Override
    public synchronized StandInResponse answer(StandInRequest request, Caller caller) {
        Map<String, Analyzer> mine = analyzers.computeIfAbsent(caller.accountRegion(), key -> new LinkedHashMap<>());
        if (request.path().equals("/analyzer")) {
            return request.method().equals("GET") ? list(request, mine) : create(request.json(), mine, caller);
        }
        Matcher path = ANALYZER_PATH.matcher(request.path());
        path.matches();
        String name = path.group(1);
        Analyzer analyzer = mine.get(name);
        if (analyzer == null) {
            throw new AwsError(404, "ResourceNotFoundException", "Analyzer " + name + " not found.",
                    Map.of("resourceId", name, "resourceType", "AWS::AccessAnalyzer::Analyzer"));
        }
        if (request.method().equals("DELETE")) {
            mine.remove(name);
            return protocol().success("");
        }
        ObjectNode output = Json.mapper().createObjectNode();
        output.set("analyzer", summary(analyzer, true));
        return protocol().success(output.toString());
    }

    private StandInResponse list(StandInRequest request, Map<String, Analyzer> mine) {
        String type = request.query().get("type");
        if (type != null && !ACCOUNT_TYPES.contains(type) && !ORGANIZATION_TYPES.contains(type)) {
            throw validation("type", type, "Member must satisfy enum value set: " + ALL_TYPES);
        }
        List<Analyzer> matching = mine.values().stream().filter(analyzer -> type == null || analyzer.type().equals(type)).toList();
        Page<Analyzer> page;
        try {
            page = Page.of(matching, request.query().get("maxResults"), request.query().get("nextToken"), 100);
        } catch (IllegalArgumentException e) {
            throw new AwsError(400, "ValidationException", e.getMessage(), Map.of("reason", "fieldValidationFailed"));
        }
        ObjectNode output = Json.mapper().createObjectNode();
        ArrayNode list = output.putArray("analyzers");
        page.items().forEach(analyzer -> list.add(summary(analyzer, false)));
        if (page.nextToken() != null) {
            output.put("nextToken", page.nextToken());
        }
        return protocol().success(output.toString());
    }

    private StandInResponse create(JsonNode input, Map<String, Analyzer> mine, Caller caller) {
        String name = required(input, "analyzerName");
        if (!NAME.matcher(name).matches()) {
            throw validation("analyzerName", name, "Member must satisfy regular expression pattern: [A-Za-z_][A-Za-z0-9_.-]*");
        }
        String type = required(input, "type");
        boolean organizationScope = ORGANIZATION_TYPES.contains(type);
        if (!organizationScope && !ACCOUNT_TYPES.contains(type)) {
            throw validation("type", type, "Member must satisfy enum value set: " + ALL_TYPES);
        }
        if (mine.containsKey(name)) {
            throw new AwsError(409, "ConflictException", "An analyzer named " + name + " already exists.",
                    Map.of("resourceId", name, "resourceType", "AWS::AccessAnalyzer::Analyzer"));
        }
        long sameType = mine.values().stream().filter(analyzer -> analyzer.type().equals(type)).count();
        if (sameType >= (organizationScope ? ORGANIZATION_ANALYZERS : 1)) {
            throw new AwsError(402, "ServiceQuotaExceededException", organizationScope
                    ? "An organization can have at most " + ORGANIZATION_ANALYZERS + " analyzers of type " + type + " per Region."
                    : "An account can have only one analyzer of type " + type + " per Region.",
                    Map.of("resourceId", name, "resourceType", "AWS::AccessAnalyzer::Analyzer"));
        }
        if (organizationScope && !organizations.isManagementOrDelegatedAdministrator(caller, "access-analyzer.amazonaws.com")) {
            throw new AwsError(400, "ValidationException", "An analyzer with the organization as its zone of trust can be created only"
                    + " in the organization's management account or its delegated administrator account for IAM Access Analyzer.",
                    Map.of("reason", "other"));
        }
        Analyzer analyzer = new Analyzer(caller.arn("access-analyzer", "analyzer/" + name), name, type,
                Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), input.get("tags"), input.get("configuration"));
        mine.put(name, analyzer);
        return protocol().success(Json.mapper().createObjectNode().put("arn", analyzer.arn()).toString());
    }

    private static ObjectNode summary(Analyzer analyzer, boolean withConfiguration) {
        ObjectNode summary = Json.mapper().createObjectNode()
                .put("arn", analyzer.arn()).put("name", analyzer.name()).put("type", analyzer.type())
                .put("createdAt", analyzer.createdAt()).put("status", "ACTIVE");
        if (analyzer.tags() != null && analyzer.tags().isObject()) {
            summary.set("tags", analyzer.tags());
        }
        if (withConfiguration && analyzer.configuration() != null && analyzer.configuration().isObject()) {
            summary.set("configuration", analyzer.configuration());
        }
        return summary;
    }

    private static String required(JsonNode input, String member) {
        try {
            return Requests.requiredText(input, member);
        } catch (AwsError e) {
            throw new AwsError(e.status(), e.code(), e.getMessage(), Map.of("reason", "fieldValidationFailed"));
        }
    }

    private static AwsError validation(String member, String value, String constraint) {
        AwsError error = Requests.invalid(member, value, constraint);
        return new AwsError(error.status(), error.code(), error.getMessage(), Map.of("reason", "fieldValidationFailed"));
    }

    @Override
    public synchronized void reset() {
        analyzers.clear();
    }
}
