package com.auditremediation.checkaccount.check;

import com.auditremediation.checkaccount.session.AccountClients;
import com.auditremediation.checkaccount.session.AssumedSession;
import com.auditremediation.checkaccount.testing.RecordingAccountClients;
import com.auditremediation.core.Env;
import com.auditremediation.core.model.Mode;
import com.auditremediation.local.MotoExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.sts.model.Credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckContextTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final List<Region> SIX_REGIONS = List.of(Region.EU_WEST_1, Region.EU_WEST_2, Region.EU_CENTRAL_1,
            Region.US_EAST_1, Region.US_EAST_2, Region.US_WEST_2);

    @Test
    void regionsRunConcurrentlyButAtMostFourAtATimeAndResultsKeepTheirOrder() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        try (CheckContext context = context(SIX_REGIONS, new RecordingAccountClients(MOTO.proxyEndpoint()))) {

            List<String> results = context.inEachRegion(region -> {
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                sleep(150);
                running.decrementAndGet();
                return region.id();
            });

            assertThat(results).containsExactlyElementsOf(SIX_REGIONS.stream().map(Region::id).toList());
            assertThat(mostAtOnce.get()).isEqualTo(CheckContext.MAX_CONCURRENT_REGIONS);
        }
    }

    @Test
    void aFailingRegionLetsTheOthersFinishThenItsExceptionIsThrown() {
        AtomicInteger finished = new AtomicInteger();
        try (CheckContext context = context(SIX_REGIONS, new RecordingAccountClients(MOTO.proxyEndpoint()))) {

            assertThatThrownBy(() -> context.inEachRegion(region -> {
                if (region.equals(Region.EU_WEST_2)) {
                    throw new IllegalStateException("boom in " + region.id());
                }
                sleep(50);
                return finished.incrementAndGet();
            })).isInstanceOf(IllegalStateException.class).hasMessage("boom in eu-west-2");

            assertThat(finished.get()).isEqualTo(5);
        }
    }

    @Test
    void clientsAskedForFromSeveralThreadsAreBuiltOncePerServiceAndRegion() {
        RecordingAccountClients clients = new RecordingAccountClients(MOTO.proxyEndpoint());
        try (CheckContext context = context(SIX_REGIONS, clients)) {

            List<Ec2Client> built = context.inEachRegion(region -> {
                Ec2Client first = context.client(Ec2Client.builder(), region);
                Ec2Client again = context.client(Ec2Client.builder(), region);
                assertThat(again).isSameAs(first);
                return first;
            });

            assertThat(built).doesNotHaveDuplicates();
            assertThat(clients.regions()).containsExactlyInAnyOrderElementsOf(SIX_REGIONS);
        }
    }

    private static CheckContext context(List<Region> regions, AccountClients clients) {
        AssumedSession session = new AssumedSession("arn:aws:iam::111122223333:role/r", "s", Credentials.builder()
                .accessKeyId("ASIAEXAMPLE").secretAccessKey("secret").sessionToken("token").expiration(Instant.now()).build());
        return new CheckContext("111122223333", "r", session, "aws", Mode.AUDIT, Region.EU_WEST_1, regions, clients, Env.of(Map.of()));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
