package com.auditremediation.checkaccount.snapstart;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An STS endpoint in memory, for priming only: AssumeRole answers with made-up session credentials for the role
 * and session asked for, GetCallerIdentity with the assumed-role session of the last AssumeRole, as STS would.
 */
final class InMemorySts implements SdkHttpClient {

    private volatile String lastRoleArn;
    private volatile String lastSessionName = SnapStartPriming.EXECUTION_NAME;

    /** {@code partition}: the function's, from its region; a GetCallerIdentity before any AssumeRole answers in it. */
    InMemorySts(String partition) {
        this.lastRoleArn = "arn:" + partition + ":iam::" + SnapStartPriming.PRIMING_ACCOUNT_ID + ":role/snapstart-priming";
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                Map<String, String> form = form(request);
                byte[] body = answer(form).getBytes(StandardCharsets.UTF_8);
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder().statusCode(200)
                                .putHeader("Content-Type", "text/xml")
                                .putHeader("Content-Length", String.valueOf(body.length)).build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
                        .build();
            }

            @Override
            public void abort() {
            }
        };
    }

    private String answer(Map<String, String> form) {
        String action = form.getOrDefault("Action", "");
        if (action.equals("AssumeRole")) {
            lastRoleArn = form.getOrDefault("RoleArn", lastRoleArn);
            lastSessionName = form.getOrDefault("RoleSessionName", lastSessionName);
            return "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
                    + "<Credentials><AccessKeyId>ASIAPRIMINGONLY00000</AccessKeyId><SecretAccessKey>priming</SecretAccessKey>"
                    + "<SessionToken>priming</SessionToken><Expiration>" + Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS)
                    + "</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROAPRIMINGONLY00000:" + lastSessionName
                    + "</AssumedRoleId><Arn>" + assumedRoleArn() + "</Arn></AssumedRoleUser></AssumeRoleResult>"
                    + "<ResponseMetadata><RequestId>snapstart-priming</RequestId></ResponseMetadata></AssumeRoleResponse>";
        }
        return "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
                + "<Arn>" + assumedRoleArn() + "</Arn><UserId>AROAPRIMINGONLY00000:" + lastSessionName + "</UserId>"
                + "<Account>" + account() + "</Account></GetCallerIdentityResult>"
                + "<ResponseMetadata><RequestId>snapstart-priming</RequestId></ResponseMetadata></GetCallerIdentityResponse>";
    }

    /** arn:PARTITION:iam::ACCOUNT:role/NAME becomes arn:PARTITION:sts::ACCOUNT:assumed-role/NAME/SESSION. */
    private String assumedRoleArn() {
        String[] parts = lastRoleArn.split(":", 6);
        String roleName = parts[5].substring(parts[5].lastIndexOf('/') + 1);
        return "arn:" + parts[1] + ":sts::" + parts[4] + ":assumed-role/" + roleName + "/" + lastSessionName;
    }

    private String account() {
        return lastRoleArn.split(":", 6)[4];
    }

    private static Map<String, String> form(HttpExecuteRequest request) throws IOException {
        Map<String, String> form = new LinkedHashMap<>();
        Optional<ContentStreamProvider> content = request.contentStreamProvider();
        if (content.isEmpty()) {
            return form;
        }
        try (InputStream in = content.get().newStream()) {
            for (String pair : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return form;
    }

    @Override
    public String clientName() {
        return "SnapStartPrimingInMemory";
    }

    @Override
    public void close() {
    }
}
