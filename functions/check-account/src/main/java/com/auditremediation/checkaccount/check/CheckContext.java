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
import java.util.concurrent.FutureTask;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * What a {@link Check} gets: the account, the role session it acts through, the sweep's mode and regions, and
 * member-account SDK clients. Clients are built on first use, shared between checks (and threads), and closed with
 * the context. Checks of one account run side by side in the account's {@link CheckLanes}, and
 * {@link #inEachRegion} runs a regional check's work in its regions in the same lanes: everything a check keeps
 * between calls must be safe to use from several threads.
 */
public final class CheckContext implements AutoCloseable {

    private final String accountId;
    private final String roleName;
    private final AssumedSession session;
    private final String partition;
    private final Mode mode;
    private final Region homeRegion;
    private final List<Region> regions;
    private final AccountClients accountClients;
    private final Env settings;
    private final CheckLanes lanes;
    // Concurrent: checks and regions ask for their clients from several threads; each client is built once.
    private final Map<String, SdkAutoCloseable> clients;
    private final Map<String, FutureTask<?>> sharedValues;
    /** False for a {@link #scoped} view: the context it came from closes the clients they share. */
    private final boolean ownsClients;

    /** {@code lanes}: the account's, created by the thread that runs the account (it holds their first lane). */
    public CheckContext(String accountId, String roleName, AssumedSession session, String partition, Mode mode,
                 Region homeRegion, List<Region> regions, AccountClients accountClients, Env settings, CheckLanes lanes) {
        this(accountId, roleName, session, partition, mode, homeRegion, regions, accountClients, settings, lanes,
                new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), true);
    }

    private CheckContext(String accountId, String roleName, AssumedSession session, String partition, Mode mode, Region homeRegion,
                         List<Region> regions, AccountClients accountClients, Env settings, CheckLanes lanes,
                         Map<String, SdkAutoCloseable> clients, Map<String, FutureTask<?>> sharedValues, boolean ownsClients) {
        this.accountId = accountId;
        this.roleName = roleName;
        this.session = session;
        this.partition = partition;
        this.mode = mode;
        this.homeRegion = homeRegion;
        this.regions = List.copyOf(regions);
        this.accountClients = accountClients;
        this.settings = settings;
        this.lanes = lanes;
        this.clients = clients;
        this.sharedValues = sharedValues;
        this.ownsClients = ownsClients;
    }

    /**
     * This context in {@code mode} over {@code regions} only, sharing its session, lanes, clients and shared values: how
     * a check runs in audit mode where an accepted risk covers its result, beside remediate mode elsewhere. Close it
     * after use; the clients stay open until this context closes.
     */
    public CheckContext scoped(Mode mode, List<Region> regions) {
        return new CheckContext(accountId, roleName, session, partition, mode, homeRegion, regions, accountClients, settings, lanes,
                clients, sharedValues, false);
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
     * A value of the account that several checks read (the IAM credential report), computed once, by the first check
     * that asks for it under {@code key}, while the others that ask meanwhile wait for it. What the computation throws
     * is thrown to every check that asks. {@code compute} must not ask for another shared value.
     */
    @SuppressWarnings("unchecked")
    public <T> T shared(String key, Supplier<T> compute) {
        FutureTask<T> created = new FutureTask<>(compute::get);
        FutureTask<T> task = (FutureTask<T>) sharedValues.putIfAbsent(key, created);
        if (task == null) {
            task = created;
            task.run();
        }
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + key, e);
        }
    }

    /**
     * {@code task} once for each of {@link #regions()}, side by side in the account's lanes (with the other checks'
     * work), with the results in the order of the regions. If a task throws, the others still finish, then the first
     * exception (in region order) is thrown; a regional check that wants a result per region catches inside its task.
     */
    public <T> List<T> inEachRegion(Function<Region, T> task) {
        return lanes.each(regions, task);
    }

    @Override
    public synchronized void close() {
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
