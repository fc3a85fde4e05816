package com.auditremediation.core.model;

import java.util.List;

/** The batch function's output: one result per account of the batch, in the batch's order. */
public record AccountBatchResult(List<AccountResult> results) {

    public AccountBatchResult {
        results = Copies.orEmpty(results);
    }
}
