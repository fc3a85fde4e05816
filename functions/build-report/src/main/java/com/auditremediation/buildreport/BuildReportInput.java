package com.auditremediation.buildreport;

import com.auditremediation.core.LowerCaseEnums;
import com.auditremediation.core.model.AccountListing;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.ApprovalDecision;
import com.auditremediation.core.model.Plan;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/**
 * The input of the states that invoke BuildReport: ListAccounts' listing, the Map's output (one result per iteration,
 * in listing order: each a summary naming its row in the report bucket, which {@link RowReader} reads, or a Catch's
 * row) and the execution's name and start time from the context object. On the distributed Map path the
 * listing points at S3, {@code results} is absent and {@code resultsLocation} is the distributed Map's
 * {@code ResultWriterDetails} (its manifest); {@link DistributedResults} reads both.
 *
 * <p>A run with {@code Approval: "required"} invokes it in three phases ({@link Phase}): {@code plan} ("Build plan":
 * the plan from the results), {@code announce} ("Wait for approval": tells the topic how to approve, with
 * {@code plan}, {@code executionArn} and {@code taskToken}), and the report, with {@code approval}: the plan, the
 * decision and the remediation pass's results.
 */
public record BuildReportInput(
        AccountListing listing,
        List<AccountResult> results,
        String executionName,
        String startedAt,
        ResultsLocation resultsLocation,
        Phase phase,
        ApprovalState approval,
        Plan plan,
        String executionArn,
        String taskToken) {

    public BuildReportInput(AccountListing listing, List<AccountResult> results, String executionName, String startedAt) {
        this(listing, results, executionName, startedAt, null, null, null, null, null, null);
    }

    /** This input with the listing and results read from S3 in place of their pointers. */
    public BuildReportInput withResolved(AccountListing whole, List<AccountResult> allResults) {
        return new BuildReportInput(whole, allResults, executionName, startedAt, null, phase, approval, plan, executionArn, taskToken);
    }

    /** This input with the sweep's results and the approval state (its remediation results) replaced. */
    public BuildReportInput withResults(List<AccountResult> sweepResults, ApprovalState approvalState) {
        return new BuildReportInput(listing, sweepResults, executionName, startedAt, resultsLocation, phase, approvalState, plan,
                executionArn, taskToken);
    }

    /** What the state asks for; absent: the report. */
    public Phase phaseOrReport() {
        return phase == null ? Phase.REPORT : phase;
    }

    /** Where ResultWriter put the manifest of a Map Run, as the Map's output names it. */
    public record ResultsLocation(@JsonProperty("Bucket") String bucket, @JsonProperty("Key") String key) {
    }

    /**
     * What flows in the state {@code $.approval} of an approval run: the plan ("Build plan"), then the decision ("Wait
     * for approval", or what the state machine records on a timeout), then the remediation pass's results.
     */
    public record ApprovalState(Plan plan, ApprovalDecision decision, List<AccountResult> remediation) {
    }

    public enum Phase {
        PLAN, ANNOUNCE, REPORT;

        @JsonValue
        public String jsonValue() {
            return LowerCaseEnums.value(this);
        }

        @JsonCreator
        public static Phase fromJson(String value) {
            return LowerCaseEnums.parse(Phase.class, value, "a phase; use \"plan\", \"announce\" or \"report\"");
        }
    }
}
