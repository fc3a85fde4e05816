package com.auditremediation.core.model;

/** What became of one planned fix. */
public enum FixOutcome {
    /** Not decided yet: the plan waits for approval. */
    PLANNED,
    /** Approved, the setting still failed as planned, and the fix took. */
    FIXED,
    /** Approved, but the setting no longer failed as planned (fixed meanwhile, or failing differently): left alone. */
    CHANGED,
    /** Not fixed because the plan was rejected, or nobody decided in time. */
    REFUSED,
    /** Approved, but the fix could not run or did not take (AWS refused it, or the account could not be reached). */
    FAILED
}
