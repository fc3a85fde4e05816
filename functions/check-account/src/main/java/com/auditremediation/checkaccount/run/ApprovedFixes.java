package com.auditremediation.checkaccount.run;

import com.auditremediation.checkaccount.check.Check;
import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.SettingCheck;
import com.auditremediation.checkaccount.checks.CheckRegistry;
import com.auditremediation.core.JsonLog;
import com.auditremediation.core.Validate;
import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.error.TransientFailureException;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.Mode;
import com.auditremediation.core.model.PlanItem;
import com.auditremediation.core.model.RunContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The remediation pass after a person approved a plan: in one account, exactly the approved items, each through
 * {@link SettingCheck#fixIfUnchanged}, so that a setting is written only if it still fails as the plan read it. Nothing
 * else in the account is read or written; only setting checks have a fix, so only they can be items.
 */
final class ApprovedFixes {

    private ApprovedFixes() {
    }

    /** The items, checked against the account, the run and the registry; an item that cannot be an approved fix is INVALID_INPUT. */
    static List<PlanItem> validate(List<PlanItem> items, String accountId, RunContext context, CheckRegistry registry, String partition) {
        if (context.mode() != Mode.REMEDIATE || !context.approvalRequired()) {
            throw new InvalidInputException("approved", "applies only to the remediation pass of a run with \"Mode\": \"remediate\""
                    + " and \"Approval\": \"required\"; this context has mode " + (context.mode() == null ? "audit" : context.mode().jsonValue())
                    + " and approval " + (context.approval() == null ? "none" : context.approval().jsonValue()));
        }
        for (int i = 0; i < items.size(); i++) {
            PlanItem item = items.get(i);
            String field = "approved[" + i + "]";
            if (item == null || !accountId.equals(item.accountId())) {
                throw new InvalidInputException(field + ".accountId", "is not " + accountId + ", the account of this iteration;"
                        + " the state \"Fix approved items\" passes one account's items at a time");
            }
            Check check = item.checkId() == null ? null : registry.find(item.checkId()).orElse(null);
            if (!(check instanceof SettingCheck<?>) || !check.descriptor().fixable()) {
                throw new InvalidInputException(field + ".checkId", "'" + item.checkId() + "' is not a check with a fix; a plan"
                        + " holds only the fixable checks' results");
            }
            if (check.regional() != (item.region() != null)) {
                throw new InvalidInputException(field + ".region", check.regional() ? "is missing; " + check.id() + " is regional"
                        : "must be absent; " + check.id() + " is not regional");
            }
            if (item.region() != null) {
                Validate.regions(field + ".region", List.of(item.region()), partition);
                if (!context.regions().isEmpty() && !context.regions().contains(item.region())) {
                    throw new InvalidInputException(field + ".region", "'" + item.region() + "' is not among the run's regions " + context.regions());
                }
            }
        }
        return List.copyOf(items);
    }

    /** One result per item, in order: REMEDIATED, ERROR, or COMPLIANT / NON_COMPLIANT when it changed since the plan. */
    static List<CheckResult> apply(List<PlanItem> items, CheckRegistry registry, CheckContext context) {
        List<CheckResult> results = new ArrayList<>();
        for (PlanItem item : items) {
            SettingCheck<?> check = (SettingCheck<?>) registry.get(item.checkId());
            CheckResult result;
            try {
                result = check.fixIfUnchanged(context, item.region(), item.before());
            } catch (TransientFailureException e) {
                throw e;
            } catch (RuntimeException e) {
                result = CheckResult.error(item.checkId(), item.region(),
                        e.getClass().getSimpleName() + ": " + e.getMessage(), item.before());
            }
            JsonLog.info("approved fix", "item", item.label(), "status", result.status(), "detail", result.detail());
            results.add(result);
        }
        return results;
    }
}
