package com.auditremediation.checkaccount.check;

import com.auditremediation.checkaccount.session.AccountClients;
import com.auditremediation.checkaccount.session.AssumedSession;
import com.auditremediation.checkaccount.testing.RecordingAccountClients;
import com.auditremediation.checkaccount.testing.Waits;
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
    void regionsRunSideBySideAtMostAsManyAtATimeAsTheAccountHasLanesAndResultsKeepTheirOrder() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        try (CheckContext context = context(SIX_REGIONS, new RecordingAccountClients(MOTO.proxyEndpoint()), 4)) {

            List<String> results = context.inEachRegion(region -> {
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                Waits.sleep(150);
                running.decrementAndGet();
                return region.id();
            });

            assertThat(results).containsExactlyElementsOf(SIX_REGIONS.stream().map(Region::id).toList());
            assertThat(mostAtOnce.get()).isEqualTo(4);
        }
    }

    @Test
    void aFailingRegionLetsTheOthersFinishThenItsExceptionIsThrown() {
        AtomicInteger finished = new AtomicInteger();
        try (CheckContext context = context(SIX_REGIONS, new RecordingAccountClients(MOTO.proxyEndpoint()), 4)) {

            assertThatThrownBy(() -> context.inEachRegion(region -> {
                if (region.equals(Region.EU_WEST_2)) {
                    throw new IllegalStateException("boom in " + region.id());
                }
                Waits.sleep(50);
                return finished.incrementAndGet();
            })).isInstanceOf(IllegalStateException.class).hasMessage("boom in eu-west-2");

            assertThat(finished.get()).isEqualTo(5);
        }
    }

    @Test
    void clientsAskedForFromSeveralThreadsAreBuiltOncePerServiceAndRegion() {
        RecordingAccountClients clients = new RecordingAccountClients(MOTO.proxyEndpoint());
        try (CheckContext context = context(SIX_REGIONS, clients, 6)) {

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

    @Test
    void aSharedValueIsComputedOnceForTheChecksThatAskAtOnceAndItsFailureReachesEachOfThem() {
        AtomicInteger computed = new AtomicInteger();
        try (CheckContext context = context(SIX_REGIONS, new RecordingAccountClients(MOTO.proxyEndpoint()), 6)) {

            List<String> values = context.inEachRegion(region -> context.shared("report", () -> {
                Waits.sleep(100);
                return "report " + computed.incrementAndGet();
            }));
            List<String> failures = context.inEachRegion(region -> {
                try {
                    return context.shared("refused", () -> {
                        computed.incrementAndGet();
                        throw new IllegalStateException("AccessDenied");
                    });
                } catch (IllegalStateException e) {
                    return e.getMessage();
                }
            });

            assertThat(values).containsOnly("report 1").hasSize(6);
            assertThat(failures).containsOnly("AccessDenied").hasSize(6);
            assertThat(computed.get()).isEqualTo(2);
        }
    }

    private static CheckContext context(List<Region> regions, AccountClients clients, int lanes) {
        AssumedSession session = new AssumedSession("arn:aws:iam::111122223333:role/r", "s", Credentials.builder()
                .accessKeyId("ASIAEXAMPLE").secretAccessKey("secret").sessionToken("token").expiration(Instant.now()).build());
        return new CheckContext("111122223333", "r", session, "aws", Mode.AUDIT, Region.EU_WEST_1, regions, clients, Env.of(Map.of()),
                CheckLanes.of(lanes));
    }
}
