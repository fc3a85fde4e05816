package com.auditremediation.cli;

import com.auditremediation.core.Json;
import com.auditremediation.core.model.Plan;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * The approval an execution waits for, read from its history: the state "Wait for approval" was entered and its task
 * scheduled (its parameters carry the plan and the task token), and nothing has ended that task yet, while the
 * execution still runs. {@code plan} and {@code approve} ask this before they show or send anything: Step Functions
 * (and moto) accept a decision for a token whose wait is over without complaint, so the check must be ours.
 */
record PendingApproval(String executionArn, Plan plan, String taskToken) {

    static final String WAIT_STATE = "Wait for approval";

    /** Events that end a scheduled task, whatever its outcome. */
    private static final Set<HistoryEventType> TASK_ENDED = Set.of(HistoryEventType.TASK_SUCCEEDED, HistoryEventType.TASK_FAILED,
            HistoryEventType.TASK_TIMED_OUT, HistoryEventType.TASK_SUBMIT_FAILED, HistoryEventType.TASK_START_FAILED,
            HistoryEventType.TASK_STATE_EXITED, HistoryEventType.TASK_STATE_ABORTED);

    /** The pending approval of {@code executionArn}; a {@link CliException} (exit 2) that says why when there is none. */
    static PendingApproval of(SfnClient sfn, String executionArn) {
        ExecutionStatus status = sfn.describeExecution(r -> r.executionArn(executionArn)).status();
        List<HistoryEvent> events = new ArrayList<>();
        sfn.getExecutionHistoryPaginator(r -> r.executionArn(executionArn).includeExecutionData(true))
                .forEach(page -> events.addAll(page.events()));
        events.sort(Comparator.comparingLong(HistoryEvent::id));

        Long waitEntered = null;
        HistoryEvent scheduled = null;
        boolean ended = false;
        for (HistoryEvent event : events) {
            if (event.type() == HistoryEventType.TASK_STATE_ENTERED && WAIT_STATE.equals(event.stateEnteredEventDetails().name())) {
                waitEntered = event.id();
                scheduled = null;
                ended = false;
            } else if (waitEntered != null && event.type() == HistoryEventType.TASK_SCHEDULED && scheduled == null) {
                scheduled = event;
            } else if (scheduled != null && TASK_ENDED.contains(event.type())) {
                ended = true;
            }
        }
        if (scheduled == null) {
            throw CliException.badInput("execution " + executionArn + " is " + status + " and never waited for an approval: only a"
                    + " sweep started with \"Mode\": \"remediate\" and \"Approval\": \"required\" does, and only when its plan has fixes");
        }
        if (ended || status != ExecutionStatus.RUNNING) {
            throw CliException.badInput("execution " + executionArn + " is not waiting for an approval any more (it is " + status
                    + (ended ? ", and its wait ended: decided, timed out or failed" : "") + "); nothing was sent. Its report says what happened.");
        }
        JsonNode payload;
        try {
            payload = Json.mapper().readTree(scheduled.taskScheduledEventDetails().parameters()).path("Payload");
        } catch (IOException e) {
            throw CliException.unavailable("the parameters of the task that waits for approval are not JSON: " + e.getMessage(), e);
        }
        String token = payload.path("taskToken").asText(null);
        if (token == null || token.isBlank()) {
            throw CliException.unavailable("the task that waits for approval carries no taskToken in its parameters; is the state"
                    + " machine deployed from this checkout's statemachine/sweep.asl.json?", null);
        }
        Plan plan;
        try {
            plan = Json.mapper().treeToValue(payload.path("plan"), Plan.class);
        } catch (IOException e) {
            throw CliException.unavailable("the plan in the waiting task's parameters could not be read: " + e.getMessage(), e);
        }
        return new PendingApproval(executionArn, plan, token);
    }
}
