package com.auditremediation.checkaccount;

import com.auditremediation.core.model.Mode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * What a {@link Check} gets: the account, the role session it acts through, the sweep's mode and regions, and
 * member-account SDK clients. Clients are built on first use, shared between checks, and closed with the context.
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
    private final Map<String, SdkAutoCloseable> clients = new LinkedHashMap<>();

    CheckContext(String accountId, String roleName, AssumedSession session, String partition, Mode mode,
                 Region homeRegion, List<Region> regions, AccountClients accountClients) {
        this.accountId = accountId;
        this.roleName = roleName;
        this.session = session;
        this.partition = partition;
        this.mode = mode;
        this.homeRegion = homeRegion;
        this.regions = List.copyOf(regions);
        this.accountClients = accountClients;
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
        SdkAutoCloseable client = clients.get(key);
        if (client == null) {
            client = accountClients.build(builder, session.credentialsProvider(), region);
            clients.put(key, client);
        }
        return (C) client;
    }

    @Override
    public void close() {
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
