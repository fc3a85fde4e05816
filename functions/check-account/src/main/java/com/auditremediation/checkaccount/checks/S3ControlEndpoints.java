package com.auditremediation.checkaccount.checks;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.services.s3control.endpoints.S3ControlEndpointParams;
import software.amazon.awssdk.services.s3control.endpoints.S3ControlEndpointProvider;

/**
 * S3 Control's endpoint rules, except in one case they get wrong for emulators. S3 Control puts the account id in
 * front of the host ({@code 123456789012.s3-control.eu-west-1.amazonaws.com}), and does so in front of an endpoint
 * override too. In front of an IP address or {@code localhost} (moto, the local run) that name cannot resolve, so
 * there the host is left as configured; the account id still travels in the {@code x-amz-account-id} header, which
 * is where moto reads it. Every other endpoint, including any override by name, is exactly what the SDK resolves.
 */
public final class S3ControlEndpoints implements S3ControlEndpointProvider {

    private static final S3ControlEndpointProvider RULES = S3ControlEndpointProvider.defaultProvider();
    private static final Pattern IP_V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private S3ControlEndpoints() {
    }

    public static S3ControlEndpointProvider create() {
        return new S3ControlEndpoints();
    }

    @Override
    public CompletableFuture<Endpoint> resolveEndpoint(S3ControlEndpointParams params) {
        return RULES.resolveEndpoint(params).thenApply(endpoint -> withoutAccountPrefix(params, endpoint));
    }

    private static Endpoint withoutAccountPrefix(S3ControlEndpointParams params, Endpoint endpoint) {
        if (params.endpoint() == null || params.accountId() == null) {
            return endpoint;
        }
        URI override = URI.create(params.endpoint());
        String host = override.getHost();
        if (host == null || !(host.equals("localhost") || host.startsWith("[") || IP_V4.matcher(host).matches())) {
            return endpoint;
        }
        // Compared as authorities: "123456789012.127.0.0.1" is no valid host name, so java.net.URI gives it no host.
        URI url = endpoint.url();
        if (!(params.accountId() + "." + override.getRawAuthority()).equals(url.getRawAuthority())) {
            return endpoint;
        }
        try {
            URI unprefixed = new URI(url.getScheme(), override.getRawAuthority(), url.getPath(), url.getQuery(), url.getFragment());
            return endpoint.toBuilder().url(unprefixed).build();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot rebuild " + url + " without its account prefix", e);
        }
    }
}
