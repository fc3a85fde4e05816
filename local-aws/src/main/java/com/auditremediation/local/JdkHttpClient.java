package com.auditremediation.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An SDK HTTP client on the JDK's {@code java.net.http.HttpClient}, for tests only: the one thing our
 * {@code url-connection-client} cannot do is send {@code PATCH} ({@code HttpURLConnection} refuses the method,
 * aws-sdk-java-v2#2670), and Security Hub's {@code BatchUpdateFindings}, which a test uses to act as the customer
 * who suppresses a finding, is a {@code PATCH}. The SDK still marshals, signs and parses the call; only the transport
 * differs. Our functions keep {@code url-connection-client} and so cannot call PATCH operations on AWS at all.
 */
public final class JdkHttpClient implements SdkHttpClient {

    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private JdkHttpClient() {
    }

    public static SdkHttpClient create() {
        return new JdkHttpClient();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                return send(request);
            }

            @Override
            public void abort() {
                // each call waits for its answer; nothing to abort
            }
        };
    }

    private HttpExecuteResponse send(HttpExecuteRequest request) throws IOException {
        SdkHttpRequest http = request.httpRequest();
        HttpRequest.Builder builder = HttpRequest.newBuilder(http.getUri()).timeout(Duration.ofSeconds(60));
        http.forEachHeader((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        byte[] body = request.contentStreamProvider().map(provider -> {
            try (InputStream in = provider.newStream()) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).orElse(new byte[0]);
        builder.method(http.method().name(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<InputStream> response;
        try {
            response = client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return HttpExecuteResponse.builder()
                .response(SdkHttpResponse.builder().statusCode(response.statusCode()).headers(response.headers().map()).build())
                .responseBody(AbortableInputStream.create(response.body()))
                .build();
    }

    @Override
    public String clientName() {
        return "JdkHttpClient";
    }

    @Override
    public void close() {
        // the JDK client needs no closing on Java 17
    }
}
