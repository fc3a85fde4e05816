package com.auditremediation.core.model;

import java.util.Map;

/**
 * The outcome of one check in one account (and region, for regional checks; null for a global check). {@code before}
 * and {@code after} hold the settings read, as evidence; both are left out where there is nothing to show. Build one
 * by its status: {@link #compliant}, {@link #nonCompliant}, {@link #remediated}, {@link #error},
 * {@link #notApplicable}. {@code exception} is present only on a NON_COMPLIANT result that an accepted risk covers
 * ({@link #withException}): it keeps its verdict and needs no work.
 */
public record CheckResult(
        String checkId,
        String region,
        CheckStatus status,
        String detail,
        Map<String, Object> before,
        Map<String, Object> after,
        AcceptedRisk exception) {

    /** A result that no accepted risk covers. */
    public CheckResult(String checkId, String region, CheckStatus status, String detail, Map<String, Object> before,
                       Map<String, Object> after) {
        this(checkId, region, status, detail, before, after, null);
    }

    /** Meets the baseline: nothing to say, no evidence (results must stay small). */
    public static CheckResult compliant(String checkId, String region) {
        return new CheckResult(checkId, region, CheckStatus.COMPLIANT, null, null, null);
    }

    /** Meets the baseline, with a word on why (for example, it became compliant since a plan read it). */
    public static CheckResult compliant(String checkId, String region, String detail) {
        return new CheckResult(checkId, region, CheckStatus.COMPLIANT, detail, null, null);
    }

    /** Misses the baseline: {@code detail} says what is wrong, {@code before} holds the failing settings as read. */
    public static CheckResult nonCompliant(String checkId, String region, String detail, Map<String, Object> before) {
        return new CheckResult(checkId, region, CheckStatus.NON_COMPLIANT, detail, before, null);
    }

    /** Misses the baseline after a partial fix: {@code after} holds what the fix changed. */
    public static CheckResult nonCompliant(String checkId, String region, String detail, Map<String, Object> before,
                                           Map<String, Object> after) {
        return new CheckResult(checkId, region, CheckStatus.NON_COMPLIANT, detail, before, after);
    }

    /** Fixed: {@code detail} names the actions taken, {@code before} and {@code after} the settings either side. */
    public static CheckResult remediated(String checkId, String region, String detail, Map<String, Object> before,
                                         Map<String, Object> after) {
        return new CheckResult(checkId, region, CheckStatus.REMEDIATED, detail, before, after);
    }

    /** Could not be checked: {@code detail} says why. */
    public static CheckResult error(String checkId, String region, String detail) {
        return new CheckResult(checkId, region, CheckStatus.ERROR, detail, null, null);
    }

    /** Could not be checked or fixed, with the settings read before the failure. */
    public static CheckResult error(String checkId, String region, String detail, Map<String, Object> before) {
        return new CheckResult(checkId, region, CheckStatus.ERROR, detail, before, null);
    }

    /** A fix that did not take or stopped part way: {@code after} holds what it changed. */
    public static CheckResult error(String checkId, String region, String detail, Map<String, Object> before,
                                    Map<String, Object> after) {
        return new CheckResult(checkId, region, CheckStatus.ERROR, detail, before, after);
    }

    /** The check does not apply here: {@code detail} says why. */
    public static CheckResult notApplicable(String checkId, String region, String detail) {
        return new CheckResult(checkId, region, CheckStatus.NOT_APPLICABLE, detail, null, null);
    }

    /** This result without its evidence ({@code before}, {@code after}). */
    public CheckResult withoutEvidence() {
        return new CheckResult(checkId, region, status, detail, null, null, exception);
    }

    /** This result covered by {@code risk} (null: by none). */
    public CheckResult withException(AcceptedRisk risk) {
        return new CheckResult(checkId, region, status, detail, before, after, risk);
    }

    /** A NON_COMPLIANT result that an accepted risk covers: it needs no work. */
    public boolean excepted() {
        return exception != null && status == CheckStatus.NON_COMPLIANT;
    }

    /** A NON_COMPLIANT result that no accepted risk covers: what needs work. */
    public boolean needsWork() {
        return status == CheckStatus.NON_COMPLIANT && exception == null;
    }
}
