package com.auditremediation.buildreport;

import com.auditremediation.core.error.ErrorCode;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.ApprovalDecision;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.ExceptionNote;
import com.auditremediation.core.model.ExceptionsReport;
import com.auditremediation.core.model.FixCounts;
import com.auditremediation.core.model.Plan;
import com.auditremediation.core.model.Report;
import com.auditremediation.core.model.ReportRow;
import com.auditremediation.core.model.Summary;
import com.auditremediation.core.report.ChangeMarks;
import com.auditremediation.core.report.ReportCounts;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Tells people about a sweep through an SNS topic: one plain-text message, fit for an email, when any account failed,
 * any result needs work (NON_COMPLIANT and no accepted risk covers it) or an exception expires within 14 days (or
 * after every sweep, with {@code notifyOnSuccess}). The message has the counts, excepted results apart from those that
 * need work, the first failures and findings, the exceptions about to expire, and where the report is; its subject is
 * ASCII and at most 100 characters, its body far below SNS's 256 KB.
 */
public final class ReportNotifier {

    /** SNS refuses a subject over 100 characters. */
    public static final int MAX_SUBJECT_LENGTH = 100;
    /** Accounts listed by name in each part of the message; the rest are counted. */
    public static final int MAX_ACCOUNTS_LISTED = 20;
    /** Longest line of the body; error messages are cut there. */
    static final int MAX_LINE_LENGTH = 300;

    private final SnsClient sns;
    private final String topicArn;
    private final boolean notifyOnSuccess;
    private final String project;

    public ReportNotifier(SnsClient sns, String topicArn, boolean notifyOnSuccess, String project) {
        this.sns = sns;
        this.topicArn = topicArn;
        this.notifyOnSuccess = notifyOnSuccess;
        this.project = project;
    }

    public String topicArn() {
        return topicArn;
    }

    /** A subject and a body, as published. */
    public record Message(String subject, String body) {
    }

    /** Whether {@code report} calls for a message: something failed or is non-compliant, or every sweep is wanted. */
    public boolean wanted(Report report) {
        return notifyOnSuccess || needsAttention(report);
    }

    /** Publishes the message for {@code report} and returns SNS's message id; SDK failures are the caller's to handle. */
    public String publish(Report report) {
        Message message = message(report);
        return sns.publish(publish -> publish.topicArn(topicArn).subject(message.subject()).message(message.body())).messageId();
    }

    static boolean needsAttention(Report report) {
        ReportCounts counts = ReportCounts.of(report);
        return counts.summary().failed() > 0 || counts.needsWork() > 0 || report.approval() != null || !expiringSoon(report).isEmpty();
    }

    private static List<ExceptionNote> expiringSoon(Report report) {
        return report.exceptions() == null ? List.of() : report.exceptions().expiringSoon();
    }

