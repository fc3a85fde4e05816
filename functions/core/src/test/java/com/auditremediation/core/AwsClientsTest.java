package com.auditremediation.core;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;

class AwsClientsTest {

    @Test
    void partitionFollowsTheRegion() {
        assertThat(AwsClients.partition(Region.EU_WEST_1)).isEqualTo("aws");
        assertThat(AwsClients.partition(Region.CN_NORTH_1)).isEqualTo("aws-cn");
        assertThat(AwsClients.partition(Region.US_GOV_WEST_1)).isEqualTo("aws-us-gov");
    }
}
