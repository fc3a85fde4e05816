package com.auditremediation.core.model;

import java.util.Map;

/**
 * A setting that an AWS Organizations declarative policy manages. EC2 reports it on its account attributes (snapshot
 * and AMI block public access, the instance metadata defaults) as {@code ManagedBy: declarative-policy}; the member
 * account cannot change such a setting (EC2 refuses it), only the policy in the organisation's management account can.
 *
 * <p>A check that finds such a setting failing reports it {@code NON_COMPLIANT} with {@code ManagedBy} in
 * {@code before}, and fixes nothing; by that entry the plan of a run that waits for approval leaves the result out (no
 * approval can make the member account change it) and the Security Hub finding does not offer remediate mode.
 */
public final class DeclarativePolicy {

    /** The evidence name, as EC2's API names the attribute's manager. */
    public static final String MANAGED_BY = "ManagedBy";
    /** EC2's value of {@link #MANAGED_BY} for a setting that a declarative policy manages. */
    public static final String MANAGED_BY_POLICY = "declarative-policy";

    private DeclarativePolicy() {
    }

    /** True when {@code result} fails only because of a setting that a declarative policy manages: nothing to fix here. */
    public static boolean manages(CheckResult result) {
        return result != null && manages(result.before());
    }

    /** True when {@code before} (a result's failing settings) says a declarative policy manages them. */
    public static boolean manages(Map<String, Object> before) {
        return before != null && MANAGED_BY_POLICY.equals(before.get(MANAGED_BY));
    }
}
