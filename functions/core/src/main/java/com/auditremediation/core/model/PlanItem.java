package com.auditremediation.core.model;

import java.util.Map;

/**
 * One fix of a plan: in this account, this check (in this region, for a regional check) fails with the settings in
 * {@code before}, as read by the read-only sweep; {@code fix} says what the fix will set. After approval the fix runs
 * only if the setting still fails exactly as {@code before} says.
 */
public record PlanItem(String accountId, String accountName, String checkId, String region, Map<String, Object> before, String fix) {

    public PlanItem {
        before = Copies.orEmpty(before);
    }

    /** "ebs-default-encryption in 111122223333 (eu-west-1)": how people and logs name an item. */
    public String label() {
        return checkId + " in " + accountId + (region == null ? "" : " (" + region + ")");
    }
}
