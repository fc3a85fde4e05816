package com.auditremediation.local.standin;

import com.auditremediation.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Security Hub standards subscriptions ({@code GetEnabledStandards}, {@code BatchEnableStandards},
 * {@code BatchDisableStandards}; REST-JSON), which moto 5.2.1 lacks. Whether Security Hub is enabled stays moto's
 * (its {@code DescribeHub}, read for every call: a disabled hub is {@code InvalidAccessException}, as AWS answers).
 * {@code EnableSecurityHub} passing through the proxy subscribes the account to the two standards AWS enables by
 * default (AWS Foundational Security Best Practices v1.0.0 and CIS AWS Foundations Benchmark v1.2.0) unless it says
 * {@code EnableDefaultStandards: false}; {@code DisableSecurityHub} drops every subscription. Standards ARNs are
 * AWS's for the region and partition ({@code arn:<partition>:securityhub:<region>::standards/<name>/v/<version>},
 * CIS v1.2.0's {@code arn:<partition>:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0}); subscriptions
 * are {@code arn:<partition>:securityhub:<region>:<account>:subscription/<name>/v/<version>}. An enabled standard
 * answers {@code PENDING} and reads {@code READY} afterwards; a disabled one answers {@code DELETING} and is gone.
 */
final class SecurityHubStandards implements StandInService {

    private static final Descriptor DESCRIPTOR = new Descriptor("securityhub-standards", "securityhub", Protocol.REST_JSON_CAPITALISED,
            List.of("securityhub:GetEnabledStandards", "securityhub:BatchEnableStandards", "securityhub:BatchDisableStandards"));

    /** The standards DescribeStandards lists in the commercial regions: name and version, as their ARNs spell them. */
    private static final List<String> STANDARDS = List.of(
            "aws-foundational-security-best-practices/v/1.0.0",
            "cis-aws-foundations-benchmark/v/1.2.0",
            "cis-aws-foundations-benchmark/v/1.4.0",
            "cis-aws-foundations-benchmark/v/3.0.0",
            "cis-aws-foundations-benchmark/v/5.0.0",
            "nist-800-53/v/5.0.0",
            "pci-dss/v/3.2.1",
            "pci-dss/v/4.0.1",
            "aws-resource-tagging-standard/v/1.0.0");
    private static final List<String> DEFAULT_STANDARDS = STANDARDS.subList(0, 2);
    private static final String CIS_1_2 = "cis-aws-foundations-benchmark/v/1.2.0";

    private record Subscription(String standard, String status) {
    }

    private final SecurityHubAccount hub;
    private final Map<Caller.AccountRegion, Map<String, Subscription>> subscriptions = new ConcurrentHashMap<>();

    SecurityHubStandards(MotoCalls moto) {
        this.hub = new SecurityHubAccount(moto);
    }

    @Override
    public Descriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public boolean serves(StandInRequest request) {
        return request.method().equals("POST")
                && List.of("/standards/get", "/standards/register", "/standards/deregister").contains(request.path());
    }

    @Override
    public synchronized StandInResponse answer(StandInRequest request, Caller caller) {
        hub.requireEnabled(caller);
        JsonNode input = request.json();
        Map<String, Subscription> mine = subscriptions.computeIfAbsent(caller.accountRegion(), key -> new LinkedHashMap<>());
        ObjectNode output = Json.mapper().createObjectNode();
        ArrayNode answered = output.putArray("StandardsSubscriptions");
        switch (request.path()) {
            case "/standards/get" -> {
                List<String> wanted = texts(input.get("StandardsSubscriptionArns"));
                List<String> enabled = new ArrayList<>();
                mine.replaceAll((standard, subscription) -> new Subscription(standard, "READY"));
                mine.keySet().stream().filter(standard -> wanted.isEmpty() || wanted.contains(subscriptionArn(standard, caller)))
                        .forEach(enabled::add);
                Page<String> page;
                try {
                    page = Page.of(enabled, input.hasNonNull("MaxResults") ? input.get("MaxResults").asText() : null,
                            input.hasNonNull("NextToken") ? input.get("NextToken").asText() : null, 100);
                } catch (IllegalArgumentException e) {
                    throw new AwsError(400, "InvalidInputException", e.getMessage());
                }
                page.items().forEach(standard -> answered.add(describe(mine.get(standard), caller)));
                if (page.nextToken() != null) {
                    output.put("NextToken", page.nextToken());
                }
            }
            case "/standards/register" -> {
                for (JsonNode subscriptionRequest : requiredList(input, "StandardsSubscriptionRequests")) {
                    String standard = standardOf(Requests.requiredText(subscriptionRequest, "StandardsArn"), caller);
                    Subscription subscription = mine.computeIfAbsent(standard, key -> new Subscription(key, "PENDING"));
                    answered.add(describe(subscription, caller));
                }
            }
            default -> {
                for (JsonNode arn : requiredList(input, "StandardsSubscriptionArns")) {
                    String standard = subscribedStandard(arn.asText(), mine, caller);
                    answered.add(describe(new Subscription(standard, "DELETING"), caller));
                    mine.remove(standard);
                }
            }
        }
        return protocol().success(output.toString());
    }

