package com.auditremediation.local.standin;

import java.util.List;

/**
 * One page of a list, as the REST-JSON APIs page: at most {@code maxResults} items (capped at the operation's
 * limit), from an opaque token that is the next item's index. A bad token or size is an {@link IllegalArgumentException}
 * that the service reports in its own error shape.
 */
record Page<T>(List<T> items, String nextToken) {

    static <T> Page<T> of(List<T> all, Object maxResults, String nextToken, int limit) {
        int size;
        int start;
        try {
            size = maxResults == null ? limit : Integer.parseInt(String.valueOf(maxResults));
            start = nextToken == null ? 0 : Integer.parseInt(nextToken);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid pagination: maxResults " + maxResults + ", nextToken " + nextToken);
        }
        if (size < 1 || start < 0 || start > all.size()) {
            throw new IllegalArgumentException("Invalid pagination: maxResults " + maxResults + ", nextToken " + nextToken);
        }
        int end = Math.min(all.size(), start + Math.min(size, limit));
        return new Page<>(List.copyOf(all.subList(start, end)), end < all.size() ? String.valueOf(end) : null);
    }
}