    Message message(Report report) {
        ReportCounts counts = ReportCounts.of(report);
        Summary summary = counts.summary();
        // Excepted results keep their verdict but need no work: the subject and the lists count only the others.
        int nonCompliant = counts.needsWork();
        String outcome;
        if (summary.failed() > 0 && nonCompliant > 0) {
            outcome = summary.failed() + " of " + summary.total() + " accounts failed, " + nonCompliant + " non-compliant";
        } else if (summary.failed() > 0) {
            outcome = summary.failed() + " of " + summary.total() + " accounts failed";
        } else if (nonCompliant > 0) {
            outcome = nonCompliant + " non-compliant results in " + summary.total() + " accounts";
        } else {
            outcome = "all " + summary.total() + " accounts passed";
        }
        String subject = ascii("[" + project + "] " + outcome + " - " + report.executionName(), MAX_SUBJECT_LENGTH);

        StringBuilder body = new StringBuilder();
        line(body, project + " sweep " + report.executionName() + (report.context() == null || report.context().mode() == null
                ? "" : " (" + report.context().mode().jsonValue() + " mode)"));
        line(body, "Started " + report.startedAt() + ", finished " + report.finishedAt() + ".");
        if (report.changes() != null) {
            line(body, "Changes: " + ChangeMarks.sentence(report.changes()) + ".");
        }
        body.append('\n');
        line(body, "Accounts: " + summary.total() + " total, " + summary.succeeded() + " succeeded, " + summary.failed()
                + " failed, " + summary.skipped() + " skipped" + (summary.excluded() > 0 ? " (" + summary.excluded() + " excluded on request)" : "") + ".");
        if (!counts.failuresByCode().isEmpty()) {
            line(body, "Failures by code: " + counts.failuresByCode().entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + ".");
        }
        if (summary.checks() != null) {
            Map<String, Integer> excepted = summary.excepted() == null ? Map.of() : summary.excepted();
            String findings = summary.checks().entrySet().stream()
                    .filter(e -> e.getValue().getOrDefault(CheckStatus.NON_COMPLIANT, 0) - excepted.getOrDefault(e.getKey(), 0) > 0)
                    .map(e -> e.getKey() + " " + (e.getValue().get(CheckStatus.NON_COMPLIANT) - excepted.getOrDefault(e.getKey(), 0)))
                    .collect(Collectors.joining(", "));
            line(body, "Non-compliant results: " + (findings.isEmpty() ? "none" : findings) + ".");
            if (!excepted.isEmpty()) {
                line(body, "Excepted (accepted risks, not counted above): " + counts.excepted() + " results"
                        + (report.exceptions() == null || report.exceptions().excepted().isEmpty() ? "" : " (" + report.exceptions().excepted()
                        .entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + ")") + ": "
                        + excepted.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + ".");
            }
        }

        if (report.approval() != null && report.approval().counts() != null) {
            FixCounts fixes = report.approval().counts();
            ApprovalDecision decision = report.approval().decision();
            line(body, "Approval: " + (decision == null ? "nothing to approve" : Boolean.TRUE.equals(decision.timedOut())
                    ? "rejected (nobody decided in time)" : decision.decision().jsonValue() + (decision.by() == null ? "" : " by " + decision.by()))
                    + "; " + fixes.planned() + " fixes planned: " + fixes.fixed() + " fixed, " + fixes.changed()
                    + " skipped because changed, " + fixes.refused() + " refused, " + fixes.failed() + " failed.");
        }

        List<ReportRow> failed = report.accounts().stream().filter(row -> row.status() == AccountStatus.FAILED).toList();
        if (!failed.isEmpty()) {
            body.append('\n');
            line(body, heading("Failed accounts", failed.size()));
            failed.stream().limit(MAX_ACCOUNTS_LISTED).forEach(row -> line(body, "- " + account(row) + ": "
                    + (row.errorCode() == null ? ErrorCode.FUNCTION_ERROR : row.errorCode()) + (row.errorMessage() == null ? "" : " - " + row.errorMessage())));
        }
        List<ReportRow> findings = report.accounts().stream().filter(row -> !nonCompliantChecks(row).isEmpty()).toList();
        if (!findings.isEmpty()) {
            body.append('\n');
            line(body, heading("Accounts with non-compliant checks", findings.size()));
            findings.stream().limit(MAX_ACCOUNTS_LISTED).forEach(row -> line(body, "- " + account(row) + ": "
                    + String.join(", ", nonCompliantChecks(row))));
        }
        List<ExceptionNote> expiring = expiringSoon(report);
        if (!expiring.isEmpty()) {
            body.append('\n');
            line(body, heading("Exceptions expiring within " + ExceptionsReport.EXPIRING_DAYS + " days (renew or close them: once"
                    + " expired, their results need work again)", expiring.size()));
            expiring.stream().limit(MAX_ACCOUNTS_LISTED).forEach(note -> line(body, "- exceptions[" + note.entry() + "] expires "
                    + note.expires() + ", owner " + note.owner() + (note.ticket() == null ? "" : ", " + note.ticket()) + ": "
                    + (note.checks() == null ? "every check" : String.join(", ", note.checks())) + " (" + note.results()
                    + " results now) - " + note.reason()));
        }

        body.append('\n');
        Map<String, String> files = report.files();
        if (files != null && !files.isEmpty()) {
            line(body, "Full report:");
            files.entrySet().stream().filter(e -> !e.getKey().startsWith("latest")).forEach(e -> line(body, "  " + e.getValue()));
        } else {
            line(body, "The report is the output of execution " + report.executionName() + " of the state machine "
                    + project + "-sweep (no report file in S3" + (report.deliveryWarnings() == null ? "" : ": see its deliveryWarnings") + ").");
        }
        return new Message(subject, body.toString());
    }

    /** Publishes the approval request for {@code plan}; returns SNS's message id. */
    public String publishPlan(Plan plan, String executionArn, String taskToken) {
        Message message = planMessage(plan, executionArn, taskToken);
        return sns.publish(publish -> publish.topicArn(topicArn).subject(message.subject()).message(message.body())).messageId();
    }

