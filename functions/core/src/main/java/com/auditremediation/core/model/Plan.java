package com.auditremediation.core.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Map;

/**
 * What a run with {@code Approval: "required"} proposes to fix, made by BuildReport from the read-only sweep's
 * non-compliant results that have a fix: grouped by account (the remediation pass runs once per account), and written
 * to the report bucket as {@code plan.json} and {@code plan.html}. {@code itemCount} lets the state machine skip the
 * wait when there is nothing to approve; {@code startedAt} is the sweep's start (the files go beside the report, whose
 * folder is dated by it), {@code createdAt} when the plan was made. {@code files} and {@code deliveryWarnings} as in {@link Report}.
 */
public record Plan(
        String executionName,
        String startedAt,
        String createdAt,
        RunContext context,
        int itemCount,
        List<PlanAccount> accounts,
        Map<String, String> files,
        List<String> deliveryWarnings) {

    public Plan {
        accounts = Copies.orEmpty(accounts);
        files = Copies.orAbsent(files);
        deliveryWarnings = Copies.orAbsent(deliveryWarnings);
        itemCount = accounts.stream().mapToInt(account -> account.items().size()).sum();
    }

    /** A plan without files yet. */
    public static Plan of(String executionName, String startedAt, String createdAt, RunContext context, List<PlanAccount> accounts) {
        return new Plan(executionName, startedAt, createdAt, context, 0, accounts, null, null);
    }

    /** Every item, account by account. */
    @JsonIgnore
    public List<PlanItem> items() {
        return accounts.stream().flatMap(account -> account.items().stream()).toList();
    }

    public Plan withFiles(Map<String, String> files) {
        return new Plan(executionName, startedAt, createdAt, context, itemCount, accounts,
                files == null || files.isEmpty() ? null : files, deliveryWarnings);
    }

    public Plan withDeliveryWarnings(List<String> warnings) {
        return new Plan(executionName, startedAt, createdAt, context, itemCount, accounts, files,
                warnings == null || warnings.isEmpty() ? null : warnings);
    }
}
