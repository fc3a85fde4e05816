package com.auditremediation.buildreport;

import com.auditremediation.core.AwsFaults;
import com.auditremediation.core.Json;
import com.auditremediation.core.JsonLog;
import com.auditremediation.core.model.Report;
import com.auditremediation.core.model.SweepChanges;
import com.auditremediation.core.report.PreviousReport;
import com.auditremediation.core.report.SweepComparison;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What changed since the previous sweep, read from the report bucket before this sweep's files replace
 * {@code latest/}. {@code latest/} holds the last sweep whatever its scope (a run started by one failed control covers
 * one account and one check), so each sweep also leaves a small pointer per scope, {@code latest/scopes/<key>.json},
 * naming its own report under {@code reports/}; the key is a digest of the scope (the accounts selected, the checks,
 * the regions). The previous sweep of the same scope is the one its pointer names; without one (the first sweep of
 * that scope, or one from before pointers), the last sweep, {@code latest/report.json}, compared for what both covered.
 *
 * <p>Never throws: a report that cannot be read makes changes that say so, and a pointer that cannot be written is
 * logged (the next sweep of this scope then compares with whatever {@code latest/} holds).
 */
public final class SweepHistory {

    static final String SCOPES_PREFIX = ReportStore.LATEST_PREFIX + "scopes/";
    static final String LATEST_REPORT = ReportStore.LATEST_PREFIX + "report.json";

    private final S3Client s3;
    private final String bucket;

    public SweepHistory(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** A pointer to a sweep's report: what {@code latest/scopes/<key>.json} holds. */
    record Pointer(String executionName, String startedAt, String report, Map<String, Object> scope) {
    }

    /** What changed between the previous sweep (of the same scope, else the last one) and {@code report}. */
    public SweepChanges changes(Report report) {
        String key = null;
        try {
            String pointer = SCOPES_PREFIX + scopeKey(report) + ".json";
            if (exists(pointer)) {
                Pointer previous = Json.mapper().readValue(s3.getObjectAsBytes(get -> get.bucket(bucket).key(pointer)).asByteArray(), Pointer.class);
                if (exists(previous.report())) {
                    key = previous.report();
                } else {
                    JsonLog.warn("sweep-history.pointer-dangles", "pointer", uri(pointer), "report", uri(previous.report()));
                }
            }
            if (key == null && exists(LATEST_REPORT)) {
                key = LATEST_REPORT;
            }
            if (key == null) {
                return SweepChanges.first(null);
            }
            String previousKey = key;
            PreviousReport previous;
            try (InputStream in = s3.getObject(get -> get.bucket(bucket).key(previousKey))) {
                previous = PreviousReport.read(in, uri(previousKey));
            }
            SweepChanges changes = SweepComparison.compare(report, previous);
            JsonLog.info("sweep-history.compared", "previous", uri(previousKey), "basis", changes.basis(), "counts", changes.counts());
            return changes;
        } catch (SdkException e) {
            String code = AwsFaults.errorCode(e);
            JsonLog.warn("sweep-history.unreadable", "bucket", bucket, "key", key, "errorCode", code, "error", e.getMessage());
            return SweepChanges.unreadable("The previous report in s3://" + bucket + "/" + (key == null ? ReportStore.LATEST_PREFIX : key)
                    + " could not be read (" + (code == null ? e.getClass().getSimpleName() : code) + "): BuildReport's role needs"
                    + " s3:ListBucket on " + ReportStore.LATEST_PREFIX + "* and s3:GetObject on " + ReportStore.LATEST_PREFIX + "* and "
                    + ReportStore.REPORTS_PREFIX + "* of the report bucket, as the template grants.");
        } catch (IOException | RuntimeException e) {
            JsonLog.warn("sweep-history.unreadable", "bucket", bucket, "key", key, "error", e.toString());
            return SweepChanges.unreadable("The previous report in s3://" + bucket + "/" + (key == null ? ReportStore.LATEST_PREFIX : key)
                    + " is not a report this version can read (" + e.getMessage() + "); the next sweep compares with this one.");
        }
    }

    /** Leaves the pointer of {@code stored}'s scope to its report under {@code reports/}, once its files are written. */
    public void remember(Report stored) {
        String reportUri = stored.files() == null ? null : stored.files().get("json");
        String prefix = "s3://" + bucket + "/";
        if (reportUri == null || !reportUri.startsWith(prefix)) {
            return;
        }
        String pointer = SCOPES_PREFIX + scopeKey(stored) + ".json";
        try {
            byte[] body = Json.writePretty(new Pointer(stored.executionName(), stored.startedAt(), reportUri.substring(prefix.length()),
                    scope(stored))).getBytes(StandardCharsets.UTF_8);
            s3.putObject(put -> put.bucket(bucket).key(pointer).contentType("application/json"), RequestBody.fromBytes(body));
        } catch (SdkException e) {
            JsonLog.warn("sweep-history.pointer-not-written", "uri", uri(pointer), "errorCode", AwsFaults.errorCode(e), "error", e.getMessage());
        }
    }

    /** Whether {@code key} exists; a List call, since without s3:ListBucket on the key S3 answers a missing key with 403. */
    private boolean exists(String key) {
        return s3.listObjectsV2(list -> list.bucket(bucket).prefix(key).maxKeys(1)).contents().stream().anyMatch(object -> object.key().equals(key));
    }

    /** The accounts selected, the checks and the regions, each sorted: what makes two sweeps comparable in full. */
    static Map<String, Object> scope(Report report) {
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("selection", report.selection());
        scope.put("checks", report.context() == null ? List.of() : List.copyOf(new TreeSet<>(report.context().checks())));
        scope.put("regions", report.context() == null ? List.of() : List.copyOf(new TreeSet<>(report.context().regions())));
        return scope;
    }

    /** 16 hexadecimal digits of the scope's SHA-256. */
    static String scopeKey(Report report) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Json.write(scope(report)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private String uri(String key) {
        return "s3://" + bucket + "/" + key;
    }
}
