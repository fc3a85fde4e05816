package com.auditremediation.buildreport;

import com.auditremediation.core.model.AccountListing;
import com.auditremediation.core.model.AccountResult;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The "Build report" state's input: ListAccounts' listing, the Map's output (one result per iteration, in listing
 * order) and the execution's name and start time from the context object. On the distributed Map path the listing
 * points at S3, {@code results} is absent and {@code resultsLocation} is the distributed Map's
 * {@code ResultWriterDetails} (its manifest); {@link DistributedResults} reads both.
 */
public record BuildReportInput(
        AccountListing listing,
        List<AccountResult> results,
        String executionName,
        String startedAt,
        ResultsLocation resultsLocation) {

    public BuildReportInput(AccountListing listing, List<AccountResult> results, String executionName, String startedAt) {
        this(listing, results, executionName, startedAt, null);
    }

    /** Where ResultWriter put the manifest of a Map Run, as the Map's output names it. */
    public record ResultsLocation(@JsonProperty("Bucket") String bucket, @JsonProperty("Key") String key) {
    }
}
