package com.auditremediation.buildreport;

import com.auditremediation.core.AwsFaults;
import com.auditremediation.core.Json;
import com.auditremediation.core.JsonLog;
import com.auditremediation.core.model.Plan;
import com.auditremediation.core.model.Report;
import com.auditremediation.core.report.PlanHtmlFormat;
import java.nio.charset.StandardCharsets;
import com.auditremediation.core.report.ReportFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Writes a report's files to the report bucket: each format under
 * {@code reports/<yyyy>/<mm>/<dd>/<execution>/} (the date of the report's {@code startedAt}, UTC) and again under
 * {@code latest/}, which the next run overwrites. Every copy is the whole report, whatever the execution's output had
 * to leave out, and carries the S3 URIs of all its files in {@code files}.
 *
 * <p>A failed write never throws: the store stops at the first failure (the others would fail alike) and returns what
 * was written with a warning that names the object, AWS's error and the fix.
 */
public final class ReportStore {

    public static final String REPORTS_PREFIX = "reports/";
    public static final String LATEST_PREFIX = "latest/";

    private static final DateTimeFormatter DATE_PATH = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    /** Step Functions allows 80 characters in an execution name. */
    private static final int MAX_FOLDER_LENGTH = 80;

    private final S3Client s3;
    private final String bucket;
    private final List<ReportFormat> formats;

    public ReportStore(S3Client s3, String bucket, List<ReportFormat> formats) {
        if (formats == null || formats.isEmpty()) {
            throw new IllegalArgumentException("formats must name at least one ReportFormat");
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.formats = List.copyOf(formats);
    }

    public String bucket() {
        return bucket;
    }

    /** What {@link #store} wrote: the URIs keyed as in {@link Report#files()}, the whole report's URI, and a warning or null. */
    public record Stored(Map<String, String> files, String fullReportUri, String warning) {
    }

    /** Writes every format of {@code report} (the whole report) at both places; never throws for an S3 failure. */
    public Stored store(Report report) {
        String folder = folder(report.executionName(), report.startedAt(), report.finishedAt());
        Map<String, String> planned = new LinkedHashMap<>();
        Map<String, String> keys = new LinkedHashMap<>();
        for (ReportFormat format : formats) {
            String name = fileKey(format);
            keys.put(name, folder + format.fileName());
            keys.put("latest" + capitalised(name), LATEST_PREFIX + format.fileName());
        }
        keys.forEach((name, key) -> planned.put(name, uri(key)));
        Report withFiles = report.withFiles(planned);

        Map<String, String> written = new LinkedHashMap<>();
        for (ReportFormat format : formats) {
            String name = fileKey(format);
            byte[] content;
            try {
                content = format.render(withFiles);
            } catch (RuntimeException e) {
                String warning = "S3: could not render " + format.fileName() + " (" + e + "); no file of this run was"
                        + " written after it. This is a bug in the report format: see the function's log.";
                JsonLog.error("report format failed", "format", format.fileName(), "error", e.toString());
                return new Stored(written, fullReportUri(written), warning);
            }
            for (String target : List.of(name, "latest" + capitalised(name))) {
                String warning = put(keys.get(target), format.contentType(), content);
                if (warning != null) {
                    return new Stored(written, fullReportUri(written), warning);
                }
                written.put(target, uri(keys.get(target)));
            }
        }
        JsonLog.info("report files written", "bucket", bucket, "folder", folder, "files", written.size());
        return new Stored(written, fullReportUri(written), null);
    }

    /**
     * Writes {@code plan.json} and {@code plan.html} beside the run's report (same folder, no {@code latest/} copy: a
     * plan belongs to its execution); never throws for an S3 failure. The stored plan carries both URIs in {@code files}.
     */
    public Stored storePlan(Plan plan) {
        String folder = folder(plan.executionName(), plan.startedAt(), plan.createdAt());
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("json", folder + "plan.json");
        keys.put("html", folder + "plan.html");
        Map<String, String> planned = new LinkedHashMap<>();
        keys.forEach((name, key) -> planned.put(name, uri(key)));
        Plan withFiles = plan.withFiles(planned);
        Map<String, String> written = new LinkedHashMap<>();
        for (Map.Entry<String, String> file : keys.entrySet()) {
            boolean json = file.getKey().equals("json");
            byte[] content = json ? Json.writePretty(withFiles).getBytes(StandardCharsets.UTF_8) : PlanHtmlFormat.render(withFiles);
            String warning = put(file.getValue(), json ? "application/json" : "text/html; charset=utf-8", content);
            if (warning != null) {
                return new Stored(written, written.get("json"), warning);
            }
            written.put(file.getKey(), uri(file.getValue()));
        }
        JsonLog.info("plan files written", "bucket", bucket, "folder", folder, "items", plan.itemCount());
        return new Stored(written, written.get("json"), null);
    }

    /** Puts one object; the warning for the report when S3 refused it, else null. */
    private String put(String key, String contentType, byte[] content) {
        try {
            s3.putObject(put -> put.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(content));
            return null;
        } catch (SdkException e) {
            JsonLog.warn("report file not written", "uri", uri(key), "errorCode", AwsFaults.errorCode(e), "error", e.getMessage());
            return warning(uri(key), e);
        }
    }

    /** {@code reports/2025/03/01/sweep-1/}: the run's folder. */
    static String folder(String executionName, String startedAt, String finishedAt) {
        return REPORTS_PREFIX + datePath(startedAt, finishedAt) + "/" + folderName(executionName) + "/";
    }

    /** {@code reports/2025/03/01/sweep-1/}'s date part: the run's start (UTC), else its end. */
    static String datePath(String startedAt, String finishedAt) {
        for (String time : new String[] {startedAt, finishedAt}) {
            if (time != null) {
                try {
                    return DATE_PATH.format(Instant.parse(time));
                } catch (DateTimeParseException e) {
                    // Not an instant: try the next one.
                }
            }
        }
        return DATE_PATH.format(Instant.now());
    }

    /** The execution's name as one safe key segment: letters, digits, '.', '_' and '-'; anything else becomes '-'. */
    static String folderName(String executionName) {
        if (executionName == null || executionName.isBlank()) {
            return "unnamed-execution";
        }
        String name = executionName.strip().replaceAll("[^A-Za-z0-9._-]", "-");
        if (name.chars().allMatch(c -> c == '.')) {
            name = name.replace('.', '-');
        }
        return name.length() > MAX_FOLDER_LENGTH ? name.substring(0, MAX_FOLDER_LENGTH) : name;
    }

    /** {@code report.json} is filed under {@code json}. */
    static String fileKey(ReportFormat format) {
        String fileName = format.fileName();
        int dot = fileName.lastIndexOf('.');
        return (dot >= 0 ? fileName.substring(dot + 1) : fileName).toLowerCase(Locale.ROOT);
    }

    private static String capitalised(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private String uri(String key) {
        return "s3://" + bucket + "/" + key;
    }

    /** The run's own JSON copy if it was written, else the run's first file written, else null. */
    private static String fullReportUri(Map<String, String> written) {
        if (written.containsKey("json")) {
            return written.get("json");
        }
        return written.entrySet().stream().filter(e -> !e.getKey().startsWith("latest")).map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private String warning(String uri, SdkException e) {
        String code = AwsFaults.errorCode(e);
        String what = code != null ? code + " (" + firstLine(e.getMessage()) + ")" : firstLine(e.getMessage());
        String fix;
        if ("NoSuchBucket".equals(code)) {
            fix = "the bucket " + bucket + " does not exist: set the template's ReportBucketName to an existing bucket, or"
                    + " leave it empty so that the stack creates one.";
        } else if ("AccessDenied".equals(code) || "AllAccessDisabled".equals(code) || "KMS.AccessDeniedException".equals(code)) {
            fix = "BuildReport's role may write only to " + bucket + "/" + REPORTS_PREFIX + "* and " + bucket + "/"
                    + LATEST_PREFIX + "*: check that REPORT_BUCKET (the template's ReportBucketName) names the bucket the"
                    + " stack grants, and that the bucket's policy (and its KMS key, if it has one) lets the role put objects.";
        } else {
            fix = "the SDK's retries did not help; rerun the sweep, or see the function's log.";
        }
        return "S3: could not write " + uri + ": " + what + "; " + fix;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        String line = message.lines().findFirst().orElse("").strip();
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
