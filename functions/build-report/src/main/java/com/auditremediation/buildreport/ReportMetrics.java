package com.auditremediation.buildreport;

import com.auditremediation.core.Json;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Report;
import com.auditremediation.core.model.Summary;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The sweep's counts as CloudWatch metrics, through the Embedded Metric Format: JSON log lines that CloudWatch Logs
 * turns into metrics, with no API call and no permission. One line carries the account counts with the dimension
 * {@code Project}; one line per check carries its non-compliant results with the dimensions {@code Project} and
 * {@code CheckId} (a directive's dimension values are the line's own members, so each check id needs its own line).
 * A check without findings reports 0, so that its metric has data points to alarm on.
 */
public final class ReportMetrics {

    public static final String NAMESPACE = "AuditRemediation";
    public static final String ACCOUNTS = "Accounts";
    public static final String SUCCEEDED_ACCOUNTS = "SucceededAccounts";
    public static final String FAILED_ACCOUNTS = "FailedAccounts";
    public static final String SKIPPED_ACCOUNTS = "SkippedAccounts";
    public static final String NON_COMPLIANT_RESULTS = "NonCompliantResults";
    public static final String PROJECT_DIMENSION = "Project";
    public static final String CHECK_DIMENSION = "CheckId";

    private final Supplier<PrintStream> out;
    private final String project;
    private final Clock clock;

    /** {@code out} is asked for its stream at each call (Lambda: {@code () -> System.out}), as JsonLog does. */
    public ReportMetrics(Supplier<PrintStream> out, String project, Clock clock) {
        this.out = out;
        this.project = project;
        this.clock = clock;
    }

    /** Prints the lines of {@link #lines}, each on its own line. */
    public void emit(Report report) {
        PrintStream stream = out.get();
        lines(report).forEach(stream::println);
        stream.flush();
    }

    /** The EMF lines for {@code report}'s summary. */
    public List<String> lines(Report report) {
        long timestamp = clock.millis();
        Summary summary = report.summary();
        List<String> lines = new ArrayList<>();

        Map<String, Object> accounts = directive(timestamp, List.of(PROJECT_DIMENSION),
                List.of(ACCOUNTS, SUCCEEDED_ACCOUNTS, FAILED_ACCOUNTS, SKIPPED_ACCOUNTS));
        accounts.put(PROJECT_DIMENSION, project);
        accounts.put(ACCOUNTS, summary.total());
        accounts.put(SUCCEEDED_ACCOUNTS, summary.succeeded());
        accounts.put(FAILED_ACCOUNTS, summary.failed());
        accounts.put(SKIPPED_ACCOUNTS, summary.skipped());
        accounts.put("executionName", report.executionName());
        lines.add(Json.write(accounts));

        if (summary.checks() != null) {
            summary.checks().forEach((checkId, counts) -> {
                Map<String, Object> check = directive(timestamp, List.of(PROJECT_DIMENSION, CHECK_DIMENSION), List.of(NON_COMPLIANT_RESULTS));
                check.put(PROJECT_DIMENSION, project);
                check.put(CHECK_DIMENSION, checkId);
                check.put(NON_COMPLIANT_RESULTS, counts.getOrDefault(CheckStatus.NON_COMPLIANT, 0));
                check.put("executionName", report.executionName());
                lines.add(Json.write(check));
            });
        }
        return lines;
    }

    private static Map<String, Object> directive(long timestamp, List<String> dimensions, List<String> metrics) {
        Map<String, Object> directive = new LinkedHashMap<>();
        directive.put("Namespace", NAMESPACE);
        directive.put("Dimensions", List.of(dimensions));
        directive.put("Metrics", metrics.stream().map(name -> Map.of("Name", name, "Unit", "Count")).toList());
        Map<String, Object> aws = new LinkedHashMap<>();
        aws.put("Timestamp", timestamp);
        aws.put("CloudWatchMetrics", List.of(directive));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("_aws", aws);
        return line;
    }
}
