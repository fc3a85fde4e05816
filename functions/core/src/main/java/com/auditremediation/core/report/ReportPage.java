package com.auditremediation.core.report;

import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import com.auditremediation.core.error.ErrorCode;
import com.auditremediation.core.model.AcceptedRisk;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.ExceptionNote;
import com.auditremediation.core.model.ExceptionSource;
import com.auditremediation.core.model.ExceptionsReport;
import com.auditremediation.core.model.Report;
import com.auditremediation.core.model.ReportRow;
import com.auditremediation.core.model.RunContext;
import com.auditremediation.core.model.Summary;
import com.auditremediation.core.model.SweepChanges;
import com.auditremediation.core.model.SweepChanges.AccountChange;
import com.auditremediation.core.model.SweepChanges.AccountChanges;
import com.auditremediation.core.model.SweepChanges.ResultChange;
import com.auditremediation.core.model.SweepChanges.ResultRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What report.html shows, computed once from a report and the check catalog before the template writes any markup;
 * every value is plain text, which the template (HTML output format) escapes. From the top: the changes since the
 * previous sweep, the tiles, the Security Hub export, an approval run's plan beside its outcome, the summary by
 * severity and by check (what to fix first), the failed accounts by error code, the account matrix (one narrow cell
 * per check), the findings, one line per failing result that needs work, and the accepted risks: the excepted results
 * (NON_COMPLIANT, covered by an exceptions file entry or a suppression in Security Hub), apart from the findings, and
 * the entries expiring soon or expired.
 *
 * <p>Public, with public records, only because the template engine reads it by reflection.
 */
