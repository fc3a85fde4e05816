package com.auditremediation.core.model;

/**
 * Where ListAccounts put a listing too large to pass between states (the distributed Map path): {@code itemsKey} is
 * the JSON array of account batches that the Map's {@code ItemReader} reads, {@code listingKey} the whole
 * {@link AccountListing} (accounts and skipped rows) that BuildReport joins the results with. Both in {@code bucket}.
 */
public record ItemsLocation(String bucket, String itemsKey, String listingKey) {
}
