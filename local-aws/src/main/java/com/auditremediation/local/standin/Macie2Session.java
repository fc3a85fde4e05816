package com.auditremediation.local.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A correction of moto's Amazon Macie {@code GetMacieSession} (REST-JSON): moto 5.2.1 starts every account and region
 * with Macie enabled, and answers {@code ResourceNotFoundException} once it is disabled, where AWS has Macie off until
 * {@code EnableMacie} and answers {@code AccessDeniedException} ("Macie is not enabled."); and its timestamps have
 * no time zone ({@code 2026-01-02T03:04:05.123456}), which the Java SDK cannot parse. The stand-in follows
 * {@code EnableMacie} and {@code DisableMacie} passing through the proxy; for an account and region where Macie was
 * not enabled it answers that error, otherwise it relays moto's session (status, frequency, service role) with its
 * timestamps in UTC, as moto writes them, marked so ({@code Z}).
 */
final class Macie2Session implements StandInService {

    private static final Descriptor DESCRIPTOR = new Descriptor("macie2-session", "macie2", Protocol.REST_JSON,
            List.of("macie2:GetMacieSession"));

    /** An ISO 8601 date and time without a zone or offset, as moto's Macie writes them. */
    private static final Pattern LOCAL_TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?");

    private final MotoCalls moto;
    private final Set<Caller.AccountRegion> enabled = ConcurrentHashMap.newKeySet();

    Macie2Session(MotoCalls moto) {
        this.moto = moto;
    }

    @Override
    public Descriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public boolean serves(StandInRequest request) {
        return request.method().equals("GET") && request.path().equals("/macie");
    }

    @Override
    public StandInResponse answer(StandInRequest request, Caller caller) {
        if (!enabled.contains(caller.accountRegion())) {
            throw new AwsError(403, "AccessDeniedException", "Macie is not enabled.");
        }
        MotoCalls.Answer answer = moto.restJson(caller, "macie2", "GET", "/macie", null);
        if (!answer.ok()) {
            return answer.relayed();
        }
        ObjectNode session = (ObjectNode) answer.json();
        for (String timestamp : List.of("createdAt", "updatedAt")) {
            String value = session.path(timestamp).asText("");
            if (LOCAL_TIMESTAMP.matcher(value).matches()) {
                session.put(timestamp, value + "Z");
            }
        }
        return protocol().success(session.toString());
    }

    @Override
    public void observe(StandInRequest request, int status, Supplier<Caller> caller) {
        if (!request.signingName().equals("macie2") || !request.path().equals("/macie") || status / 100 != 2) {
            return;
        }
        if (request.method().equals("POST")) {
            enabled.add(caller.get().accountRegion());
        } else if (request.method().equals("DELETE")) {
            enabled.remove(caller.get().accountRegion());
        }
    }

    @Override
    public void reset() {
        enabled.clear();
    }
}
