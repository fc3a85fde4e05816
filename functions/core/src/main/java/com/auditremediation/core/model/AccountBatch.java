package com.auditremediation.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One item of the distributed Map: up to a batch's worth of accounts. ListAccounts writes these to S3 and the Map's
 * {@code ItemSelector} adds the {@link BatchInput}, which gives the same shape that an {@code ItemBatcher} would
 * ({@code {"Items": [...], "BatchInput": {...}}}), so the batch function works with either.
 */
public record AccountBatch(@JsonProperty("Items") List<AccountItem> items, @JsonProperty("BatchInput") BatchInput batchInput) {

    public AccountBatch {
        items = Copies.orEmpty(items);
    }

    /** What every account of a batch shares: the run context and the execution's name (for the STS session name). */
    public record BatchInput(RunContext context, String executionName) {
    }
}
