package com.auditremediation.buildreport;

import com.auditremediation.core.AwsFaults;
import com.auditremediation.core.Json;
import com.auditremediation.core.JsonLog;
import com.auditremediation.core.error.ErrorCode;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Puts each account's whole row back in place of the summary that the Map carried (see CheckAccount's
 * {@code AccountRowStore}): reads {@code s3://<report bucket>/<rowKey>}, at most {@code concurrency} at once, each read
 * tried up to {@link #ATTEMPTS} times when the failure is transient (throttling, 5xx, a lost connection; the SDK retries
 * each attempt too). Results that are not summaries (a Catch's row, a row passed whole) are kept as they are.
 *
 * <p>Nothing is dropped: a row that is missing, unreadable or not the account's becomes that account's FAILED row with
 * {@code MISSING_RESULT}, naming the object, the error and what the summary said; a summary whose row could not be
 * written ({@code rowError}) becomes a FAILED row with {@code RESULT_NOT_STORED}.
 */
public final class RowReader {

    /** Reads at once: S3 serves far more; this bounds the function's threads and memory in flight. */
    public static final int DEFAULT_CONCURRENCY = 32;
    static final int ATTEMPTS = 3;

    private final S3Client s3;
    private final String bucket;
    private final int concurrency;
    private final Duration retryDelay;

    /** {@code s3} and {@code bucket} null: no report bucket, so every summary's row is reported unreadable. */
    public RowReader(S3Client s3, String bucket) {
        this(s3, bucket, DEFAULT_CONCURRENCY, Duration.ofMillis(200));
    }

    public RowReader(S3Client s3, String bucket, int concurrency, Duration retryDelay) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be 1 or more: " + concurrency);
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.concurrency = concurrency;
        this.retryDelay = retryDelay;
    }

    /** A reader without a bucket: for a BuildReport that only ever gets whole rows. */
    public static RowReader none() {
        return new RowReader(null, null);
    }

    /** {@code input} with the sweep's results and the approved fixes' results in their whole form. */
    public BuildReportInput resolve(BuildReportInput input) {
        BuildReportInput.ApprovalState approval = input.approval();
        if (approval != null && approval.remediation() != null) {
            approval = new BuildReportInput.ApprovalState(approval.plan(), approval.decision(), resolve(approval.remediation()));
        }
        return input.withResults(input.results() == null ? null : resolve(input.results()), approval);
    }

    /** The whole rows, in the order of {@code results}. */
    public List<AccountResult> resolve(List<AccountResult> results) {
        long summaries = results.stream().filter(result -> result != null && result.summarized()).count();
        if (summaries == 0) {
            return results;
        }
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool((int) Math.min(concurrency, summaries));
        try {
            List<Future<AccountResult>> reads = new ArrayList<>();
            for (AccountResult result : results) {
                reads.add(result != null && result.summarized() ? pool.submit(() -> row(result)) : null);
            }
            List<AccountResult> rows = new ArrayList<>(results.size());
            for (int i = 0; i < results.size(); i++) {
                rows.add(reads.get(i) == null ? results.get(i) : await(reads.get(i), results.get(i)));
            }
            JsonLog.info("build-report.rows-read", "bucket", bucket, "rows", summaries, "concurrency", Math.min(concurrency, summaries),
                    "unreadable", rows.stream().filter(row -> row != null && row.errorCode() == ErrorCode.MISSING_RESULT).count(),
                    "notStored", rows.stream().filter(row -> row != null && row.errorCode() == ErrorCode.RESULT_NOT_STORED).count(),
                    "durationMs", (System.nanoTime() - start) / 1_000_000);
            return rows;
        } finally {
            pool.shutdownNow();
        }
    }

    private AccountResult row(AccountResult summary) throws InterruptedException {
        String uri = "s3://" + bucket + "/" + summary.rowKey();
        if (summary.rowError() != null) {
            return AccountResult.failed(summary.accountId(), ErrorCode.RESULT_NOT_STORED, CaughtErrors.cap("The account was checked ("
                    + outcome(summary) + ") but the check function could not write its row to " + uri + " (" + summary.rowError()
                    + "): let its role put runs/* in the bucket (the bucket policy, and the KMS key if the bucket uses one). The"
                    + " function's log has the row (account.row-not-stored)."), null, summary.durationMs());
        }
        if (s3 == null || bucket == null) {
            return unreadable(summary, "s3://(no report bucket)/" + summary.rowKey(), "BuildReport has no REPORT_BUCKET to read it from");
        }
        byte[] bytes = null;
        for (int attempt = 1; bytes == null; attempt++) {
            try {
                bytes = s3.getObjectAsBytes(r -> r.bucket(bucket).key(summary.rowKey())).asByteArray();
            } catch (SdkException e) {
                boolean transientFailure = AwsFaults.transientFailure(e, "s3:GetObject " + uri).isPresent();
                if (!transientFailure || attempt >= ATTEMPTS) {
                    String code = AwsFaults.errorCode(e);
                    return unreadable(summary, uri, (code == null ? e.getClass().getSimpleName() : code)
                            + (transientFailure ? " after " + ATTEMPTS + " attempts" : "")
                            + ("AccessDenied".equals(code) ? "; without s3:ListBucket a missing object reads as AccessDenied" : ""));
                }
                Thread.sleep(retryDelay.toMillis() << (attempt - 1));
            }
        }
        AccountResult row;
        try {
            row = Json.mapper().readValue(bytes, AccountResult.class);
        } catch (IOException e) {
            return unreadable(summary, uri, "not an account's row: " + e.getMessage());
        }
        if (row == null || summary.accountId() == null || !summary.accountId().equals(row.accountId()) || row.summarized()) {
            return unreadable(summary, uri, "it holds " + (row == null ? "nothing" : row.summarized() ? "another summary"
                    : "the row of account " + row.accountId()));
        }
        return row;
    }

    private static AccountResult await(Future<AccountResult> read, AccountResult summary) {
        try {
            return read.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unreadable(summary, summary.rowKey(), "interrupted");
        } catch (ExecutionException e) {
            return unreadable(summary, summary.rowKey(), String.valueOf(e.getCause()));
        }
    }

    private static AccountResult unreadable(AccountResult summary, String uri, String why) {
        return AccountResult.failed(summary.accountId(), ErrorCode.MISSING_RESULT, CaughtErrors.cap("The Map's result names this"
                + " account's row at " + uri + ", which could not be read (" + why + "). The summary said: " + outcome(summary) + "."),
                null, summary.durationMs());
    }

    /** "SUCCEEDED; results COMPLIANT 3, NON_COMPLIANT 10" or "FAILED (ROLE_NOT_ASSUMABLE); no results". */
    static String outcome(AccountResult summary) {
        String status = summary.status() == null ? "no status" : summary.status().name();
        if (summary.status() == AccountStatus.FAILED && summary.errorCode() != null) {
            status += " (" + summary.errorCode() + ")";
        }
        Map<?, Integer> counts = summary.compliance();
        return status + "; " + (counts == null || counts.isEmpty() ? "no results" : "results " + counts.entrySet().stream()
                .map(entry -> entry.getKey() + " " + entry.getValue()).collect(Collectors.joining(", ")));
    }
}
