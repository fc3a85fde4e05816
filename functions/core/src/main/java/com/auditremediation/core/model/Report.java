package com.auditremediation.core.model;

import com.auditremediation.core.error.ErrorCode;
import java.util.List;
import java.util.Map;

/**
 * The execution's output. When every row would not fit a state's 256 KiB, {@code accounts} keeps the failed and
 * skipped rows, {@code truncated} is true and {@code note} says what was left out and where the rest is.
 */
public record Report(
        String executionName,
        String startedAt,
        String finishedAt,
        RunContext context,
        Summary summary,
        Map<ErrorCode, Integer> failuresByCode,
        List<ReportRow> accounts,
        Boolean truncated,
        String note) {
}
