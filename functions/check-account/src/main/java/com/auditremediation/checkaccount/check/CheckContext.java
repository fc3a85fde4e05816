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
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
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
    private final Map<String, SdkAutoCloseable> clients = new ConcurrentHashMap<>();
    private final Map<String, Object> shared = new ConcurrentHashMap<>();
    private ExecutorService regionPool;

    public CheckContext(String accountId, String roleName, AssumedSession session, String partition, Mode mode,
                 Region homeRegion, List<Region> regions, AccountClients accountClients, Env settings) {
        this.accountId = accountId;
        this.roleName = roleName;
        this.session = session;
        this.partition = partition;
        this.mode = mode;
        this.homeRegion = homeRegion;
        this.regions = List.copyOf(regions);
        this.accountClients = accountClients;
        this.settings = settings;
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
     * What {@code read} returns, read once for this account and shared by every check that asks with the same
     * {@code key} (the IAM credential report, read by three checks). A read that throws keeps nothing, so the next
     * check that asks reads again.
     */
    @SuppressWarnings("unchecked")
    public <T> T shared(String key, Supplier<T> read) {
        return (T) shared.computeIfAbsent(key, k -> read.get());
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
