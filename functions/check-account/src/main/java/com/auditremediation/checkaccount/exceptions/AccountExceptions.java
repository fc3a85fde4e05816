package com.auditremediation.checkaccount.exceptions;

import com.auditremediation.checkaccount.check.Check;
import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.findings.FindingsExporter;
import com.auditremediation.checkaccount.findings.HubState;
import com.auditremediation.core.JsonLog;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.model.AcceptedRisk;
import com.auditremediation.core.model.AccountItem;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.ExceptionRule;
import com.auditremediation.core.model.Mode;
import com.auditremediation.core.model.PlanItem;
import com.auditremediation.core.model.RunContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import software.amazon.awssdk.regions.Region;

/**
 * The accepted risks of one account in one sweep: the exceptions file's rules that cover it (those for every account,
 * and those its Map item names: see {@link ExceptionRule}) and the suppressions that people set in its Security Hub
 * ({@link HubState}, read before any check runs). First the file, then Security Hub: an entry has an owner and an
 * expiry, a suppression only a note.
 *
 * <ul>
 *   <li>{@link #run}: a check in remediate mode runs in audit mode wherever an accepted risk covers its result, so that
 *       nothing covered is ever written; also where Security Hub's suppressions could not be read, since one of them
 *       might cover it.</li>
 *   <li>{@link #heldBack}: the same for an item of an approved plan (a suppression may have been set since the plan).</li>
 *   <li>{@link #mark}: every NON_COMPLIANT result that an accepted risk covers carries it ({@code exception}).</li>
 * </ul>
 */
public final class AccountExceptions {

    private final String accountId;
    private final List<ExceptionRule> rules;
    private final HubState hub;
    private final Region homeRegion;
    private final Function<String, CheckDescriptor> descriptors;

    private AccountExceptions(String accountId, List<ExceptionRule> rules, HubState hub, Region homeRegion,
                              Function<String, CheckDescriptor> descriptors) {
        this.accountId = accountId;
        this.rules = rules;
        this.hub = hub;
        this.homeRegion = homeRegion;
        this.descriptors = descriptors;
    }

    /**
     * The rules of {@code run} that cover {@code account}; an account naming a rule that the context does not hold is
     * INVALID_INPUT (the listing and the context must come from the same ListAccounts).
     */
    public static List<ExceptionRule> rulesFor(AccountItem account, RunContext run) {
        List<ExceptionRule> all = run.exceptionRules();
        List<ExceptionRule> covering = new ArrayList<>();
        all.stream().filter(rule -> Boolean.TRUE.equals(rule.allAccounts())).forEach(covering::add);
        List<Integer> positions = account.exceptions() == null ? List.of() : account.exceptions();
        for (int i = 0; i < positions.size(); i++) {
            Integer position = positions.get(i);
            if (position == null || position < 0 || position >= all.size()) {
                throw new InvalidInputException("account.exceptions[" + i + "]", position + " is not a position in context.exceptions ("
                        + all.size() + " rules); pass the account and the context from the same listing, as the state machine does");
            }
            covering.add(all.get(position));
        }
        return List.copyOf(covering);
    }

    /**
     * The account's accepted risks: {@code rules} (from {@link #rulesFor}) and what its Security Hub says in the regions
     * where the results of {@code checks} will land, read now through {@code findings} (nothing when the export is off).
     */
    public static AccountExceptions read(CheckContext context, List<ExceptionRule> rules, Map<Region, List<CheckDescriptor>> checks,
                                         FindingsExporter findings, Function<String, CheckDescriptor> descriptors) {
        HubState hub = findings.read(context, checks);
        return new AccountExceptions(context.accountId(), rules, hub, context.homeRegion(), descriptors);
    }

    /** Where each check's results land: a regional check in each of {@code regions}, a global one in the home region. */
    public static Map<Region, List<CheckDescriptor>> regionsOf(List<Check> checks, List<Region> regions, Region homeRegion) {
        Map<Region, List<CheckDescriptor>> byRegion = new LinkedHashMap<>();
        for (Check check : checks) {
            for (Region region : check.regional() ? regions : List.of(homeRegion)) {
                byRegion.computeIfAbsent(region, r -> new ArrayList<>()).add(check.descriptor());
            }
        }
        return byRegion;
    }

    /** As {@link #regionsOf(List, List, Region)}, for the items of an approved plan. */
    public static Map<Region, List<CheckDescriptor>> regionsOf(List<PlanItem> items, Function<String, CheckDescriptor> descriptors,
                                                               Region homeRegion) {
        Map<Region, List<CheckDescriptor>> byRegion = new LinkedHashMap<>();
        for (PlanItem item : items) {
            byRegion.computeIfAbsent(item.region() == null ? homeRegion : Region.of(item.region()), r -> new ArrayList<>())
                    .add(descriptors.apply(item.checkId()));
        }
        return byRegion;
    }

