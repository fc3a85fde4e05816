package com.auditremediation.buildreport;

import com.auditremediation.core.AwsFaults;
import com.auditremediation.core.Json;
import com.auditremediation.core.JsonLog;
import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.model.AccountBatch;
import com.auditremediation.core.model.AccountBatchResult;
import com.auditremediation.core.model.AccountItem;
import com.auditremediation.core.model.AccountListing;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.CaughtError;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The distributed Map path of "Build report": reads the whole listing that ListAccounts left in S3 and the results
 * that the Map's {@code ResultWriter} wrote (a {@code manifest.json} naming {@code SUCCEEDED_n.json} and
 * {@code FAILED_n.json} files, each a JSON array of child executions with their {@code Input} and {@code Output} as
 * JSON text), and gives back the input that the inline path would have had. A failed child execution (a whole batch
 * that failed after its retries) becomes a FAILED row for every account of its batch, with the child's error.
 * Anything else missing is left to {@link ReportBuilder}, which reports every listed account without a result.
 */
public final class DistributedResults {

    private final S3Client s3;

    public DistributedResults(S3Client s3) {
        this.s3 = s3;
    }

    /** {@code input} unchanged on the inline path; on the distributed path the listing and results read from S3. */
    public BuildReportInput resolve(BuildReportInput input) {
        if (input.listing() == null || !input.listing().distributed()) {
            return input;
        }
        if (input.resultsLocation() == null) {
            throw new InvalidInputException("resultsLocation", "is missing but the listing is in S3 (distributed Map);"
                    + " pass the Map's ResultWriterDetails as resultsLocation");
        }
        AccountListing pointer = input.listing();
        AccountListing listing = read(pointer.itemsLocation().bucket(), pointer.itemsLocation().listingKey(), new TypeReference<>() { });
        Manifest manifest = read(input.resultsLocation().bucket(), input.resultsLocation().key(), new TypeReference<>() { });
        String bucket = manifest.destinationBucket() != null ? manifest.destinationBucket() : input.resultsLocation().bucket();
        List<AccountResult> results = new ArrayList<>();
        int succeededFiles = 0;
        int failedBatches = 0;
        for (ResultFile file : manifest.files("SUCCEEDED")) {
            succeededFiles++;
            for (ChildExecution child : read(bucket, file.key(), new TypeReference<List<ChildExecution>>() { })) {
                results.addAll(parse(child.output(), AccountBatchResult.class).results());
            }
        }
        for (ResultFile file : manifest.files("FAILED")) {
            for (ChildExecution child : read(bucket, file.key(), new TypeReference<List<ChildExecution>>() { })) {
                failedBatches++;
                CaughtError error = new CaughtError(child.error() != null ? child.error() : "States.ExecutionFailed", child.cause());
                for (AccountItem account : parse(child.input(), AccountBatch.class).items()) {
                    results.add(AccountResult.caught(account.id(), error));
                }
            }
        }
        JsonLog.info("build-report.distributed-results",
                "manifest", input.resultsLocation().key(),
                "listedAccounts", listing.accounts().size(),
                "results", results.size(),
                "succeededFiles", succeededFiles,
                "failedBatches", failedBatches);
        AccountListing whole = new AccountListing(listing.context(), listing.maxConcurrency(), listing.accounts(), listing.skipped(),
                listing.excludedCount(), listing.startedAt() != null ? listing.startedAt() : pointer.startedAt())
                .withScope(listing.selection(), listing.organizationalUnits());
        return input.withResolved(whole, results);
    }

    private <T> T read(String bucket, String key, TypeReference<T> type) {
        byte[] bytes;
        try {
            bytes = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
        } catch (SdkException e) {
            AwsFaults.rethrowIfTransient(e, "s3:GetObject s3://" + bucket + "/" + key);
            throw e;
        }
        try {
            return Json.mapper().readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException("s3://" + bucket + "/" + key + " is not what the distributed path writes: " + e.getMessage(), e);
        }
    }

    private static <T> T parse(String json, Class<T> type) {
        try {
            return Json.mapper().readValue(json == null ? "{}" : json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("a child execution's " + type.getSimpleName() + " is not valid: " + e.getMessage(), e);
        }
    }

    /** ResultWriter's manifest; only what we read of it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Manifest(@JsonProperty("DestinationBucket") String destinationBucket,
                    @JsonProperty("ResultFiles") Map<String, List<ResultFile>> resultFiles) {

        List<ResultFile> files(String status) {
            return resultFiles == null ? List.of() : resultFiles.getOrDefault(status, List.of());
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ResultFile(@JsonProperty("Key") String key) {
    }

    /** One child execution in a result file: Input and Output are JSON text; Error and Cause are set when it failed. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ChildExecution(@JsonProperty("Input") String input, @JsonProperty("Output") String output,
                          @JsonProperty("Error") String error, @JsonProperty("Cause") String cause) {
    }
}
