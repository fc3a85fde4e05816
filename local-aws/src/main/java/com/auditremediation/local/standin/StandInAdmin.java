package com.auditremediation.local.standin;

import com.auditremediation.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The stand-in's test-only admin endpoint from Java, for tests and the local demo: sets what no API of a member
 * account can set, such as an EC2 account attribute managed by an organisation's declarative policy, or a landing
 * zone's drift. {@code endpoint} is any endpoint that has the stand-in ({@code MotoServer.endpoint()}, a
 * {@code FaultProxy} with one); the same requests work with curl, see docs/stand-in.md.
 */
public final class StandInAdmin {

    public static final String SNAPSHOT_BLOCK_PUBLIC_ACCESS = "ec2-snapshot-block-public-access";
    public static final String IMAGE_BLOCK_PUBLIC_ACCESS = "ec2-image-block-public-access";
    public static final String INSTANCE_METADATA_DEFAULTS = "ec2-instance-metadata-defaults";
    public static final String VPC_BLOCK_PUBLIC_ACCESS = "ec2-vpc-block-public-access";
    public static final String LANDING_ZONES = "controltower-landing-zones";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI endpoint;

    private StandInAdmin(URI endpoint) {
        this.endpoint = endpoint;
    }

    public static StandInAdmin at(URI endpoint) {
        return new StandInAdmin(endpoint);
    }

    /**
     * Sets an EC2 account attribute ({@link #SNAPSHOT_BLOCK_PUBLIC_ACCESS} and the others) in one account and region
     * as an organisation's declarative policy does: {@code ManagedBy} then reads {@code declarative-policy} and the
     * account's own changes are refused. {@code attribute} holds the attribute's fields, for example
     * {@code Map.of("state", "block-all-sharing")}.
     */
    public JsonNode manageByDeclarativePolicy(String service, String accountId, String region, Map<String, ?> attribute) {
        return manage(service, accountId, region, "declarative-policy", attribute);
    }

    /** Returns an EC2 account attribute to the account's own management, with {@code attribute} as its value. */
    public JsonNode manageByAccount(String service, String accountId, String region, Map<String, ?> attribute) {
        return manage(service, accountId, region, "account", attribute);
    }

    private JsonNode manage(String service, String accountId, String region, String managedBy, Map<String, ?> attribute) {
        ObjectNode body = Json.mapper().valueToTree(attribute);
        body.put("accountId", accountId).put("region", region).put("managedBy", managedBy);
        return post("/" + service, body);
    }

    /** Sets the landing zone of {@code managementAccountId}: {@code status} and {@code driftStatus}, either may be null. */
    public JsonNode landingZone(String managementAccountId, String status, String driftStatus) {
        ObjectNode body = Json.mapper().createObjectNode().put("accountId", managementAccountId);
        if (status != null) {
            body.put("status", status);
        }
        if (driftStatus != null) {
            body.put("driftStatus", driftStatus);
        }
        return post("/" + LANDING_ZONES, body);
    }

    /** Confirms the email subscription of {@code endpoint} to {@code topicArn}, as the person following AWS's link does. */
    public JsonNode confirmSubscription(String topicArn, String endpoint) {
        return post("/sns-email-confirmation", Json.mapper().createObjectNode().put("topicArn", topicArn).put("endpoint", endpoint));
    }

    /** Sets the opt-in status of {@code region} in {@code accountId}: {@code ENABLED} or {@code DISABLED}. */
    public JsonNode regionOptStatus(String accountId, String region, String status) {
        return post("/account-regions", Json.mapper().createObjectNode().put("accountId", accountId).put("region", region).put("status", status));
    }

    /** The services the stand-in has and their operations ({@code GET /_standin}). */
    public JsonNode services() {
        return send(HttpRequest.newBuilder(endpoint.resolve(StandIn.ADMIN_PATH)).GET());
    }

    /** Forgets all of the stand-in's state (moto's stays). */
    public void reset() {
        post("/reset", Json.mapper().createObjectNode());
    }

    private JsonNode post(String path, JsonNode body) {
        return send(HttpRequest.newBuilder(endpoint.resolve(StandIn.ADMIN_PATH + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private static JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = Json.mapper().readTree(response.body());
            if (response.statusCode() != 200) {
                throw new IllegalArgumentException("the stand-in's admin endpoint answered " + response.statusCode() + ": "
                        + answer.path("message").asText(response.body()));
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling the stand-in's admin endpoint", e);
        }
    }
}
