package com.auditremediation.checkaccount;

import com.auditremediation.core.AwsFaults;
import com.auditremediation.core.Env;
import com.auditremediation.core.Json;
import com.auditremediation.core.JsonLog;
import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountRows;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Writes each account's whole row (results, details, evidence, findings delivery) to the report bucket and gives back
 * the summary that the Map carries instead (see {@link AccountResult#summary}): the Map's output then grows by a
 * bounded amount per account whatever the findings, and BuildReport reads the rows back.
 *
 * <p>Keys: {@code runs/<execution>/accounts/<account id>.json} for a sweep's row, {@code runs/<execution>/fixes/<account
 * id>.json} for the row of the approved fixes' pass (see {@link AccountRows#key}); {@code runs/} expires after 30 days
 * in the bucket the template creates.
 *
 * <p>The check functions run as Control Tower's audit role, which we never modify: its AWS managed policy
 * {@code AWSLambdaExecute} allows {@code s3:PutObject} on every bucket ({@code arn:aws:s3:::*}), and the bucket is in
 * the same account, so no bucket policy has to grant it (a bucket with a KMS key needs the key to allow the role too).
 *
 * <p>When the write fails after the SDK's retries, the row is not lost silently: it is logged whole
 * ({@code account.row-not-stored}, with the bucket, key and AWS's error code; rows carry no credentials), and the
 * summary says {@code rowError}, which BuildReport reports as the account's FAILED row with
 * {@code RESULT_NOT_STORED}, keeping the counts. Returning the row inline instead would bring back the size limit
 * exactly when a permission is missing for every account at once.
 */
public final class AccountRowStore {

    private final S3Client s3;
    private final String bucket;
    private final Function<String, Severity> severityOf;

    /** {@code bucket} null: rows are returned whole, as before the report bucket held them (direct use, tests). */
    public AccountRowStore(S3Client s3, String bucket, CheckCatalog catalog) {
        this(s3, bucket, id -> catalog.find(id).map(CheckDescriptor::severity).orElse(null));
    }

    private AccountRowStore(S3Client s3, String bucket, Function<String, Severity> severityOf) {
        this.s3 = s3;
        this.bucket = bucket == null || bucket.isBlank() ? null : bucket.trim();
        this.severityOf = severityOf;
    }

    /** Returns every row whole: no bucket. */
    public static AccountRowStore inline() {
        return new AccountRowStore(null, null, id -> null);
    }

    /** The bucket is {@code REPORT_BUCKET}, which the template sets from ReportBucketName or the bucket it creates. */
    public static String bucket(Env env) {
        return env.get("REPORT_BUCKET", null);
    }

    /** Whether rows go to a bucket. */
    public boolean stores() {
        return bucket != null;
    }

    /**
     * Writes {@code row} (a sweep's row, or with {@code fixPass} the approved fixes' row) under the execution
     * {@code executionName} and returns its summary; without a bucket, returns {@code row} as it is.
     */
    public AccountResult store(AccountResult row, String executionName, boolean fixPass) {
        if (bucket == null) {
            return row;
        }
        String key = AccountRows.key(executionName, fixPass, row.accountId());
        AccountResult summary = AccountResult.summary(row, key, severityOf);
        try {
            s3.putObject(r -> r.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromString(Json.write(row)));
            return summary;
        } catch (SdkException e) {
            String code = errorCode(e);
            JsonLog.warn("account.row-not-stored", "accountId", row.accountId(), "executionName", executionName,
                    "bucket", bucket, "key", key, "errorCode", code, "errorMessage", e.getMessage(),
                    "fix", "let the check function's role put " + AccountRows.PREFIX + "* in the bucket (bucket policy, and the KMS key if"
                            + " the bucket uses one)", "row", row);
            return summary.withRowError(code);
        }
    }

    /** AWS's error code (AccessDenied, NoSuchBucket, ...), else the exception's name. */
    private static String errorCode(SdkException e) {
        String code = AwsFaults.errorCode(e);
        return code == null || code.isBlank() ? e.getClass().getSimpleName() : code;
    }
}
