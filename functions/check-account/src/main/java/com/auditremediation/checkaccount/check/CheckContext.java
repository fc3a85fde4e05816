package com.auditremediation.checkaccount.check;

import com.auditremediation.checkaccount.session.AccountClients;
import com.auditremediation.checkaccount.session.AssumedSession;
import com.auditremediation.core.Env;
import com.auditremediation.core.model.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * What a {@link Check} gets: the account, the role session it acts through, the sweep's mode and regions, and
 * member-account SDK clients. Clients are built on first use, shared between checks (and threads), and closed with
 * the context. {@link #inEachRegion} runs a regional check's work in its regions concurrently, with a bound.
 */
public final class CheckContext implements AutoCloseable {

    /** Regions checked at once in one invocation: enough to overlap the calls' latency, few enough not to throttle. */
    static final int MAX_CONCURRENT_REGIONS = 4;

    private final String accountId;
    private final String roleName;
    private final AssumedSession session;
    private final String partition;
    private final Mode mode;
    private final Region homeRegion;
    private final List<Region> regions;
    private final AccountClients accountClients;
    private final Env settings;
    // Concurrent: regional checks ask for their clients from several threads; each client is built once.
    private final Map<String, SdkAutoCloseable> clients;
    /** False for a {@link #scoped} view: the context it came from closes the clients they share. */
    private final boolean ownsClients;
    private ExecutorService regionPool;

    public CheckContext(String accountId, String roleName, AssumedSession session, String partition, Mode mode,
                 Region homeRegion, List<Region> regions, AccountClients accountClients, Env settings) {
        this(accountId, roleName, session, partition, mode, homeRegion, regions, accountClients, settings, new ConcurrentHashMap<>(), true);
    }

    private CheckContext(String accountId, String roleName, AssumedSession session, String partition, Mode mode, Region homeRegion,
                         List<Region> regions, AccountClients accountClients, Env settings, Map<String, SdkAutoCloseable> clients,
                         boolean ownsClients) {
        this.accountId = accountId;
        this.roleName = roleName;
        this.session = session;
        this.partition = partition;
        this.mode = mode;
        this.homeRegion = homeRegion;
        this.regions = List.copyOf(regions);
        this.accountClients = accountClients;
        this.settings = settings;
        this.clients = clients;
        this.ownsClients = ownsClients;
    }

    /**
     * This context in {@code mode} over {@code regions} only, sharing its session and clients: how a check runs in
     * audit mode where an accepted risk covers its result, beside remediate mode elsewhere. Close it after use; the
     * clients stay open until this context closes.
     */
    public CheckContext scoped(Mode mode, List<Region> regions) {
        return new CheckContext(accountId, roleName, session, partition, mode, homeRegion, regions, accountClients, settings, clients, false);
    }

    /**
     * A setting of the function, by environment variable name (for example {@code SECURITY_CONTACT_EMAIL}, from the
     * template's SecurityContactEmail): the value, or "" when it is not set.
     */
    public String setting(String name) {
        return settings.get(name, "").trim();
    }

    public String accountId() {
        return accountId;
    }

    public String roleName() {
        return roleName;
    }

    public String roleArn() {
        return session.roleArn();
    }

    public String sessionName() {
        return session.sessionName();
    }

    /** {@code aws}, {@code aws-cn} or {@code aws-us-gov}: start every ARN from it. */
    public String partition() {
        return partition;
    }

    public Mode mode() {
        return mode;
    }

    /** The function's own region: use it for global services (IAM, STS, S3 Control's account settings). */
    public Region homeRegion() {
        return homeRegion;
    }

    /** The regions a regional check covers: the sweep's {@code Regions}, or the home region when none were given. */
    public List<Region> regions() {
        return regions;
    }

    /** A client acting in the member account in {@code region}, for example {@code client(IamClient.builder(), homeRegion())}. */
    @SuppressWarnings("unchecked")
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkAutoCloseable> C client(B builder, Region region) {
        String key = builder.getClass().getName() + "@" + region.id();
        return (C) clients.computeIfAbsent(key, k -> (SdkAutoCloseable) accountClients.build(builder, session.credentialsProvider(), region));
    }

    /**
     * A client acting in the member account in {@code region} over {@code http} rather than the shared url-connection
     * client: for the calls that it cannot send (Security Hub's BatchUpdateFindings is a PATCH). Built on first use,
     * closed with the context, as {@link #client(AwsClientBuilder, Region)}.
     */
    @SuppressWarnings("unchecked")
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkAutoCloseable> C client(B builder, SdkHttpClient http,
                                                                                                              Region region) {
        String key = builder.getClass().getName() + "@" + region.id() + "/" + http.clientName();
        return (C) clients.computeIfAbsent(key, k -> (SdkAutoCloseable) accountClients.build(builder, http, session.credentialsProvider(), region));
    }

    /**
     * {@code task} once for each of {@link #regions()}, at most {@link #MAX_CONCURRENT_REGIONS} at a time, with the
     * results in the order of the regions. If a task throws, the others still finish, then the first exception (in
     * region order) is thrown; a regional check that wants a result per region catches inside its task.
     */
    public <T> List<T> inEachRegion(Function<Region, T> task) {
        if (regions.size() == 1) {
            return List.of(task.apply(regions.get(0)));
        }
        ExecutorService pool = regionPool();
        List<Future<T>> futures = new ArrayList<>();
        for (Region region : regions) {
            futures.add(pool.submit(() -> task.apply(region)));
        }
        List<T> results = new ArrayList<>();
        RuntimeException failure = null;
        for (Future<T> future : futures) {
            try {
                results.add(future.get());
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while checking regions", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }

    private synchronized ExecutorService regionPool() {
        if (regionPool == null) {
            AtomicInteger count = new AtomicInteger();
            regionPool = Executors.newFixedThreadPool(Math.min(regions.size(), MAX_CONCURRENT_REGIONS), runnable -> {
                Thread thread = new Thread(runnable, "check-region-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }
        return regionPool;
    }

    @Override
    public synchronized void close() {
        if (regionPool != null) {
            regionPool.shutdownNow();
            regionPool = null;
        }
        if (!ownsClients) {
            return;
        }
        List<RuntimeException> failures = new ArrayList<>();
        for (SdkAutoCloseable client : clients.values()) {
            try {
                client.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        clients.clear();
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }
}
