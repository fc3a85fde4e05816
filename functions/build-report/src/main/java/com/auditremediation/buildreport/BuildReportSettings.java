package com.auditremediation.buildreport;

import com.auditremediation.core.Env;
import com.auditremediation.core.error.InvalidInputException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where BuildReport delivers the report, read once from the environment that template.yaml sets. A bad value fails
 * the function's initialisation with a message naming the variable, rather than every sweep later.
 *
 * @param reportBucket    {@code REPORT_BUCKET}: the bucket for the report's files; null writes none
 * @param notifyTopicArn  {@code NOTIFY_TOPIC_ARN}: the SNS topic told about failures and findings; null sends nothing
 * @param notifyOnSuccess {@code NOTIFY_ON_SUCCESS}: also send a message when every account and check passed
 * @param project         {@code PROJECT}: the template's Project, the metrics' dimension and the messages' prefix
 */
public record BuildReportSettings(String reportBucket, String notifyTopicArn, boolean notifyOnSuccess, String project) {

    public static final String REPORT_BUCKET = "REPORT_BUCKET";
    public static final String NOTIFY_TOPIC_ARN = "NOTIFY_TOPIC_ARN";
    public static final String NOTIFY_ON_SUCCESS = "NOTIFY_ON_SUCCESS";
    public static final String PROJECT = "PROJECT";
    /** Every variable read here, for the test that compares them with the template. */
    public static final List<String> VARIABLES = List.of(REPORT_BUCKET, NOTIFY_TOPIC_ARN, NOTIFY_ON_SUCCESS, PROJECT);

    public static final String DEFAULT_PROJECT = "audit-remediation";

    /** S3's rules for a bucket name in any region (no dots-next-to-dots, no IP form, 3 to 63 characters). */
    private static final Pattern BUCKET = Pattern.compile("(?!\\d+\\.\\d+\\.\\d+\\.\\d+$)(?!.*\\.\\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern TOPIC_ARN = Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?");
    private static final Pattern PROJECT_NAME = Pattern.compile("[a-z][a-z0-9-]{1,40}");

    public BuildReportSettings {
        if (reportBucket != null && !BUCKET.matcher(reportBucket).matches()) {
            throw new InvalidInputException(REPORT_BUCKET, "'" + reportBucket + "' is not a bucket name: 3 to 63 lower-case"
                    + " letters, digits, dots and dashes; set the template's ReportBucketName to an existing bucket, or leave it"
                    + " empty so that the stack creates one");
        }
        if (notifyTopicArn != null && !TOPIC_ARN.matcher(notifyTopicArn).matches()) {
            throw new InvalidInputException(NOTIFY_TOPIC_ARN, "'" + notifyTopicArn + "' is not an SNS topic ARN such as"
                    + " arn:aws:sns:eu-west-1:123456789012:audit-findings; set the template's NotificationTopicArn to one, or"
                    + " leave it empty");
        }
        if (project == null || !PROJECT_NAME.matcher(project).matches()) {
            throw new InvalidInputException(PROJECT, "'" + project + "' is not a project name: lower-case letters, digits"
                    + " and dashes, starting with a letter (the template's Project parameter)");
        }
    }

    /** Reads {@code REPORT_BUCKET}, {@code NOTIFY_TOPIC_ARN}, {@code NOTIFY_ON_SUCCESS} and {@code PROJECT}; blank is unset. */
    public static BuildReportSettings fromEnv(Env env) {
        return new BuildReportSettings(
                env.get(REPORT_BUCKET, null),
                env.get(NOTIFY_TOPIC_ARN, null),
                bool(NOTIFY_ON_SUCCESS, env.get(NOTIFY_ON_SUCCESS, "false")),
                env.get(PROJECT, DEFAULT_PROJECT));
    }

    private static boolean bool(String name, String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidInputException(name, "'" + value + "' is neither true nor false");
        };
    }
}
