package com.auditremediation.listaccounts;

import com.auditremediation.core.AwsFaults;
import com.auditremediation.core.Env;
import com.auditremediation.core.JsonLog;
import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.exceptions.ExceptionsFile;
import com.auditremediation.core.exceptions.ValidatedEntry;
import java.time.LocalDate;
import java.util.List;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Where a sweep's exceptions come from: the object at {@code EXCEPTIONS_KEY} (the template's ExceptionsKey, default
 * {@value ExceptionsFile#DEFAULT_KEY}) in the report bucket, or the one that the execution input's
 * {@code ExceptionsKey} names for that run. Read once per sweep, by ListAccounts, before any account is listed.
 *
 * <ul>
 *   <li>No object at the template's key: no exceptions (logged). No object at a key that the input named: INVALID_INPUT,
 *       since someone meant one.</li>
 *   <li>An object that cannot be read (AccessDenied, a KMS key that refuses): {@link ExceptionsNotReadableException},
 *       naming it; the sweep stops. Throttling and 5xx are retried as every transient fault is.</li>
 *   <li>A file that is not valid: INVALID_INPUT naming the object, the entry and the field ({@link ExceptionsFile}).</li>
 * </ul>
 *
 * <p>Whether the object exists is asked with {@code ListObjectsV2} on its key as the prefix: without s3:ListBucket, S3
 * answers a GET of a missing key with AccessDenied, which cannot be told from a real refusal, and a refusal must stop
 * the sweep. The role's s3:ListBucket is limited to the prefix {@code config/}.
 */
public final class ExceptionsSource {

    public static final String KEY_VARIABLE = "EXCEPTIONS_KEY";

    private final S3Client s3;
    private final String bucket;
    private final String defaultKey;
    private final ExceptionsFile file;

    /** {@code bucket} null: no report bucket, so no exceptions object (and an input that names one is refused). */
    public ExceptionsSource(S3Client s3, String bucket, String defaultKey, String partition) {
        this.s3 = s3;
        this.bucket = bucket == null || bucket.isBlank() ? null : bucket.trim();
        this.defaultKey = ExceptionsFile.validateKey(KEY_VARIABLE, defaultKey);
        this.file = new ExceptionsFile(CheckCatalog.shipped(), partition);
    }

    /** No report bucket: never any exceptions. */
    public static ExceptionsSource none(String partition) {
        return new ExceptionsSource(null, null, ExceptionsFile.DEFAULT_KEY, partition);
    }

    /** {@code REPORT_BUCKET} and {@code EXCEPTIONS_KEY}; a bad key fails the function's initialisation, naming the variable. */
    public static ExceptionsSource fromEnv(Env env, S3Client s3, String partition) {
        return new ExceptionsSource(s3, env.get("REPORT_BUCKET", null), env.get(KEY_VARIABLE, ExceptionsFile.DEFAULT_KEY), partition);
    }

    /** What was read: the validated entries (expired ones included) and where from; {@link #NONE} without a file. */
    public record Loaded(List<ValidatedEntry> entries, String location, String versionId) {
        public static final Loaded NONE = new Loaded(List.of(), null, null);

        public boolean present() {
            return location != null;
        }
    }

    /** The exceptions of a sweep: at {@code requestedKey} (the input's ExceptionsKey), else at the template's key. */
    public Loaded load(String requestedKey, LocalDate today) {
        if (bucket == null) {
            if (requestedKey != null) {
                throw new InvalidInputException("ExceptionsKey", "names " + requestedKey + ", but this stack has no report bucket to read"
                        + " it from; leave ExceptionsKey out");
            }
            return Loaded.NONE;
        }
        String key = requestedKey != null ? requestedKey : defaultKey;
        String location = "s3://" + bucket + "/" + key;
        if (!exists(key, location)) {
            if (requestedKey != null) {
                throw new InvalidInputException("ExceptionsKey", location + " does not exist; upload it first (bin/audit-remediation"
                        + " exceptions push FILE --key " + key + ") or leave ExceptionsKey out for the template's " + defaultKey);
            }
            JsonLog.info("exceptions.none", "location", location);
            return Loaded.NONE;
        }
        ResponseBytes<GetObjectResponse> object;
        try {
            object = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw refused("s3:GetObject", location, e);
        }
        List<ValidatedEntry> entries;
        try {
            entries = file.read(key, object.asByteArray(), today);
        } catch (InvalidInputException e) {
            throw e.in(location);
        }
        String versionId = object.response().versionId();
        JsonLog.info("exceptions.read", "location", location, "versionId", versionId, "entries", entries.size(),
                "expired", entries.stream().filter(entry -> entry.expiredOn(today)).count());
        return new Loaded(entries, location, versionId);
    }

    private boolean exists(String key, String location) {
        try {
            return s3.listObjectsV2(r -> r.bucket(bucket).prefix(key).maxKeys(1)).contents().stream()
                    .anyMatch(object -> object.key().equals(key));
        } catch (SdkException e) {
            throw refused("s3:ListBucket", location, e);
        }
    }

    private static RuntimeException refused(String call, String location, SdkException e) {
        AwsFaults.rethrowIfTransient(e, call + " " + location);
        String code = AwsFaults.errorCode(e);
        return new ExceptionsNotReadableException(call, location, code == null ? e.getClass().getSimpleName() : code, e);
    }
}
