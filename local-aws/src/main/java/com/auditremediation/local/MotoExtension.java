package com.auditremediation.local;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Starts moto on a free port before a test class and stops it after; resets moto's state before each test (or starts
 * a new moto on the same port, see {@link #restartedBeforeEachTest()}), and puts a {@link FaultProxy} in front of it whose rules are cleared before each test. Register it as
 * {@code @RegisterExtension static final MotoExtension MOTO = new MotoExtension();}. Without moto, the class fails
 * with one line that says how to install it. Both endpoints answer the calls moto lacks through the stand-in
 * (docs/stand-in.md), whose state is reset with moto's.
 */
public final class MotoExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final int lambdaPort;
    private final boolean iamManagedPolicies;
    private final boolean restart;
    private MotoServer server;
    private FaultProxy proxy;
    /** Whether a test has run against this moto since it started. */
    private boolean used;
    /** Without managed policies: the requests through the proxy that named one (each fails its test). */
    private final List<String> managedPolicyRequests = new CopyOnWriteArrayList<>();

    public MotoExtension() {
        this(0);
    }

    /** {@code lambdaPort}: where moto's state machine interpreter sends Lambda tasks (its MOTO_PORT). */
    public MotoExtension(int lambdaPort) {
        this(lambdaPort, true);
    }

    private MotoExtension(int lambdaPort, boolean iamManagedPolicies) {
        this(lambdaPort, iamManagedPolicies, false);
    }

    private MotoExtension(int lambdaPort, boolean iamManagedPolicies, boolean restart) {
        this.lambdaPort = lambdaPort;
        this.iamManagedPolicies = iamManagedPolicies;
        this.restart = restart;
    }

    /**
     * With AWS managed policies, and a new moto on the same port before each test but the first instead of a reset
     * ({@link MotoServer#restart}): for classes whose tests use several accounts each. moto's reset builds every
     * account's IAM again, policies and all, before forgetting it (about 1.5 s an account), while a new moto costs about
     * as much as one account; for tests of one account or none the reset is the cheaper.
     */
    public static MotoExtension restartedBeforeEachTest() {
        return new MotoExtension(0, true, true);
    }

    /**
     * A moto without AWS managed policies, for tests that never need one: the listing and report delivery, and the
     * check tests that never run {@code iam-support-role} (the one check that reads an AWS managed policy,
     * AWSSupportAccess). With them, moto loads about 1,500 policies into the IAM of each of the six partitions of
     * every account it knows (see {@link MotoServer#start(int, boolean)}): 1.5 s an account, and memory enough that
     * 10,000 accounts exhaust the machine's; its reset builds them all once more before forgetting them. A test of such a class whose requests through the fault proxy name an AWS managed policy
     * ({@code arn:...:iam::aws:policy/...}) fails, so that no test here can pass only because the policy is missing.
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
        proxy = FaultProxy.inFrontOf(server);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (restart && used) {
            server.restart();
        } else {
            server.reset();
        }
        used = true;
        proxy.clearRules();
        if (!iamManagedPolicies) {
            managedPolicyRequests.clear();
            proxy.add(new FaultRule("records requests naming an AWS managed policy", request -> {
                if (namesAwsManagedPolicy(request)) {
                    managedPolicyRequests.add(request.call());
                }
                return false;
            }, 0, 200, "text/xml", ""));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!managedPolicyRequests.isEmpty()) {
            fail("this test's moto has no AWS managed policies (MotoExtension.withoutIamManagedPolicies()), but it was asked"
                    + " for one by " + managedPolicyRequests + ": use new MotoExtension()");
        }
    }

    private static boolean namesAwsManagedPolicy(ProxiedRequest request) {
        return request.body() != null && (request.body().contains(":iam::aws:policy/")
                || request.form().values().stream().anyMatch(value -> value.contains(":iam::aws:policy/")));
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

    /** moto, with the stand-in answering what moto lacks, and no fault rules: where tests arrange their accounts. */
    public URI endpoint() {
        return server.endpoint();
    }

    /**
     * The fault proxy in front of moto: point clients here to see the faults added with {@link #inject}. Its rules apply
     * first, then the stand-in (sharing {@link #endpoint()}'s state) answers what moto lacks, then moto.
     */
    public URI proxyEndpoint() {
        return proxy.endpoint();
    }

    public FaultRule inject(FaultRule rule) {
        return proxy.add(rule);
    }
}
