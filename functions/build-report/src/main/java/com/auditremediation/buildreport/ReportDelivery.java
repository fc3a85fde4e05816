package com.auditremediation.buildreport;

import com.auditremediation.core.AwsClients;
import com.auditremediation.core.AwsFaults;
import com.auditremediation.core.JsonLog;
import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.core.model.Plan;
import com.auditremediation.core.model.Report;
import com.auditremediation.core.report.ReportFormat;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Everything BuildReport does with the whole report besides returning it: what changed since the previous sweep, its
 * files to S3, a message to SNS, its counts as CloudWatch metrics, an event on the default bus. Nothing here can lose the report: a failure becomes a line of {@code deliveryWarnings} that
 * says what failed, why and what to do, and the sweep still succeeds with its report (a missing S3 copy or message is
 * not worth failing a run whose results are all there).
 */
public final class ReportDelivery {

    private final ReportStore store;
    private final ReportNotifier notifier;
    private final ReportMetrics metrics;
    private final SweepHistory history;
    private final SweepEvents events;

    /** {@code store}, {@code notifier} and {@code metrics} may be null: no report bucket, no topic, no metrics. */
    public ReportDelivery(ReportStore store, ReportNotifier notifier, ReportMetrics metrics) {
        this(store, notifier, metrics, null, null);
    }

    /**
     * As above, with the sweeps before this one ({@code history}: what changed since, null when there is no report bucket)
     * and the events for the default bus ({@code events}; null sends none).
     */
    public ReportDelivery(ReportStore store, ReportNotifier notifier, ReportMetrics metrics, SweepHistory history, SweepEvents events) {
        this.store = store;
        this.notifier = notifier;
        this.metrics = metrics;
        this.history = history;
        this.events = events;
    }

    /**
     * For Lambda: the files go through {@code s3} (null when no bucket is configured), an SNS client only where a topic
     * is configured, metrics on stdout.
     */
    public static ReportDelivery create(BuildReportSettings settings, List<ReportFormat> formats, S3Client s3) {
        ReportStore store = settings.reportBucket() == null ? null : new ReportStore(s3, settings.reportBucket(), formats);
        ReportNotifier notifier = settings.notifyTopicArn() == null ? null
                : new ReportNotifier(AwsClients.build(SnsClient.builder()), settings.notifyTopicArn(), settings.notifyOnSuccess(), settings.project());
        return new ReportDelivery(store, notifier, new ReportMetrics(() -> System.out, settings.project(), Clock.systemUTC()),
                settings.reportBucket() == null ? null : new SweepHistory(s3, settings.reportBucket()),
                new SweepEvents(AwsClients.build(EventBridgeClient.builder()), settings.project(), CheckCatalog.shipped()::find));
    }

    /** The report with its files and warnings, and the S3 URI of the whole report (null when it was not written). */
    public record Delivered(Report report, String fullReportUri) {
    }

    public Delivered deliver(Report whole) {
        return deliver(whole, null);
    }

    /**
     * Adds what changed since the previous sweep (read before this sweep's files replace {@code latest/}), writes the
     * files, tells the topic, emits the metrics and puts the Sweep Completed event, naming {@code executionArn}.
     */
    public Delivered deliver(Report assembled, String executionArn) {
        List<String> warnings = new ArrayList<>();
        Report whole = history == null ? assembled : assembled.withChanges(history.changes(assembled));
        Report report = whole;
        String fullReportUri = null;
        if (store != null) {
            ReportStore.Stored stored = store.store(whole);
            report = report.withFiles(stored.files());
            if (history != null && stored.warning() == null) {
                history.remember(report);
            }
            fullReportUri = stored.fullReportUri();
            if (stored.warning() != null) {
                warnings.add(stored.warning());
            }
        }
        if (notifier != null && notifier.wanted(report)) {
            try {
                String messageId = notifier.publish(report.withDeliveryWarnings(warnings));
                JsonLog.info("notification sent", "topicArn", notifier.topicArn(), "messageId", messageId);
            } catch (RuntimeException e) {
                String code = e instanceof SdkException sdk ? AwsFaults.errorCode(sdk) : null;
                warnings.add(notificationWarning(code, e));
                JsonLog.warn("notification not sent", "topicArn", notifier.topicArn(), "errorCode", code, "error", e.toString());
            }
        }
        if (metrics != null) {
            try {
                metrics.emit(whole);
            } catch (RuntimeException e) {
                warnings.add("Metrics: could not write the EMF lines (" + e + "); see the function's log.");
            }
        }
        if (events != null) {
            String warning = events.sweepCompleted(report.withDeliveryWarnings(warnings), executionArn);
            if (warning != null) {
                warnings.add(warning);
            }
        }
        return new Delivered(report.withDeliveryWarnings(warnings), fullReportUri);
    }

    /** Writes {@code plan.json} and {@code plan.html}; the plan with their URIs, and a warning when S3 refused. */
    public Plan deliverPlan(Plan plan) {
        if (store == null) {
            return plan;
        }
        ReportStore.Stored stored = store.storePlan(plan);
        return plan.withFiles(stored.files()).withDeliveryWarnings(stored.warning() == null ? null : List.of(stored.warning()));
    }

    /**
     * Tells the topic that {@code plan} waits for approval, with the commands that decide (the task token among them).
     * Without a topic, or when SNS refuses, the log says how to find the plan; never throws: the wait goes on either
     * way, and {@code plan} shows the commands too.
     */
    public void announce(Plan plan, String executionArn, String taskToken) {
        JsonLog.info("plan waits for approval", "executionArn", executionArn, "items", plan.itemCount(),
                "show", "bin/audit-remediation plan --execution-arn " + executionArn);
        if (events != null) {
            String warning = events.planAwaitingApproval(plan, executionArn);
            if (warning != null) {
                JsonLog.warn("approval event not sent", "warning", warning);
            }
        }
        if (notifier == null) {
            return;
        }
        try {
            String messageId = notifier.publishPlan(plan, executionArn, taskToken);
            JsonLog.info("approval request sent", "topicArn", notifier.topicArn(), "messageId", messageId);
        } catch (RuntimeException e) {
            String code = e instanceof SdkException sdk ? AwsFaults.errorCode(sdk) : null;
            JsonLog.warn("approval request not sent", "topicArn", notifier.topicArn(), "warning", notificationWarning(code, e));
        }
    }

    private String notificationWarning(String code, RuntimeException e) {
        String what = code != null ? code : e.getClass().getSimpleName();
        String fix;
        if ("NotFound".equals(code) || "NotFoundException".equals(code)) {
            fix = "the topic does not exist: set the template's NotificationTopicArn to an existing topic, or leave it empty"
                    + " and set NotificationEmail so that the stack creates one.";
        } else if ("AuthorizationError".equals(code) || "AccessDenied".equals(code) || "KMSAccessDenied".equals(code)) {
            fix = "BuildReport's role may publish only to the topic the stack grants: check that NOTIFY_TOPIC_ARN (the"
                    + " template's NotificationTopicArn) is that topic, and that the topic's policy (and its KMS key, if"
                    + " encrypted) lets the role publish.";
        } else {
            fix = "the SDK's retries did not help; the report is complete here, see the function's log.";
        }
        return "SNS: could not publish to " + notifier.topicArn() + ": " + what + "; " + fix;
    }
}
