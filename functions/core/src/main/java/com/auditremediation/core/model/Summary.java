package com.auditremediation.core.model;

/** Counts over every account that the listing returned; {@code excluded} counts accounts left out on request. */
public record Summary(int total, int succeeded, int failed, int skipped, int excluded) {
}
