package com.auditremediation.cli;

import com.auditremediation.core.AwsClients;
import java.net.URI;
import picocli.CommandLine.Option;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.regions.Region;

/**
 * {@code --endpoint} and {@code --region} of the commands that call AWS on a given ARN (a picocli mixin): AWS itself in
 * the ARN's region unless told otherwise, or an emulator such as moto.
 */
final class AwsEndpointOptions {

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "Endpoint of the AWS APIs this command calls, for example moto's http://127.0.0.1:5000 (default: AWS).")
    URI endpoint;

    @Option(names = "--region", paramLabel = "REGION", description = "Region of the AWS clients (default: the region in the ARN).")
    String region;

    /**
     * A client of the deployed stack's account (credentials from the SDK's default chain) in {@code --region}, else in
     * {@code arnRegion}, or of the endpoint given (moto), for example {@code client(SfnClient.builder(), arn.region())}.
     */
    <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, String arnRegion) {
        builder.httpClient(AwsClients.httpClient()).region(Region.of(region != null ? region : arnRegion));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }
}
