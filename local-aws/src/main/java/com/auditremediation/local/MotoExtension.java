package com.auditremediation.local;

import java.net.URI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Starts moto on a free port before a test class and stops it after; resets moto's state before each test, and
 * puts a {@link FaultProxy} in front of it whose rules are cleared before each test. Register it as
 * {@code @RegisterExtension static final MotoExtension MOTO = new MotoExtension();}. Without moto, the class fails
 * with one line that says how to install it.
 */
public final class MotoExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    private final int lambdaPort;
    private final boolean iamManagedPolicies;
    private MotoServer server;
    private FaultProxy proxy;

    public MotoExtension() {
        this(0);
    }

    /** {@code lambdaPort}: where moto's state machine interpreter sends Lambda tasks (its MOTO_PORT). */
    public MotoExtension(int lambdaPort) {
        this(lambdaPort, true);
    }

    private MotoExtension(int lambdaPort, boolean iamManagedPolicies) {
        this.lambdaPort = lambdaPort;
        this.iamManagedPolicies = iamManagedPolicies;
    }

    /**
     * A moto without AWS managed policies, for tests that never run a check (listing, report delivery): moto loads
     * the policies into every account Organizations creates, about 1 s and 2 MB each, and 10,000 accounts of them
     * exhaust the machine's memory.
     */
    public static MotoExtension withoutIamManagedPolicies() {
        return new MotoExtension(0, false);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        try {
            server = MotoServer.start(lambdaPort, iamManagedPolicies);
        } catch (IllegalStateException e) {
            fail(e.getMessage());
        }
        proxy = FaultProxy.start(server.endpoint());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server.reset();
        proxy.clearRules();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.close();
        }
    }

    public MotoServer server() {
        return server;
    }

    /** moto itself. */
    public URI endpoint() {
        return server.endpoint();
    }

    /** The fault proxy in front of moto: point clients here to see the faults added with {@link #inject}. */
    public URI proxyEndpoint() {
        return proxy.endpoint();
    }

    public FaultRule inject(FaultRule rule) {
        return proxy.add(rule);
    }
}
