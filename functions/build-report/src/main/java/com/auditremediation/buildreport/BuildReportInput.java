package com.auditremediation.buildreport;

import com.auditremediation.core.model.AccountListing;
import com.auditremediation.core.model.AccountResult;
import java.util.List;

/**
 * The "Build report" state's input: ListAccounts' listing, the Map's output (one result per iteration, in listing
 * order) and the execution's name and start time from the context object.
 */
public record BuildReportInput(
        AccountListing listing,
        List<AccountResult> results,
        String executionName,
        String startedAt) {
}
