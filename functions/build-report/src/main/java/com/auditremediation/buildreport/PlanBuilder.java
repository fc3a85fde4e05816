package com.auditremediation.buildreport;

import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.model.AccountItem;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.DeclarativePolicy;
import com.auditremediation.core.model.Plan;
import com.auditremediation.core.model.PlanAccount;
import com.auditremediation.core.model.PlanItem;
import com.auditremediation.core.model.ReportRow;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The plan of a run with {@code Approval: "required"}: every NON_COMPLIANT result of the read-only sweep whose check
 * has a fix ({@link CheckDescriptor#fixable()}), one item per account, check and region, with the failing settings as
 * read ({@code before}) and what the fix sets. Results of checks without a fix (root-account-hygiene), results whose
 * failing setting an organisation's declarative policy manages ({@link DeclarativePolicy}: the member account cannot
 * change it, whoever approves), and results that an accepted risk covers ({@code exception}) stay findings of the
 * report, not items of the plan: a plan never lists one. Each account of the plan is the listing's own item, with the
 * exceptions file entries that name it, so that the fix pass knows them too.
 */
final class PlanBuilder {

    private final Clock clock;
    private final CheckCatalog catalog;

    PlanBuilder(Clock clock, CheckCatalog catalog) {
        this.clock = clock;
        this.catalog = catalog;
    }

    Plan plan(BuildReportInput input) {
        Map<String, AccountItem> listed = new HashMap<>();
        input.listing().accounts().forEach(account -> listed.putIfAbsent(account.id(), account));
        List<PlanAccount> accounts = new ArrayList<>();
        for (ReportRow row : ReportBuilder.sortedRows(ReportBuilder.join(input))) {
            List<PlanItem> items = new ArrayList<>();
            for (CheckResult check : row.checks() == null ? List.<CheckResult>of() : row.checks()) {
                if (check == null || !check.needsWork() || DeclarativePolicy.manages(check)) {
                    continue;
                }
                fixOf(check.checkId()).ifPresent(fix -> items.add(new PlanItem(row.accountId(), row.accountName(),
                        check.checkId(), check.region(), check.before(), fix)));
            }
            if (!items.isEmpty()) {
                accounts.add(new PlanAccount(listed.getOrDefault(row.accountId(), new AccountItem(row.accountId(), row.accountName(),
                        row.ouId())), items));
            }
        }
        return Plan.of(input.executionName(), ReportBuilder.startedAt(input), Instant.now(clock).toString(),
                input.listing().context(), accounts);
    }

    /** "iam:UpdateAccountPasswordPolicy, so that: <the check's title>", or empty when the check has no fix. */
    private Optional<String> fixOf(String checkId) {
        return checkId == null ? Optional.empty() : catalog.find(checkId).filter(CheckDescriptor::fixable)
                .map(descriptor -> String.join(", ", descriptor.fixActions()) + ", so that: " + descriptor.title());
    }
}
