package com.auditremediation.core.model;

import com.auditremediation.core.error.ErrorCode;

/** An account that the listing found or was asked for but that is not attempted, with the reason. */
public record SkippedAccount(String accountId, String accountName, String ouId, ErrorCode errorCode, String errorMessage) {
}
