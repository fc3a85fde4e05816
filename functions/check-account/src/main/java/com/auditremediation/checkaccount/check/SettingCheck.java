package com.auditremediation.checkaccount.check;

import com.auditremediation.core.Json;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.Mode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;

/**
 * A check of one account setting (per region when {@link #regional()}) that remediate mode can fix, or that a person
 * must fix when the descriptor declares no fix action (audit only). Subclasses read the setting, say which parts of
 * it miss the baseline, and fix it; this class does the rest the same way for every such check:
 *
 * <ul>
 *   <li>compliant: {@code COMPLIANT}, with no detail and no evidence (results must stay small: about 1,000 accounts
 *   share one state's 256 KiB);</li>
 *   <li>audit mode: {@code NON_COMPLIANT}, the detail says what is wrong, {@code before} holds the failing settings
 *   as read; nothing is written;</li>
 *   <li>remediate mode: the fix, then a second read; {@code REMEDIATED} with {@code before} and {@code after} when the
 *   second read is compliant, {@code ERROR} when the fix was refused or did not take; for an audit-only check,
 *   {@code NON_COMPLIANT} as in audit mode, its detail starting "not fixed (audit only)".</li>
 * </ul>
 *
 * A transient failure (throttling, 5xx, timeout) is thrown so that the state machine retries the account; a fix is
 * idempotent, so a retry after a fix that went through finds the setting compliant.
 */
public abstract class SettingCheck<S> extends Check {

    protected SettingCheck(CheckDescriptor descriptor) {
        super(descriptor);
    }

    /** The setting as it is now; an absent configuration is a state too (never null). */
    protected abstract S read(CheckContext context, Region region);

    /**
     * The settings that miss the baseline, by name, with the value found (for example
     * {@code {"MinimumPasswordLength": 8}}); empty when compliant. Names are the API's own field names.
     */
    protected abstract Map<String, Object> failing(S state);

    /** Every setting of {@code state}, by the same names as {@link #failing}: the evidence after a fix. */
    protected abstract Map<String, Object> settings(S state);

    /** What is wrong, in a few words a person can act on. */
    protected abstract String problem(Map<String, Object> failing);

    /**
     * Makes the setting compliant, keeping whatever is already stricter than the baseline. Never called for a check
     * whose descriptor declares no fix action: remediate mode reports those NON_COMPLIANT, as audit mode does.
     */
    protected void fix(CheckContext context, Region region, S state) {
        throw new UnsupportedOperationException(id() + " declares no fix action");
    }

    /**
     * The setting as the fix left it, for the result's {@code after}: read again (the default). A check whose API
     * applies a write later than it answers it overrides this (AMI block public access answers at once and takes up to
     * ten minutes to read back); it is called only after {@link #fix} returned, that is after every write succeeded.
     */
    protected S readAfterFix(CheckContext context, Region region, S before) {
        return read(context, region);
    }

    /**
     * What a person should know about the fix of {@code before} beyond the actions it called (for example "new launches
     * only"), added to the REMEDIATED result's detail in brackets; null when nothing (the default).
     */
    protected String fixNote(S before) {
        return null;
    }

    /**
     * Why remediate mode cannot fix {@code state} with the function's settings, or null when it can (the default): for
     * example, the template parameters whose values the fix would write are empty. The result then stays
     * {@code NON_COMPLIANT} and its detail says why; nothing is written.
     */
    protected String cannotFix(CheckContext context, S state) {
        return null;
    }

    @Override
    public final List<CheckResult> run(CheckContext context) {
        if (!regional()) {
            return List.of(evaluate(context, context.homeRegion(), null));
        }
        return context.inEachRegion(region -> evaluate(context, region, region.id()));
    }