    /** The Security Hub state read for the account: the export reuses it rather than read it again. */
    public HubState hub() {
        return hub;
    }

    /** The accepted risk that covers the result of {@code checkId} in {@code region} (null for a global check), or null. */
    public AcceptedRisk riskFor(String checkId, String region) {
        for (ExceptionRule rule : rules) {
            if (rule.covers(checkId, region)) {
                return rule.risk();
            }
        }
        return hub.suppression(descriptors.apply(checkId), accountId, region == null ? homeRegion : Region.of(region));
    }

    /**
     * Why remediate mode must leave the result of {@code checkId} in {@code region} alone: an accepted risk covers it, or
     * the region's Security Hub suppressions are unknown; null when it may fix it.
     */
    String holdBack(String checkId, String region) {
        AcceptedRisk risk = riskFor(checkId, region);
        if (risk != null) {
            return "accepted risk, " + risk.label();
        }
        String unknown = hub.unknownSuppressions(region == null ? homeRegion : Region.of(region));
        return unknown == null ? null : "Security Hub's suppressions could not be read (" + unknown + ")";
    }

    /**
     * Runs {@code check} with {@code runner} (the checker's own, which turns a failure into an ERROR result): as it is in
     * audit mode, or where nothing holds it back; else in audit mode where something does (in those regions only, for a
     * regional check), in remediate mode elsewhere. The results come back in the order of the regions.
     */
    public List<CheckResult> run(Check check, CheckContext context, BiFunction<Check, CheckContext, List<CheckResult>> runner) {
        if (context.mode() != Mode.REMEDIATE) {
            return runner.apply(check, context);
        }
        Map<Region, String> held = new LinkedHashMap<>();
        List<Region> free = new ArrayList<>();
        for (Region region : check.regional() ? context.regions() : List.of(context.homeRegion())) {
            String why = holdBack(check.id(), check.regional() ? region.id() : null);
            if (why == null) {
                free.add(region);
            } else {
                held.put(region, why);
            }
        }
        if (held.isEmpty()) {
            return runner.apply(check, context);
        }
        JsonLog.info("exceptions.held-back", "accountId", accountId, "checkId", check.id(),
                "regions", held.keySet().stream().map(Region::id).toList(), "why", held.values());
        List<CheckResult> results = new ArrayList<>();
        if (!free.isEmpty() && check.regional()) {
            try (CheckContext fixing = context.scoped(Mode.REMEDIATE, free)) {
                results.addAll(runner.apply(check, fixing));
            }
        }
        try (CheckContext reading = context.scoped(Mode.AUDIT, check.regional() ? List.copyOf(held.keySet()) : context.regions())) {
            for (CheckResult result : runner.apply(check, reading)) {
                String why = held.get(result.region() == null ? context.homeRegion() : Region.of(result.region()));
                results.add(why == null || result.status() != CheckStatus.NON_COMPLIANT ? result : notFixed(result, why));
            }
        }
        List<Region> order = context.regions();
        results.sort(Comparator.comparingInt(result -> result.region() == null ? order.size() : order.indexOf(Region.of(result.region()))));
        return results;
    }

    /**
     * The result of an approved item that must not be fixed any more (see {@link #holdBack}), or null: NON_COMPLIANT as
     * the plan read it, its detail saying why it was left alone.
     */
    public CheckResult heldBack(PlanItem item) {
        String why = holdBack(item.checkId(), item.region());
        return why == null ? null : CheckResult.nonCompliant(item.checkId(), item.region(), "approved, but not fixed: " + why, item.before());
    }

    /** {@code results} with every NON_COMPLIANT one that an accepted risk covers carrying it. */
    public List<CheckResult> mark(List<CheckResult> results) {
        List<CheckResult> marked = new ArrayList<>(results.size());
        for (CheckResult result : results) {
            AcceptedRisk risk = result.status() == CheckStatus.NON_COMPLIANT ? riskFor(result.checkId(), result.region()) : null;
            marked.add(risk == null ? result : result.withException(risk));
        }
        return marked;
    }

    private static CheckResult notFixed(CheckResult result, String why) {
        String detail = "not fixed (" + why + ")" + (result.detail() == null ? "" : ": " + result.detail());
        return new CheckResult(result.checkId(), result.region(), result.status(), detail, result.before(), result.after());
    }
}