public record ReportPage(
        String title, String executionName, String meta, Note note, Changes changes, List<Tile> tiles,
        SecurityHub securityHub, FixTable approval, List<SeverityLine> severities, List<CheckLine> checks, boolean truncated,
        int failed, List<FailureGroup> failures, List<Column> columns, List<AccountLine> accounts, int total,
        List<Option> units, boolean notExportedFilter, List<Finding> findings, List<Option> findingChecks,
        List<Option> findingUnits, List<String> findingSeverities, Exceptions exceptions) {

    /** Changes listed by name on the page, per kind; the rest are in the findings (filtered by change) and report.json. */
    static final int LISTED_CHANGES = 50;
    /** Excepted results listed by name on the page; report.csv lists every one. */
    static final int LISTED_EXCEPTED = 500;
    /** The cell of a check whose only failing results are excepted: not a finding, not a pass. */
    static final Cell EXCEPTED = new Cell("ex", "⊘", "Excepted", "", "");
    private static final Set<CheckStatus> PASSED = Set.of(CheckStatus.COMPLIANT, CheckStatus.REMEDIATED, CheckStatus.NOT_APPLICABLE);
    /** The order in which a cell shows the worst of several regions' results. */
    private static final List<CheckStatus> WORST_FIRST = List.of(CheckStatus.NON_COMPLIANT, CheckStatus.ERROR, CheckStatus.REMEDIATED,
            CheckStatus.COMPLIANT, CheckStatus.NOT_APPLICABLE);
    private static final List<Severity> SEVERITIES = List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFORMATIONAL);

    public record Note(boolean truncated, String text) {
    }

    public record Tile(String kind, int value, String label, String sub) {
    }

    public record SecurityHub(boolean off, boolean incomplete, String headline, List<Reason> reasons) {
    }

    public record Reason(String code, String text) {
    }

    /** One severity: failing (NON_COMPLIANT) results and the accounts that have any. */
    public record SeverityLine(String severity, int failing, String accounts) {
    }

    /** One check of the summary, by severity then accounts failing. */
    public record CheckLine(String checkId, String title, String controls, String severity, String accountsFailing,
                            int failingResults, String shareCompliant, boolean fixable, String fixText) {
    }

    public record FailureGroup(String code, String name, String advice, List<FailedAccount> accounts) {
    }

    public record FailedAccount(String accountId, String accountName, String ou, String message) {
    }

    /** A column of the matrix: the check, its title for the header's tooltip. */
    public record Column(String checkId, String title, String severity) {
    }

    public record Option(String value, String label) {
    }

    /**
     * One account's line in the matrix, and its detail (the messages), hidden until asked for.
     *
     * @param change NEW when the previous sweep did not have the account, else empty
     */
    public record AccountLine(int index, String accountId, String accountName, String ouId, String ouPath, String status,
                              String statusWord, String errorCode, boolean findings, boolean notExported, String search,
                              String change, List<Cell> cells, String errorMessage, List<String> details, String delivery,
                              String duration) {
    }

    /**
     * One check's cell: the worst status of its results (a regional check has one per region), as a CSS class and a
     * symbol; {@code tip} says the status per region where there are several; {@code change} marks a result newly
     * failing ({@code new}) or resolved ({@code res}).
     */
    public record Cell(String css, String symbol, String word, String tip, String change) {
    }

    /** One failing result: what the findings section lists and filters. */
    public record Finding(String severity, String accountId, String accountName, String ouId, String ouPath, String checkId,
                          String region, String detail, String change) {
    }

    /**
     * The accepted risks: a headline with the counts by source, where the exceptions file was read, the excepted results
     * (the first {@link #LISTED_EXCEPTED}), the entries expiring within 14 days and the expired ones (no longer applied).
     */
    public record Exceptions(String headline, String file, List<ExceptedLine> results, int moreResults, List<EntryLine> expiringSoon,
                             List<EntryLine> expired, int moreExpired) {
    }

    /** One excepted result: where, which check, and the accepted risk that covers it. */
    public record ExceptedLine(String severity, String accountId, String accountName, String ouPath, String checkId, String region,
                               String source, String owner, String expires, String reason, String detail) {
    }

    /** One entry of the exceptions file. */
    public record EntryLine(String entry, String checks, String owner, String expires, String reason, String ticket, String results) {
    }

    /** The changes section: a headline, the note, per-check counts and the first changes of each kind by name. */
    public record Changes(String basis, String headline, String note, List<ChangeCount> byCheck, List<ChangeLine> newlyFailing,
                          int moreNewlyFailing, List<ChangeLine> resolved, int moreResolved, List<ChangeLine> newAccounts,
                          List<ChangeLine> goneAccounts) {
    }

    public record ChangeCount(String checkId, String severity, int newlyFailing, int resolved, int stillFailing, int notRechecked) {
    }

    public record ChangeLine(String accountId, String accountName, String ouPath, String checkId, String region, String severity) {
    }

    /** The page of {@code report}; {@code catalog} gives each check's title, controls, severity and fix. */
    public static ReportPage of(Report report, Function<String, Optional<CheckDescriptor>> catalog) {
        return new Builder(report, catalog).build();
    }

    private static final class Builder {
        private final Report report;
        private final Function<String, Optional<CheckDescriptor>> catalog;
        private final ReportView view;
        private final Map<String, String> units;
        private final ChangeMarks marks;

        Builder(Report report, Function<String, Optional<CheckDescriptor>> catalog) {
            this.report = report;
            this.catalog = catalog;
            this.view = ReportView.of(report);
            this.units = report.organizationalUnits() == null ? Map.of() : report.organizationalUnits();
            this.marks = ChangeMarks.of(report);
        }

        ReportPage build() {
            List<Column> columns = view.checkIds().stream().map(id -> new Column(id, title(id), severity(id))).toList();
            List<AccountLine> accounts = new ArrayList<>();
            for (ReportRow row : view.rows()) {
                accounts.add(account(accounts.size(), row));
            }
            List<Finding> findings = findings();
            return new ReportPage("Audit report " + Html.orDash(report.executionName()), Html.orDash(report.executionName()), meta(),
                    note(), changes(), tiles(), securityHub(), view.approval(), severities(), checks(), view.truncated(),
                    view.counts().summary().failed(), failures(), columns, accounts, view.counts().summary().total(), unitOptions(),
                    view.securityHub() != null && view.securityHub().incomplete(), findings,
                    findings.stream().map(Finding::checkId).distinct().map(id -> new Option(id, id)).toList(),
                    findingUnits(findings),
                    SEVERITIES.stream().map(Enum::name).filter(s -> findings.stream().anyMatch(f -> f.severity().equals(s))).toList(),
                    exceptions());
        }

        private String meta() {
            StringBuilder meta = new StringBuilder("Started ").append(Html.time(report.startedAt())).append(" · finished ")
                    .append(Html.time(report.finishedAt()));
            RunContext context = report.context();
            if (context != null) {
                meta.append(" · mode ").append(context.mode() == null ? "-" : context.mode().jsonValue());
                if (context.approvalRequired()) {
                    meta.append(" (after approval)");
                }
                meta.append(" · role ").append(Html.orDash(context.roleName()))
                        .append(" · ").append(context.checks().isEmpty() ? "all checks" : plural(context.checks().size(), "check"))
                        .append(" · regions ").append(context.regions().isEmpty() ? "the stack's" : String.join(", ", context.regions()));
            }
            return meta.toString();
        }

        private Note note() {
            String note = report.note();
            if (!view.truncated() && (note == null || note.isBlank())) {
                return null;
            }
            return new Note(view.truncated(), note == null ? "" : note);
        }

        private List<Tile> tiles() {
            Summary summary = view.counts().summary();
            int withFindings = view.counts().accountsWithFindings();
            List<Tile> tiles = new ArrayList<>(List.of(
                    new Tile("total", summary.total(), "Accounts", summary.excluded() > 0 ? summary.excluded() + " more excluded on request" : "in scope"),
                    new Tile("succeeded", summary.succeeded(), "Succeeded", "checked"),
                    new Tile("failed", summary.failed(), "Failed", summary.failed() == 0 ? "none" : "see Failures"),
                    new Tile("skipped", summary.skipped(), "Skipped", "not attempted"),
                    new Tile("non-compliant", view.counts().needsWork(), "Non-compliant", view.truncated()
                            ? "check results" : "check results in " + plural(withFindings, "account"))));
            if (view.counts().excepted() > 0) {
                tiles.add(new Tile("excepted", view.counts().excepted(), "Excepted", "non-compliant, accepted risks: see Accepted risks"));
            }
            if (view.counts().remediated() > 0) {
                tiles.add(new Tile("remediated", view.counts().remediated(), "Remediated", "check results fixed"));
            }
            return tiles;
        }

        private SecurityHub securityHub() {
            SecurityHubExport export = view.securityHub();
            if (export == null) {
                return null;
            }
            return new SecurityHub(export.off(), export.incomplete(), export.off() ? null : export.headline(),
                    export.reasons().stream().map(reason -> new Reason(reason.code(), reason.text())).toList());
        }

        /** Failing results and accounts affected per severity, most severe first: CRITICAL to LOW always, others when some check has them. */
        private List<SeverityLine> severities() {
            Map<String, int[]> failing = new LinkedHashMap<>();
            Map<String, Set<String>> accounts = new LinkedHashMap<>();
            for (Severity severity : List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW)) {
                failing.put(severity.name(), new int[1]);
                accounts.put(severity.name(), new HashSet<>());
            }
            for (String checkId : view.checkIds()) {
                String severity = severity(checkId);
                failing.computeIfAbsent(severity, s -> new int[1])[0] += needingWork(checkId);
                accounts.computeIfAbsent(severity, s -> new HashSet<>());
            }
            for (ReportRow row : view.rows()) {
                for (CheckResult check : results(row)) {
                    if (check.needsWork()) {
                        accounts.computeIfAbsent(severity(check.checkId()), s -> new HashSet<>()).add(row.accountId());
                        failing.computeIfAbsent(severity(check.checkId()), s -> new int[1]);
                    }
                }
            }
            List<SeverityLine> lines = new ArrayList<>();
            for (String severity : severityOrder(failing.keySet())) {
                lines.add(new SeverityLine(severity, failing.get(severity)[0], view.truncated() ? "–" : Integer.toString(accounts.get(severity).size())));
            }
            return lines;
        }

        /** Every check: severity, accounts failing, share of accounts compliant, whether it has a fix; what to fix first. */
        private List<CheckLine> checks() {
            // Per check: accounts with results of it, accounts where one did not pass, accounts where one is NON_COMPLIANT.
            Map<String, int[]> accounts = new LinkedHashMap<>();
            for (ReportRow row : view.rows()) {
                Map<String, Boolean> passed = new LinkedHashMap<>();
                Set<String> failing = new HashSet<>();
                for (CheckResult check : results(row)) {
                    passed.merge(check.checkId(), PASSED.contains(check.status()), Boolean::logicalAnd);
                    if (check.needsWork()) {
                        failing.add(check.checkId());
                    }
                }
                passed.forEach((checkId, ok) -> {
                    int[] tally = accounts.computeIfAbsent(checkId, id -> new int[3]);
                    tally[0]++;
                    tally[1] += ok ? 0 : 1;
                    tally[2] += failing.contains(checkId) ? 1 : 0;
                });
            }
            List<CheckLine> lines = new ArrayList<>();
            for (String checkId : view.checkIds()) {
                Optional<CheckDescriptor> descriptor = catalog.apply(checkId);
                int[] tally = accounts.getOrDefault(checkId, new int[3]);
                boolean fixable = descriptor.map(CheckDescriptor::fixable).orElse(false);
                lines.add(new CheckLine(checkId, descriptor.map(CheckDescriptor::title).orElse(""),
                        descriptor.map(d -> String.join(", ", d.controls())).orElse(""), severity(checkId),
                        view.truncated() ? "–" : Integer.toString(tally[2]),
                        needingWork(checkId),
                        view.truncated() || tally[0] == 0 ? "–" : percent(tally[0] - tally[1], tally[0]), fixable,
                        descriptor.isEmpty() ? "–" : fixable ? "Yes" : "No"));
            }
            // A truncated report lacks rows, so it cannot count accounts; its result counts are whole.
            lines.sort(Comparator.comparingInt((CheckLine line) -> severityRank(line.severity()))
                    .thenComparing(line -> view.truncated() ? 0 : -Integer.parseInt(line.accountsFailing()))
                    .thenComparing(line -> -line.failingResults()));
            return lines;
        }

        private List<FailureGroup> failures() {
            List<FailureGroup> groups = new ArrayList<>();
            view.failuresByCode().forEach((code, rows) -> groups.add(new FailureGroup(code, code.isEmpty() ? "No error code" : code,
                    advice(code), rows.stream().map(row -> new FailedAccount(Html.orDash(row.accountId()), Html.orDash(row.accountName()),
                    ouLabel(row.ouId()), message(row))).toList())));
            return groups;
        }

        private AccountLine account(int index, ReportRow row) {
            String status = row.status() == null ? "UNKNOWN" : row.status().name();
            List<Cell> cells = new ArrayList<>();
            for (String checkId : view.checkIds()) {
                cells.add(cell(row, checkId));
            }
            List<String> details = new ArrayList<>();
            for (CheckResult check : results(row)) {
                if (!PASSED.contains(check.status())) {
                    details.add(check.checkId() + (check.region() == null ? "" : " " + check.region()) + ": " + label(check.status())
                            + (check.excepted() ? ", excepted (" + check.exception().label() + (check.exception().reason() == null ? ""
                            : ": " + check.exception().reason()) + ")" : "")
                            + (check.detail() == null ? "" : ": " + check.detail()));
                }
            }
            String delivery = SecurityHubExport.accountLine(row.findings());
            AccountChange change = marks.account(row.accountId());
            return new AccountLine(index, Html.orDash(row.accountId()), Html.orDash(row.accountName()), row.ouId() == null ? "" : row.ouId(),
                    ouPath(row.ouId()), status, word(status), row.errorCode() == null ? "" : row.errorCode().name(), ReportCounts.hasFindings(row),
                    delivery != null, (orEmpty(row.accountId()) + " " + orEmpty(row.accountName())).toLowerCase(Locale.ROOT),
                    change == AccountChange.NEW ? "NEW" : "", cells, orEmpty(row.errorMessage()), details, delivery,
                    row.durationMs() == null ? "" : String.format(Locale.ROOT, "%.1f s", row.durationMs() / 1000.0));
        }

        private Cell cell(ReportRow row, String checkId) {
            List<CheckResult> results = results(row).stream().filter(check -> checkId.equals(check.checkId())).toList();
            if (results.isEmpty()) {
                return new Cell("none", "", "no result", "", "");
            }
            // An excepted result is no finding: the cell shows the worst of the others, or that the failures are excepted.
            List<CheckResult> others = results.stream().filter(check -> !check.excepted()).toList();
            if (others.stream().noneMatch(check -> check.status() == CheckStatus.NON_COMPLIANT || check.status() == CheckStatus.ERROR)
                    && others.size() < results.size()) {
                String tip = String.join(", ", results.stream().map(check -> (check.region() == null ? "" : check.region() + " ")
                        + (check.excepted() ? "Excepted" : label(check.status()))).toList());
                return new Cell(EXCEPTED.css(), EXCEPTED.symbol(), EXCEPTED.word(), tip, "");
            }
            CheckStatus worst = results.stream().map(CheckResult::status).min(Comparator.comparingInt(WORST_FIRST::indexOf)).orElseThrow();
            String tip = results.size() == 1 ? (results.get(0).region() == null ? "" : results.get(0).region())
                    : String.join(", ", results.stream().map(check -> check.region() + " " + label(check.status())).toList());
            String change = "";
            for (CheckResult check : results) {
                ResultChange mark = marks.result(row.accountId(), checkId, check.region());
                if (mark == ResultChange.NEWLY_FAILING) {
                    change = "new";
                } else if (mark == ResultChange.RESOLVED && change.isEmpty()) {
                    change = "res";
                }
            }
            // A resolved region beside one still failing is no good news: the cell shows the failure alone.
            return new Cell(css(worst), symbol(worst), label(worst), tip, change.equals("res") && !PASSED.contains(worst) ? "" : change);
        }

        private List<Finding> findings() {
            List<Finding> findings = new ArrayList<>();
            for (ReportRow row : view.rows()) {
                for (CheckResult check : results(row)) {
                    if (check.needsWork()) {
                        ResultChange change = marks.result(row.accountId(), check.checkId(), check.region());
                        findings.add(new Finding(severity(check.checkId()), Html.orDash(row.accountId()), Html.orDash(row.accountName()),
                                row.ouId() == null ? "" : row.ouId(), ouPath(row.ouId()), check.checkId(), orEmpty(check.region()),
                                orEmpty(check.detail()), change == ResultChange.NEWLY_FAILING ? "NEW"
                                : marks.account(row.accountId()) == AccountChange.NEW ? "NEW_ACCOUNT" : ""));
                    }
                }
            }
            findings.sort(Comparator.comparingInt((Finding f) -> severityRank(f.severity())));
            return findings;
        }

        /** NON_COMPLIANT results of {@code checkId} that need work: the summary's count less the excepted ones. */
        private int needingWork(String checkId) {
            Summary summary = view.counts().summary();
            int nonCompliant = ReportView.checkCounts(view.counts()).getOrDefault(checkId, Map.of()).getOrDefault(CheckStatus.NON_COMPLIANT, 0);
            return nonCompliant - (summary.excepted() == null ? 0 : summary.excepted().getOrDefault(checkId, 0));
        }

        private Exceptions exceptions() {
            ExceptionsReport section = report.exceptions();
            if (section == null && view.counts().excepted() == 0) {
                return null;
            }
            List<ExceptedLine> lines = new ArrayList<>();
            int total = 0;
            for (ReportRow row : view.rows()) {
                for (CheckResult check : results(row)) {
                    if (check.excepted()) {
                        total++;
                        if (lines.size() < LISTED_EXCEPTED) {
                            AcceptedRisk risk = check.exception();
                            lines.add(new ExceptedLine(severity(check.checkId()), Html.orDash(row.accountId()), Html.orDash(row.accountName()),
                                    ouPath(row.ouId()), check.checkId(), orEmpty(check.region()), risk.source() == ExceptionSource.FILE
                                    ? "exceptions[" + risk.entry() + "]" + (risk.ticket() == null ? "" : " " + risk.ticket()) : "Security Hub",
                                    Html.orDash(risk.owner()), Html.orDash(risk.expires()), Html.orDash(risk.reason()), orEmpty(check.detail())));
                        }
                    }
                }
            }
            lines.sort(Comparator.comparingInt((ExceptedLine line) -> severityRank(line.severity())));
            String bySource = section == null || section.excepted().isEmpty() ? "" : " (" + String.join(", ", section.excepted().entrySet().stream()
                    .map(e -> e.getValue() + (e.getKey().equals("file") ? " by the exceptions file" : " by suppressions in Security Hub")).toList()) + ")";
            String headline = plural(view.counts().excepted(), "non-compliant result") + " excepted" + bySource
                    + (section == null || section.inForce().isEmpty() ? "" : "; " + entries(section.inForce().size()) + " in force")
                    + (section == null || section.expiringSoon().isEmpty() ? "" : ", " + section.expiringSoon().size() + " expiring within "
                    + ExceptionsReport.EXPIRING_DAYS + " days")
                    + (section == null || section.expiredCount() == null || section.expiredCount() == 0 ? "" : "; " + entries(section.expiredCount())
                    + " expired, no longer applied") + ". Excepted results keep their verdict and need no work: the findings above"
                    + " and the counts of what to fix leave them out.";
            List<EntryLine> expiringSoon = section == null ? List.of() : section.expiringSoon().stream().map(ReportPage::entry).toList();
            List<EntryLine> expired = section == null ? List.of() : section.expired().stream().map(ReportPage::entry).toList();
            int moreExpired = section == null || section.expiredCount() == null ? 0 : Math.max(0, section.expiredCount() - expired.size());
            return new Exceptions(headline, section == null || section.location() == null ? "" : section.location()
                    + (section.versionId() == null ? "" : " (version " + section.versionId() + ")"), lines, total - lines.size(),
                    expiringSoon, expired, moreExpired);
        }

        private Changes changes() {
            SweepChanges changes = report.changes();
            if (changes == null) {
                return null;
            }
            if (!changes.madeComparison()) {
                String headline = changes.basis() == SweepChanges.Basis.FIRST_SWEEP
                        ? "This is the first sweep: there is no earlier report to compare it with."
                        : "Changes since the previous sweep are not known: its report could not be read.";
                return new Changes(changes.basis().name(), headline, changes.note(), List.of(), List.of(), 0, List.of(), 0, List.of(), List.of());
            }
            SweepChanges.Counts counts = changes.counts();
            String since = changes.since() == null ? "the previous sweep" : "sweep " + Html.orDash(changes.since().executionName())
                    + (changes.since().startedAt() == null ? "" : " (started " + Html.time(changes.since().startedAt()) + ")");
            String headline = "Since " + since + ": " + counts.newlyFailing() + " newly failing, " + counts.resolved() + " resolved, "
                    + counts.stillFailing() + " still failing" + (counts.notRechecked() > 0 ? ", " + counts.notRechecked() + " not checked again" : "")
                    + "; " + plural(counts.newAccounts(), "account") + " new, " + counts.goneAccounts() + " gone.";
            List<ChangeCount> byCheck = new ArrayList<>();
            changes.byCheck().forEach((checkId, c) -> byCheck.add(new ChangeCount(checkId, severity(checkId), c.newlyFailing(), c.resolved(),
                    c.stillFailing(), c.notRechecked())));
            byCheck.sort(Comparator.comparingInt((ChangeCount c) -> severityRank(c.severity())).thenComparing(c -> -c.newlyFailing()));
            List<ChangeLine> newlyFailing = new ArrayList<>();
            List<ChangeLine> resolved = new ArrayList<>();
            List<ChangeLine> newAccounts = new ArrayList<>();
            List<ChangeLine> gone = new ArrayList<>();
            for (AccountChanges account : changes.accounts() == null ? List.<AccountChanges>of() : changes.accounts()) {
                lines(account, account.newlyFailing(), newlyFailing);
                lines(account, account.resolved(), resolved);
                if (account.account() == AccountChange.NEW) {
                    newAccounts.add(new ChangeLine(account.accountId(), Html.orDash(account.accountName()), ouPath(account.ouId()), "", "", ""));
                } else if (account.account() == AccountChange.GONE) {
                    gone.add(new ChangeLine(account.accountId(), Html.orDash(account.accountName()), ouPath(account.ouId()), "", "", ""));
                }
            }
            Comparator<ChangeLine> bySeverity = Comparator.comparingInt(line -> severityRank(line.severity()));
            newlyFailing.sort(bySeverity);
            resolved.sort(bySeverity);
            return new Changes(changes.basis().name(), headline, changes.note(), byCheck, first(newlyFailing),
                    Math.max(0, counts.newlyFailing() - Math.min(LISTED_CHANGES, newlyFailing.size())), first(resolved),
                    Math.max(0, counts.resolved() - Math.min(LISTED_CHANGES, resolved.size())), first(newAccounts), first(gone));
        }

        private void lines(AccountChanges account, List<ResultRef> refs, List<ChangeLine> into) {
            if (refs != null) {
                refs.forEach(ref -> into.add(new ChangeLine(account.accountId(), Html.orDash(account.accountName()), ouPath(account.ouId()),
                        ref.checkId(), orEmpty(ref.region()), severity(ref.checkId()))));
            }
        }

        private static <T> List<T> first(List<T> values) {
            return values.size() <= LISTED_CHANGES ? values : values.subList(0, LISTED_CHANGES);
        }

        private List<Option> unitOptions() {
            Map<String, String> options = new TreeMap<>();
            view.units().forEach(unit -> options.put(unit, unit.isEmpty() ? "(none)" : ouLabel(unit)));
            return options.entrySet().stream().sorted(Map.Entry.comparingByValue())
                    .map(entry -> new Option(entry.getKey(), entry.getValue())).toList();
        }

        private List<Option> findingUnits(List<Finding> findings) {
            Map<String, String> options = new TreeMap<>();
            findings.forEach(finding -> options.put(finding.ouId(), finding.ouId().isEmpty() ? "(none)" : ouLabel(finding.ouId())));
            return options.entrySet().stream().sorted(Map.Entry.comparingByValue())
                    .map(entry -> new Option(entry.getKey(), entry.getValue())).toList();
        }

        /** {@code Workloads/Prod}; the id when the report has no path for it (an older report). */
        private String ouPath(String ouId) {
            if (ouId == null || ouId.isEmpty()) {
                return "-";
            }
            return units.getOrDefault(ouId, ouId);
        }

        /** {@code Workloads/Prod (ou-ab12-prod0001)}, or the id alone when the path is not known. */
        private String ouLabel(String ouId) {
            if (ouId == null || ouId.isEmpty()) {
                return "-";
            }
            String path = units.get(ouId);
            return path == null ? ouId : path + " (" + ouId + ")";
        }

        private String title(String checkId) {
            return catalog.apply(checkId).map(CheckDescriptor::title).orElse(checkId);
        }

        private String severity(String checkId) {
            return catalog.apply(checkId).map(descriptor -> descriptor.severity().name()).orElse("UNKNOWN");
        }
    }

    private static EntryLine entry(ExceptionNote note) {
        return new EntryLine("exceptions[" + note.entry() + "]", note.checks() == null ? "every check" : String.join(", ", note.checks()),
                Html.orDash(note.owner()), Html.orDash(note.expires()), Html.orDash(note.reason()), orEmpty(note.ticket()),
                note.results() == null ? "" : Integer.toString(note.results()));
    }

    private static List<String> severityOrder(Set<String> present) {
        List<String> order = new ArrayList<>(present);
        order.sort(Comparator.comparingInt(ReportPage::severityRank));
        return order;
    }

    /** CRITICAL first, then HIGH, MEDIUM, LOW, INFORMATIONAL; a check the catalog does not know last. */
    static int severityRank(String severity) {
        for (int i = 0; i < SEVERITIES.size(); i++) {
            if (SEVERITIES.get(i).name().equals(severity)) {
                return i;
            }
        }
        return SEVERITIES.size();
    }

    private static List<CheckResult> results(ReportRow row) {
        return row.checks() == null ? List.of()
                : row.checks().stream().filter(check -> check != null && check.checkId() != null && check.status() != null).toList();
    }

    private static String percent(int part, int whole) {
        return String.format(Locale.ROOT, "%d%%", (int) Math.floor(100.0 * part / whole));
    }

    static String css(CheckStatus status) {
        return switch (status) {
            case COMPLIANT -> "ok";
            case NON_COMPLIANT -> "nc";
            case REMEDIATED -> "fx";
            case ERROR -> "er";
            case NOT_APPLICABLE -> "na";
        };
    }

    /** A symbol as well as a colour, so that the matrix reads in black and white and for colour-blind readers. */
    static String symbol(CheckStatus status) {
        return switch (status) {
            case COMPLIANT -> "✓";
            case NON_COMPLIANT -> "✗";
            case REMEDIATED -> "↻";
            case ERROR -> "!";
            case NOT_APPLICABLE -> "–";
        };
    }

    static String label(CheckStatus status) {
        return switch (status) {
            case COMPLIANT -> "Compliant";
            case NON_COMPLIANT -> "Non-compliant";
            case REMEDIATED -> "Remediated";
            case ERROR -> "Error";
            case NOT_APPLICABLE -> "N/A";
        };
    }

    private static String word(String status) {
        return status.charAt(0) + status.substring(1).toLowerCase(Locale.ROOT);
    }

    /** What a person does about a failure code, as the README's table of error codes says. */
    static String advice(String code) {
        if (code.isEmpty()) {
            return "";
        }
        return switch (ErrorCode.valueOf(code)) {
            case ROLE_NOT_ASSUMABLE -> "AssumeRole was refused: is the account enrolled in Control Tower, and does the execution role exist and trust"
                    + " the Audit account? With the landing zone's security roles off (4.0) or roles of your own: has member-role.yaml's"
                    + " StackSet reached the account yet?";
            case CHECK_FAILED -> "The account was reached but a check could not run; each row says which and why.";
            case THROTTLED -> "AWS kept throttling after every retry: lower MaxConcurrency or run again.";
            case TIMEOUT -> "A call or the function ran out of time after every retry.";
            case SERVICE_UNAVAILABLE -> "AWS answered with server errors after every retry: run again later.";
            case FUNCTION_ERROR -> "The check function failed unexpectedly; the message carries its error; see its log group.";
            case MISSING_RESULT, DUPLICATE_RESULT -> "The Map returned no result, or several, for a listed account: reported, never dropped.";
            case RESULT_NOT_STORED -> "The account was checked but its results could not be written to the report bucket: let the check"
                    + " function's role put runs/* there (bucket policy, KMS key); the row names the object and the error.";
            default -> "";
        };
    }

    private static String message(ReportRow row) {
        if (row.errorMessage() != null && !row.errorMessage().isBlank()) {
            return row.errorMessage();
        }
        return results(row).stream().filter(check -> check.status() == CheckStatus.ERROR)
                .map(check -> check.checkId() + (check.detail() == null ? "" : ": " + check.detail())).findFirst().orElse("");
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    private static String entries(int count) {
        return count + (count == 1 ? " entry" : " entries");
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    /** The matrix's legend: each status's cell, symbol and word, and the excepted cell where the report has any. */
    public List<Cell> legend() {
        List<Cell> legend = new ArrayList<>(WORST_FIRST.stream().map(status -> new Cell(css(status), symbol(status), label(status), "", "")).toList());
        if (exceptions != null) {
            legend.add(2, EXCEPTED);
        }
        return legend;
    }
}
