package com.auditremediation.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.AccessDeniedException;
import software.amazon.awssdk.services.organizations.model.TooManyRequestsException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultProxyTest {

    @RegisterExtension
    static final MotoExtension MOTO = new MotoExtension();

    @Test
    void assumeRoleIntoADeniedAccountFailsAsAwsDoesAndOthersPassThrough() {
        FaultRule denied = MOTO.inject(FaultRule.stsAccessDenied("111111111111"));
        try (StsClient sts = LocalClients.build(StsClient.builder(), MOTO.proxyEndpoint(), Region.US_EAST_1)) {

            assertThatThrownBy(() -> sts.assumeRole(r -> r.roleArn("arn:aws:iam::111111111111:role/x").roleSessionName("s")))
                    .isInstanceOfSatisfying(StsException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                    });
            var credentials = sts.assumeRole(r -> r.roleArn("arn:aws:iam::222222222222:role/x").roleSessionName("s")).credentials();

            assertThat(credentials.accessKeyId()).isNotBlank();
            assertThat(denied.hits()).isEqualTo(1);
        }
    }

    @Test
    void organizationsThrottlingIsSpentThenRequestsPass() {
        try (OrganizationsClient direct = LocalClients.build(OrganizationsClient.builder(), MOTO.endpoint(), Region.US_EAST_1)) {
            direct.createOrganization(r -> r.featureSet("ALL"));
        }
        FaultRule throttled = MOTO.inject(FaultRule.organizationsThrottling("ListAccounts", 1));
        try (OrganizationsClient orgs = OrganizationsClient.builder()
                .httpClient(com.auditremediation.core.AwsClients.httpClient())
                .endpointOverride(MOTO.proxyEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(LocalClients.DUMMY_CREDENTIALS)
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
                .build()) {

            assertThatThrownBy(orgs::listAccounts).isInstanceOf(TooManyRequestsException.class);
            assertThat(orgs.listAccounts().accounts()).hasSize(1);
            assertThat(throttled.hits()).isEqualTo(1);

            MOTO.inject(FaultRule.organizationsAccessDenied());
            assertThatThrownBy(orgs::describeOrganization).isInstanceOf(AccessDeniedException.class);
        }
    }
}
