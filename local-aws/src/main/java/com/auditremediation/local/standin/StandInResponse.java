package com.auditremediation.local.standin;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the stand-in answers instead of moto: status, content type, extra headers and body. */
public record StandInResponse(int status, String contentType, Map<String, String> headers, byte[] body) {

    public StandInResponse {
        headers = Map.copyOf(headers);
    }

    static StandInResponse of(int status, String contentType, String body) {
        return new StandInResponse(status, contentType, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    StandInResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new StandInResponse(status, contentType, more, body);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
