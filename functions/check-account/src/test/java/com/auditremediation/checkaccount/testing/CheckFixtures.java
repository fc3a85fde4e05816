package com.auditremediation.checkaccount.testing;

import com.auditremediation.checkaccount.check.Check;
import com.auditremediation.checkaccount.checks.CheckRegistry;
import com.auditremediation.local.MotoExtension;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.regions.Region;

/**
 * Arranges a member account for the tests that run every check, from the registry: each check's own test class
 * ({@code <CheckClass>Test}, beside it) implements {@link CheckArrangement}. So a new check's class, its test and its
 * registry line are all that the every-check tests need.
 */
public final class CheckFixtures {

    /** The account to arrange, the moto it lives in (for proxy rules, where moto cannot hold a state), the regions swept. */
    public record Fixture(MemberAccount account, MotoExtension moto, List<Region> regions) {
    }

    private CheckFixtures() {
    }

    public static void arrangeCompliant(Fixture fixture) {
        CheckRegistry.create().all().forEach(check -> arrangement(check).arrangeCompliant(fixture));
    }

    public static void arrangeNonCompliant(Fixture fixture) {
        CheckRegistry.create().all().forEach(check -> arrangement(check).arrangeNonCompliant(fixture));
    }

    /** Only the named check's setting made non-compliant: for a test about that check alone. */
    public static void arrangeNonCompliant(Fixture fixture, String checkId) {
        arrangement(CheckRegistry.create().get(checkId)).arrangeNonCompliant(fixture);
    }

    /** Every check's setting as moto holds it now, by check id. */
    public static Map<String, Object> state(Fixture fixture) {
        Map<String, Object> state = new LinkedHashMap<>();
        CheckRegistry.create().all().forEach(check -> state.put(check.id(), arrangement(check).state(fixture)));
        return state;
    }

    /** The check's test class, found by name, as its arrangement: a new instance, as JUnit would make it. */
    private static CheckArrangement arrangement(Check check) {
        String testClass = check.getClass().getName() + "Test";
        Class<?> found;
        try {
            found = Class.forName(testClass);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("every check has a test class beside it: " + testClass + " is missing", e);
        }
        if (!CheckArrangement.class.isAssignableFrom(found)) {
            throw new AssertionError(testClass + " must implement CheckArrangement for the tests that run every check");
        }
        try {
            Constructor<?> constructor = found.getDeclaredConstructor();
            constructor.setAccessible(true);
            return (CheckArrangement) constructor.newInstance();
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new AssertionError(testClass + " needs a constructor without arguments, as JUnit does", e);
        } catch (InvocationTargetException e) {
            throw new AssertionError(e.getCause());
        }
    }
}
