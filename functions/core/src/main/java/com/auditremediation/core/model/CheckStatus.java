package com.auditremediation.core.model;

public enum CheckStatus {
    COMPLIANT, NON_COMPLIANT, REMEDIATED, ERROR, NOT_APPLICABLE
}
