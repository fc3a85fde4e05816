package com.auditremediation.core.model;

public enum AccountStatus {
    SUCCEEDED, FAILED, SKIPPED
}
