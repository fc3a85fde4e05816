package com.auditremediation.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An SDK HTTP client on the JDK's {@code java.net.http.HttpClient}, for the one thing that our url-connection client
 * cannot do: send {@code PATCH} ({@code HttpURLConnection} refuses the method, aws-sdk-java-v2#2670). Security Hub's
 * {@code BatchUpdateFindings} is a PATCH, and the findings export needs it to set an existing finding's workflow; the
 * SDK still marshals, signs and parses the call, only the transport differs. AWS's own advice is the Apache or Netty
 * client, which this project does not ship (their size and start-up), and the CRT client would add 19 MB of native
 * libraries to the check function's jar (docs/cold-start.md).
 *
 * <p>Made only when first needed ({@link AwsClients#patchHttpClient()}): a sweep that updates no finding never loads
 * {@code java.net.http}. The same timeouts as the shared client (connect 5 s, 30 s for the answer), the JVM's proxy
 * settings, HTTP/1.1. Tests and the local stand-in use it too, to act as the customer who suppresses a finding.
 */
public final class JdkHttpClient implements SdkHttpClient {

    /** Headers the JDK client sets itself and refuses from callers (it derives the same Host the request was signed with). */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(AwsClients.CONNECTION_TIMEOUT)
            .proxy(ProxySelector.getDefault())
            .build();

    private JdkHttpClient() {
    }

    public static SdkHttpClient create() {
        return new JdkHttpClient();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        HttpRequest http = toJdk(request);
        return new ExecutableHttpRequest() {
            private volatile CompletableFuture<HttpResponse<InputStream>> sent;

            @Override
            public HttpExecuteResponse call() throws IOException {
                sent = client.sendAsync(http, HttpResponse.BodyHandlers.ofInputStream());
                HttpResponse<InputStream> response;
                try {
                    response = sent.get();
                } catch (InterruptedException e) {
                    sent.cancel(true);
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                }
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder().statusCode(response.statusCode()).headers(response.headers().map()).build())
                        .responseBody(AbortableInputStream.create(response.body()))
                        .build();
            }

            @Override
            public void abort() {
                CompletableFuture<HttpResponse<InputStream>> inFlight = sent;
                if (inFlight != null) {
                    inFlight.cancel(true);
                }
            }
        };
    }

    private static HttpRequest toJdk(HttpExecuteRequest request) {
        SdkHttpRequest http = request.httpRequest();
        HttpRequest.Builder builder = HttpRequest.newBuilder(http.getUri()).timeout(AwsClients.SOCKET_TIMEOUT);
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
        return builder.build();
    }

    @Override
    public String clientName() {
        return "JdkHttpClient";
    }

    @Override
    public void close() {
        // java.net.http.HttpClient closes itself when unreachable (close() exists only from Java 21)
    }
}