    /**
     * The approval request: what the plan fixes, where plan.html is, and the exact commands that approve or reject it,
     * with our CLI (which records the caller identity of whoever decides) and with the AWS CLI alone.
     */
    Message planMessage(Plan plan, String executionArn, String taskToken) {
        int accounts = plan.accounts().size();
        String subject = ascii("[" + project + "] approval needed: " + plan.itemCount() + " fixes in " + accounts
                + (accounts == 1 ? " account" : " accounts") + " - " + plan.executionName(), MAX_SUBJECT_LENGTH);
        StringBuilder body = new StringBuilder();
        line(body, project + " sweep " + plan.executionName() + " waits for approval before it fixes anything.");
        line(body, "Read-only sweep started " + plan.startedAt() + "; plan made " + plan.createdAt() + ".");
        body.append('\n');
        line(body, heading("Planned fixes by account", accounts));
        plan.accounts().stream().limit(MAX_ACCOUNTS_LISTED).forEach(account -> line(body, "- " + account.account().id()
                + (account.account().name() == null ? "" : " " + account.account().name()) + ": "
                + account.items().stream().map(item -> item.region() == null ? item.checkId() : item.checkId() + " (" + item.region() + ")")
                .collect(Collectors.joining(", "))));
        body.append('\n');
        if (plan.files() != null && !plan.files().isEmpty()) {
            line(body, "The plan, with the failing settings as read and what each fix sets:");
            plan.files().values().forEach(uri -> line(body, "  " + uri));
        } else {
            line(body, "The plan is in the execution's history (state \"Wait for approval\"); show it with:");
            command(body, "bin/audit-remediation plan --execution-arn " + executionArn);
        }
        body.append('\n');
        line(body, "Each fix runs only if its setting still fails exactly as planned; nothing is written on rejection, and"
                + " without a decision within the template's ApprovalTimeoutHours the plan counts as rejected.");
        line(body, "Approve (records your caller identity):");
        command(body, "bin/audit-remediation approve --execution-arn " + executionArn);
        line(body, "Reject:");
        command(body, "bin/audit-remediation approve --execution-arn " + executionArn + " --reject --reason \"...\"");
        line(body, "With the AWS CLI alone (put your own ARN in \"by\"; CloudTrail records the caller of SendTaskSuccess):");
        command(body, "aws stepfunctions send-task-success --task-token '" + taskToken + "' --task-output"
                + " '{\"decision\":\"approved\",\"by\":\"<your ARN>\",\"reason\":\"...\"}'");
        command(body, "aws stepfunctions send-task-success --task-token '" + taskToken + "' --task-output"
                + " '{\"decision\":\"rejected\",\"by\":\"<your ARN>\",\"reason\":\"...\"}'");
        return new Message(subject, body.toString());
    }

    /** A command to copy: on its own line and never cut (a task token is far longer than a line). */
    private static void command(StringBuilder body, String text) {
        body.append("  ").append(text.replaceAll("[\\r\\n\\t]+", " ")).append('\n');
    }

    private static String heading(String what, int count) {
        return count > MAX_ACCOUNTS_LISTED ? what + " (first " + MAX_ACCOUNTS_LISTED + " of " + count + "):" : what + " (" + count + "):";
    }

    private static String account(ReportRow row) {
        return row.accountName() == null ? row.accountId() : row.accountId() + " " + row.accountName();
    }

    /**
     * The ids of the row's non-compliant checks that need work (no accepted risk), a regional one with its regions:
     * "ebs-default-encryption (eu-west-1)".
     */
    private static Set<String> nonCompliantChecks(ReportRow row) {
        Set<String> ids = new LinkedHashSet<>();
        if (row.checks() != null) {
            for (CheckResult check : row.checks()) {
                if (check != null && check.needsWork()) {
                    ids.add(check.region() == null ? check.checkId() : check.checkId() + " (" + check.region() + ")");
                }
            }
        }
        return ids;
    }

    private static void line(StringBuilder body, String text) {
        String single = text.replaceAll("[\\r\\n\\t]+", " ");
        body.append(single.length() > MAX_LINE_LENGTH ? single.substring(0, MAX_LINE_LENGTH - 3) + "..." : single).append('\n');
    }

    /**
     * {@code text} as printable ASCII on one line, at most {@code max} characters: what SNS accepts as a subject
     * (and what an email client shows without encoding trouble). Other characters become '?'.
     */
    static String ascii(String text, int max) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.replaceAll("\\s+", " ").strip().getBytes(StandardCharsets.US_ASCII)) {
            out.append(b >= 0x20 && b < 0x7f ? (char) b : '?');
        }
        return out.length() > max ? out.substring(0, max - 3) + "..." : out.toString();
    }
}
