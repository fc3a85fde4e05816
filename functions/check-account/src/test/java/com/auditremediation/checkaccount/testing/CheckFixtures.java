package com.auditremediation.checkaccount.testing;

import com.auditremediation.checkaccount.check.Check;
import com.auditremediation.checkaccount.checks.CheckRegistry;
import com.auditremediation.local.MotoExtension;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.regions.Region;

/**
 * Arranges a member account for the tests that run every check, from the registry: each check's own test class
 * ({@code <CheckClass>Test}, beside it) knows how to make its setting compliant and non-compliant and how to read it,
 * through three static methods taking a {@link Fixture}:
 *
 * <pre>
 * static void arrangeCompliant(CheckFixtures.Fixture fixture)
 * static void arrangeNonCompliant(CheckFixtures.Fixture fixture)
 * static Object state(CheckFixtures.Fixture fixture)   // the setting as moto holds it, for before/after comparisons
 * </pre>
 *
 * So a new check's class, its test and its registry line are all that the every-check tests need.
 */
public final class CheckFixtures {

    /** The account to arrange, the moto it lives in (for proxy rules, where moto cannot hold a state), the regions swept. */
    public record Fixture(MemberAccount account, MotoExtension moto, List<Region> regions) {
    }

    private CheckFixtures() {
    }

    public static void arrangeCompliant(Fixture fixture) {
        CheckRegistry.create().all().forEach(check -> call(check, "arrangeCompliant", fixture));
    }

    public static void arrangeNonCompliant(Fixture fixture) {
        CheckRegistry.create().all().forEach(check -> call(check, "arrangeNonCompliant", fixture));
    }

    /** Every check's setting as moto holds it now, by check id. */
    public static Map<String, Object> state(Fixture fixture) {
        Map<String, Object> state = new LinkedHashMap<>();
        CheckRegistry.create().all().forEach(check -> state.put(check.id(), call(check, "state", fixture)));
        return state;
    }

    private static Object call(Check check, String method, Fixture fixture) {
        String testClass = check.getClass().getName() + "Test";
        Method found;
        try {
            found = Class.forName(testClass).getDeclaredMethod(method, Fixture.class);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            throw new AssertionError(testClass + " must declare static " + method + "(CheckFixtures.Fixture) for the tests"
                    + " that run every check (see CheckFixtures)", e);
        }
        found.setAccessible(true);
        try {
            return found.invoke(null, fixture);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new AssertionError(e.getCause());
        }
    }
}