    @Override
    public void observe(StandInRequest request, int status, Supplier<Caller> caller) {
        if (!request.signingName().equals(DESCRIPTOR.signingName()) || !request.path().equals("/accounts") || status / 100 != 2) {
            return;
        }
        follow(request, caller.get().accountRegion());
    }

    private synchronized void follow(StandInRequest request, Caller.AccountRegion place) {
        if (request.method().equals("POST") && !subscriptions.containsKey(place)) {
            // EnableSecurityHub of a hub that was not enabled (moto also accepts it for an enabled one, AWS does not).
            Map<String, Subscription> mine = new LinkedHashMap<>();
            JsonNode defaults = request.json().get("EnableDefaultStandards");
            if (defaults == null || defaults.asBoolean(true)) {
                DEFAULT_STANDARDS.forEach(standard -> mine.put(standard, new Subscription(standard, "READY")));
            }
            subscriptions.put(place, mine);
        } else if (request.method().equals("DELETE")) {
            subscriptions.remove(place);
        }
    }

    /** The standard ({@code pci-dss/v/3.2.1}) of a standards ARN of the caller's region and partition. */
    private static String standardOf(String standardsArn, Caller caller) {
        for (String standard : STANDARDS) {
            if (standardsArn(standard, caller).equals(standardsArn)) {
                return standard;
            }
        }
        throw new AwsError(400, "InvalidInputException", "StandardsArn " + standardsArn + " is not a valid standard in "
                + caller.region() + "; DescribeStandards lists them, for example " + standardsArn(STANDARDS.get(0), caller));
    }

    private static String subscribedStandard(String subscriptionArn, Map<String, Subscription> mine, Caller caller) {
        for (String standard : mine.keySet()) {
            if (subscriptionArn(standard, caller).equals(subscriptionArn)) {
                return standard;
            }
        }
        throw new AwsError(400, "InvalidInputException", "StandardsSubscriptionArn " + subscriptionArn
                + " is not a standard enabled in this account and Region");
    }

    static String standardsArn(String standard, Caller caller) {
        return standard.equals(CIS_1_2)
                ? "arn:" + caller.partition() + ":securityhub:::ruleset/" + standard
                : "arn:" + caller.partition() + ":securityhub:" + caller.region() + "::standards/" + standard;
    }

    private static String subscriptionArn(String standard, Caller caller) {
        return caller.arn("securityhub", "subscription/" + standard);
    }

    private static ObjectNode describe(Subscription subscription, Caller caller) {
        ObjectNode node = Json.mapper().createObjectNode()
                .put("StandardsSubscriptionArn", subscriptionArn(subscription.standard(), caller))
                .put("StandardsArn", standardsArn(subscription.standard(), caller))
                .put("StandardsStatus", subscription.status())
                .put("StandardsControlsUpdatable", subscription.status().equals("READY") ? "READY_FOR_UPDATES" : "NOT_READY_FOR_UPDATES");
        node.putObject("StandardsInput");
        return node;
    }

    private static List<String> texts(JsonNode list) {
        List<String> texts = new ArrayList<>();
        if (list != null && list.isArray()) {
            list.forEach(item -> texts.add(item.asText()));
        }
        return texts;
    }

    private static JsonNode requiredList(JsonNode input, String member) {
        JsonNode list = input.get(member);
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > 25) {
            throw new AwsError(400, "InvalidInputException", member + " must be a list of 1 to 25 items.");
        }
        return list;
    }

    @Override
    public synchronized void reset() {
        subscriptions.clear();
    }
}