    private CheckResult evaluate(CheckContext context, Region region, String resultRegion) {
        S before;
        try {
            before = read(context, region);
        } catch (SdkException e) {
            return CheckFailures.errorOrThrow(id(), resultRegion, "could not read the setting", e, null);
        }
        Map<String, Object> failing = failing(before);
        if (failing.isEmpty()) {
            return CheckResult.compliant(id(), resultRegion);
        }
        if (context.mode() != Mode.REMEDIATE) {
            return CheckResult.nonCompliant(id(), resultRegion, problem(failing), failing);
        }
        return fixAndReadAgain(context, region, resultRegion, before, failing);
    }

    /**
     * The remediation pass of an approved plan, for one item: reads the setting again and fixes it only if it still
     * fails exactly as the plan read it ({@code planned}, the plan item's {@code before}); the result is then as in
     * remediate mode. A setting that is compliant now, or fails differently (it changed since the plan, or more of it
     * started failing), is left alone: COMPLIANT or NON_COMPLIANT with a detail that says it changed, and what it is now
     * in {@code before}. {@code region} is the item's region (null for a check that is not regional).
     */
    public final CheckResult fixIfUnchanged(CheckContext context, String region, Map<String, Object> planned) {
        Region where = region == null ? context.homeRegion() : Region.of(region);
        S current;
        try {
            current = read(context, where);
        } catch (SdkException e) {
            return CheckFailures.errorOrThrow(id(), region, "could not read the setting again before the approved fix", e, planned);
        }
        Map<String, Object> failing = failing(current);
        if (!sameSettings(failing, planned)) {
            String now = failing.isEmpty() ? "it is compliant now" : "it now fails as: " + problem(failing);
            String detail = "changed since the plan, left alone: " + now;
            return failing.isEmpty() ? CheckResult.compliant(id(), region, detail) : CheckResult.nonCompliant(id(), region, detail, failing);
        }
        return fixAndReadAgain(context, where, region, current, failing);
    }

    /** Equal as JSON: the plan's {@code before} went through JSON (8 may come back as a long, a list as another list). */
    private static boolean sameSettings(Map<String, Object> now, Map<String, Object> planned) {
        return Json.mapper().valueToTree(now).equals(Json.mapper().valueToTree(planned == null ? Map.of() : planned));
    }

    private CheckResult fixAndReadAgain(CheckContext context, Region region, String resultRegion, S before, Map<String, Object> failing) {
        if (!descriptor().fixable()) {
            return CheckResult.nonCompliant(id(), resultRegion, "not fixed (audit only): " + problem(failing), failing);
        }
        String cannotFix = cannotFix(context, before);
        if (cannotFix != null) {
            return CheckResult.nonCompliant(id(), resultRegion, problem(failing) + "; not fixed: " + cannotFix, failing);
        }
        try {
            fix(context, region, before);
        } catch (SdkException e) {
            return CheckFailures.fixFailed(this, resultRegion, problem(failing), e, failing);
        }
        S after;
        try {
            after = readAfterFix(context, region, before);
        } catch (SdkException e) {
            return CheckFailures.errorOrThrow(id(), resultRegion, "fixed, but could not read the setting back", e, failing);
        }
        Map<String, Object> evidence = evidenceAfter(failing, settings(after));
        Map<String, Object> stillFailing = failing(after);
        if (stillFailing.isEmpty()) {
            String note = fixNote(before);
            return CheckResult.remediated(id(), resultRegion, String.join(", ", fixActions()) + (note == null ? "" : " (" + note + ")"),
                    failing, evidence);
        }
        return CheckResult.error(id(), resultRegion,
                String.join(", ", fixActions()) + " did not take effect: " + problem(stillFailing), failing, evidence);
    }

    /**
     * The settings after the fix under the names that failed before; all of them when none of those names exist any
     * more (before, an absent configuration has a name of its own, such as "PasswordPolicy": "none").
     */
    private static Map<String, Object> evidenceAfter(Map<String, Object> failing, Map<String, Object> after) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        for (String name : failing.keySet()) {
            if (after.containsKey(name)) {
                evidence.put(name, after.get(name));
            }
        }
        return evidence.isEmpty() ? after : evidence;
    }
}
