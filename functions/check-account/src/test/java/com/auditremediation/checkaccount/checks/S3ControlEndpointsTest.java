package com.auditremediation.checkaccount.checks;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3control.endpoints.S3ControlEndpointParams;

import static org.assertj.core.api.Assertions.assertThat;

class S3ControlEndpointsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "none", textBlock = """
            none                          | https://111122223333.s3-control.eu-west-1.amazonaws.com
            http://127.0.0.1:4566         | http://127.0.0.1:4566
            http://localhost:5000         | http://localhost:5000
            https://s3-control.example.com | https://111122223333.s3-control.example.com
            """, delimiter = '|')
    void theAccountPrefixIsLeftOffOnlyInFrontOfAnAddressOrLocalhost(String override, String expected) {
        S3ControlEndpointParams params = S3ControlEndpointParams.builder().region(Region.EU_WEST_1).accountId("111122223333")
                .requiresAccountId(true).useFips(false).useDualStack(false).endpoint(override).build();

        URI url = S3ControlEndpoints.create().resolveEndpoint(params).join().url();

        assertThat(url).isEqualTo(URI.create(expected));
    }
}
