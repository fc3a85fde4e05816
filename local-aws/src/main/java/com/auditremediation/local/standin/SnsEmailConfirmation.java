package com.auditremediation.local.standin;

import com.auditremediation.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A correction of moto's SNS (query protocol) for subscriptions that a person must confirm: moto 5.2.1 confirms an
 * {@code email} or {@code email-json} subscription at once, where AWS sends the address a confirmation message and
 * keeps the subscription pending until its link is followed: {@code Subscribe} answers {@code pending confirmation},
 * and {@code ListSubscriptionsByTopic} and {@code ListSubscriptions} list it with the {@code SubscriptionArn}
 * {@code PendingConfirmation}. The stand-in relays {@code Subscribe} to moto, remembers the subscription as pending and
 * rewrites the listings until it is confirmed: {@code POST /_standin/sns-email-confirmation} with {@code topicArn} and
 * {@code endpoint} (the address) stands for the person following the link.
 */
final class SnsEmailConfirmation implements StandInService {

    private static final Descriptor DESCRIPTOR = new Descriptor("sns-email-confirmation", "sns", Protocol.query(),
            List.of("sns:Subscribe", "sns:ListSubscriptionsByTopic", "sns:ListSubscriptions"));
    private static final String NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";
    private static final Pattern SUBSCRIPTION_ARN = Pattern.compile("<SubscriptionArn>([^<]+)</SubscriptionArn>");

    private record Pending(String topicArn, String endpoint) {
    }

    private final MotoCalls moto;
    /** Subscription ARN (as moto made it) to what it subscribes. */
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    SnsEmailConfirmation(MotoCalls moto) {
        this.moto = moto;
    }

    @Override
    public Descriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public boolean serves(StandInRequest request) {
        String action = request.action();
        return (action.equals("Subscribe") && List.of("email", "email-json").contains(request.form().getOrDefault("Protocol", "")))
                || action.equals("ListSubscriptionsByTopic") || action.equals("ListSubscriptions");
    }

    @Override
    public StandInResponse answer(StandInRequest request, Caller caller) {
        MotoCalls.Answer answer = moto.query(caller, "sns", request.bodyText());
        if (!answer.ok()) {
            return answer.relayed();
        }
        if (request.action().equals("Subscribe")) {
            Matcher arn = SUBSCRIPTION_ARN.matcher(answer.body());
            if (arn.find()) {
                pending.putIfAbsent(arn.group(1), new Pending(request.form().get("TopicArn"), request.form().get("Endpoint")));
                if (pending.containsKey(arn.group(1))) {
                    return protocol().success(Protocol.queryResponse(NAMESPACE, "Subscribe",
                            Xml.elements().element("SubscriptionArn", "pending confirmation").toString()));
                }
            }
            return answer.relayed();
        }
        String body = answer.body();
        for (String arn : pending.keySet()) {
            body = body.replace("<SubscriptionArn>" + arn + "</SubscriptionArn>", "<SubscriptionArn>PendingConfirmation</SubscriptionArn>");
        }
        return protocol().success(body);
    }

    @Override
    public JsonNode admin(JsonNode body) {
        String topicArn = AdminInput.text(body, "topicArn");
        String endpoint = AdminInput.text(body, "endpoint");
        boolean confirmed = pending.entrySet().removeIf(entry -> entry.getValue().equals(new Pending(topicArn, endpoint)));
        if (!confirmed) {
            throw new IllegalArgumentException("fields 'topicArn' and 'endpoint': no subscription of " + endpoint + " to " + topicArn
                    + " is pending confirmation");
        }
        return Json.mapper().createObjectNode().put("topicArn", topicArn).put("endpoint", endpoint).put("confirmed", true);
    }

    @Override
    public void reset() {
        pending.clear();
    }
}
