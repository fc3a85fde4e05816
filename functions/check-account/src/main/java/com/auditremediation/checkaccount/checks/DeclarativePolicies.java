package com.auditremediation.checkaccount.checks;

import com.auditremediation.core.model.DeclarativePolicy;
import java.util.Map;

/**
 * What the checks of EC2 account attributes say and do when an AWS Organizations declarative policy manages the
 * attribute ({@code ManagedBy: declarative-policy}): EC2 refuses every change from the member account, so the result
 * is {@code NON_COMPLIANT} with {@code ManagedBy} in its evidence (by which the plan leaves it out,
 * {@link DeclarativePolicy}), its detail names the policy's attribute to change in the management account, and
 * remediate mode writes nothing ({@code SettingCheck.cannotFix}).
 */
final class DeclarativePolicies {

    /** Why remediate mode leaves such a setting alone (after "not fixed: "). */
    static final String CANNOT_FIX = "the member account cannot change a setting that a declarative policy manages";

    private DeclarativePolicies() {
    }

    /** Adds {@code ManagedBy: declarative-policy} to {@code failing} when {@code byPolicy}; returns {@code failing}. */
    static Map<String, Object> managedBy(Map<String, Object> failing, boolean byPolicy) {
        if (byPolicy) {
            failing.put(DeclarativePolicy.MANAGED_BY, DeclarativePolicy.MANAGED_BY_POLICY);
        }
        return failing;
    }

    /**
     * What is wrong: {@code found} (for example "block public access for EBS snapshots is unblocked"), then what to
     * do: {@code accountFix} in the member account, or, when {@code failing} says a declarative policy manages the
     * setting, {@code policyFix} in that policy (for example "set snapshot_block_public_access.state to
     * block_all_sharing").
     */
    static String problem(String found, String accountFix, Map<String, Object> failing, String policyFix) {
        if (!DeclarativePolicy.manages(failing)) {
            return found + "; " + accountFix;
        }
        return found + ", as an AWS Organizations declarative policy sets it (ManagedBy declarative-policy): " + policyFix
                + " in the EC2 declarative policy, in the organisation's management account";
    }
}
