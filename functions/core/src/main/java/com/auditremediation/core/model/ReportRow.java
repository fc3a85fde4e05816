package com.auditremediation.core.model;

import com.auditremediation.core.error.ErrorCode;
import java.util.List;

/** One account in the report. */
public record ReportRow(
        String accountId,
        String accountName,
        String ouId,
        AccountStatus status,
        ErrorCode errorCode,
        String errorMessage,
        List<CheckResult> checks,
        Long durationMs) {
}
