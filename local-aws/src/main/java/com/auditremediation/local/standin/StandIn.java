package com.auditremediation.local.standin;

import com.auditremediation.core.Json;
import com.auditremediation.core.error.InvalidInputException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operations that moto 5.2.1 lacks and our checks need, answered in front of moto at moto's own endpoint (by the
 * {@code FaultProxy}, after its fault rules and before it forwards to moto), so that the real SDK clients marshal,
 * sign and parse every call. Each family of operations is one {@link StandInService}, registered by one line below:
 * first those moto lacks, then corrections of operations moto answers wrongly (relayed to moto and put right); every
 * other request goes on to moto. State is kept per account (as moto resolves it, see {@link AccountResolver})
 * and per region (the request's credential scope), and is forgotten when moto is reset.
 * <p>Test-only admin endpoint, like moto's {@code /moto-api}: {@code GET /_standin} lists the services and their
 * operations, {@code POST /_standin/reset} forgets all state, {@code POST /_standin/<service name>} sets state no
 * API can set (see each service's {@code admin}). docs/stand-in.md describes them.
 */
public final class StandIn {

    public static final String ADMIN_PATH = "/_standin";

    private final AccountResolver accounts;
    private final List<StandInService> services;

    private StandIn(MotoCalls moto, List<StandInService> services) {
        this.accounts = new AccountResolver(moto);
        this.services = List.copyOf(services);
    }

    /** The stand-in in front of the moto at {@code moto}, with every service below. */
    public static StandIn create(URI moto) {
        MotoCalls calls = new MotoCalls(moto);
        OrganizationsDelegatedReads delegatedReads = new OrganizationsDelegatedReads(calls);
        return new StandIn(calls, List.of(
                new SsmServiceSettings(),
                new SnapshotBlockPublicAccess(),
                new ImageBlockPublicAccess(),
                new InstanceMetadataDefaults(),
                new VpcBlockPublicAccess(),
                new AccessAnalyzerAnalyzers(calls),
                new SecurityHubStandards(calls),
                new SecurityHubBatchUpdateFindings(calls),
                new ControlTowerLandingZones(calls),
                new IamPolicySimulator(calls),
                new AccountRegions(calls, delegatedReads),
                new Ec2SnapshotOwners(calls),
                new Inspector2AccountStatus(calls),
                new Macie2Session(calls),
                delegatedReads,
                new SnsEmailConfirmation(calls),

                new CloudTrailEventSelectors(calls),
                new GuardDutyDetectorFeatures(calls)));
    }

    public List<StandInService> services() {
        return services;
    }

    /** A request as the proxy received it. */
    public static StandInRequest request(String method, String rawPathAndQuery, Map<String, List<String>> headers, byte[] body) {
        return new StandInRequest(method, rawPathAndQuery, headers, body);
    }

    /** The stand-in's answer to {@code request}, or empty when moto answers it. */
    public Optional<StandInResponse> answer(StandInRequest request) {
        if (request.path().equals(ADMIN_PATH) || request.path().startsWith(ADMIN_PATH + "/")) {
            return Optional.of(admin(request));
        }
        if (!request.signed()) {
            return Optional.empty();
        }
        for (StandInService service : services) {
            if (service.descriptor().signingName().equals(request.signingName()) && service.serves(request)) {
                return Optional.of(answer(service, request));
            }
        }
        return Optional.empty();
    }

    private StandInResponse answer(StandInService service, StandInRequest request) {
        try {
            return service.answer(request, accounts.caller(request));
        } catch (AwsError e) {
            return service.protocol().error(e);
        } catch (RuntimeException e) {
            return service.protocol().error(new AwsError(500, "InternalFailure", "the local stand-in failed (" + service.name() + "): " + e));
        }
    }

    /** Called after moto answered {@code request} with {@code status}. */
    public void observe(StandInRequest request, int status) {
        if (request.path().equals("/moto-api/reset") && status / 100 == 2) {
            reset();
            return;
        }
        if (!request.signed()) {
            return;
        }
        for (StandInService service : services) {
            try {
                service.observe(request, status, () -> accounts.caller(request));
            } catch (RuntimeException e) {
                // moto has answered the caller already; what the stand-in could not learn from it is told here
                System.err.println("stand-in: " + service.name() + " could not follow " + request.method() + " " + request.path() + ": " + e);
            }
        }
    }

    /** Forgets the state of every service and the accounts of the access keys seen, as moto's reset forgets moto's. */
    public void reset() {
        accounts.forget();
        services.forEach(StandInService::reset);
    }

    private StandInResponse admin(StandInRequest request) {
        String rest = request.path().substring(ADMIN_PATH.length());
        try {
            if (rest.isEmpty() || rest.equals("/")) {
                return adminAnswer(200, describe());
            }
            if (!request.method().equals("POST")) {
                return adminAnswer(405, message("use POST " + request.path()));
            }
            if (rest.equals("/reset")) {
                reset();
                return adminAnswer(200, describe());
            }
            String name = rest.substring(1);
            for (StandInService service : services) {
                if (service.name().equals(name)) {
                    return adminAnswer(200, service.admin(request.json()));
                }
            }
            return adminAnswer(404, message("no stand-in service named '" + name + "'; GET " + ADMIN_PATH + " lists them"));
        } catch (IllegalArgumentException | InvalidInputException e) {
            return adminAnswer(400, message(e.getMessage()));
        } catch (AwsError e) {
            return adminAnswer(e.status(), message(e.getMessage()));
        } catch (RuntimeException e) {
            return adminAnswer(500, message("the local stand-in failed: " + e));
        }
    }

    private ObjectNode describe() {
        ObjectNode root = Json.mapper().createObjectNode();
        ArrayNode list = root.putArray("services");
        for (StandInService service : services) {
            ObjectNode entry = list.addObject().put("name", service.name()).put("admin", "POST " + ADMIN_PATH + "/" + service.name());
            service.descriptor().operations().forEach(entry.putArray("operations")::add);
        }
        return root;
    }

    private static ObjectNode message(String text) {
        return Json.mapper().createObjectNode().put("message", text);
    }

    private static StandInResponse adminAnswer(int status, JsonNode body) {
        return StandInResponse.of(status, "application/json", body.toString());
    }
}
