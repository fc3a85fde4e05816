package com.auditremediation.core.model;

import java.util.List;

/**
 * The exceptions file that ListAccounts read for a sweep, as the listing records it for the report: where it was
 * ({@code s3://bucket/config/exceptions.yaml}), the S3 version read (null without versioning), how many entries it
 * has, how many of them apply to this sweep, how many have expired, and the first {@value #MAX_EXPIRED_LISTED} of
 * those (listed in the report, never applied; the listing stays small however many there are).
 */
public record ExceptionsLoaded(String location, String versionId, int entries, int applied, int expiredCount,
                               List<ExceptionNote> expired) {

    /** Expired entries named in the listing (and so in the report); the rest are counted. */
    public static final int MAX_EXPIRED_LISTED = 20;

    public ExceptionsLoaded {
        expired = Copies.orEmpty(expired);
    }
}
