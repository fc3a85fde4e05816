package com.auditremediation.cli.doctor;

import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.SnapStartApplyOn;
import software.amazon.awssdk.services.lambda.model.SnapStartOptimizationStatus;
import software.amazon.awssdk.services.sfn.model.StateMachineStatus;
import software.amazon.awssdk.services.sns.model.Subscription;

/** The stack and what it created: found by its outputs, as README's commands find them. */
final class StackItems {

    /** The outputs that the other items and a person's commands rely on. */
    static final List<String> REQUIRED_OUTPUTS = List.of("StateMachineArn", "ListAccountsFunctionArn", "CheckAccountFunctionArn", "ReportBucketName");

    private final Doctor doctor;

    StackItems(Doctor doctor) {
        this.doctor = doctor;
    }

    DoctorItem stack() {
        String id = "stack";
        String name = doctor.settings.stackName();
        List<Stack> stacks;
        try {
            stacks = doctor.clients.cloudFormation().describeStacks(r -> r.stackName(name)).stacks();
        } catch (CloudFormationException e) {
            doctor.auditRoleName = "aws-controltower-AuditAdministratorRole";
            doctor.auditRoleArn = "arn:" + doctor.partition + ":iam::" + doctor.accountId + ":role/" + doctor.auditRoleName;
            return DoctorItem.fail(id, "No stack " + name + " in " + doctor.accountId + " " + doctor.settings.region().id()
                            + " (cloudformation:DescribeStacks: " + Doctor.describe(e) + ").",
                    "Deploy it (sam deploy, docs/deploy.md), or name yours with --stack-name and its region with --region.");
        }
        Stack stack = stacks.get(0);
        doctor.readStack(stack);
        List<String> missing = REQUIRED_OUTPUTS.stream().filter(output -> doctor.outputs.getOrDefault(output, "").isEmpty()).toList();
        String status = stack.stackStatusAsString();
        if (!status.endsWith("_COMPLETE") || status.contains("ROLLBACK") || status.startsWith("DELETE")) {
            return DoctorItem.fail(id, "Stack " + name + " is " + status + ".", "Look at its events (aws cloudformation describe-stack-events"
                    + " --stack-name " + name + "), fix the cause and deploy again.");
        }
        if (!missing.isEmpty()) {
            return DoctorItem.fail(id, "Stack " + name + " (" + status + ") lacks the outputs " + missing + ".",
                    "Deploy this checkout's template.yaml into it (it is an older or another template).");
        }
        return DoctorItem.pass(id, "Stack " + name + " is " + status + "; AuditRoleName '" + doctor.parameter("AuditRoleName", "")
                + "', ExecutionRoleName " + doctor.executionRoleName() + ", DefaultRegions '" + doctor.parameter("DefaultRegions", "") + "'.");
    }

    DoctorItem stateMachine() {
        String id = "state-machine";
        String arn = doctor.outputs.get("StateMachineArn");
        try {
            StateMachineStatus status = doctor.clients.sfn().describeStateMachine(r -> r.stateMachineArn(arn)).status();
            if (status != null && status != StateMachineStatus.ACTIVE) {
                return DoctorItem.fail(id, "State machine " + arn + " is " + status + ".", "Deploy the stack again.");
            }
            return DoctorItem.pass(id, "State machine " + arn + " exists.");
        } catch (SdkException e) {
            return DoctorItem.fail(id, "State machine " + arn + " could not be read (" + Doctor.describe(e) + ").",
                    "Deploy the stack again, or let doctor's credentials call states:DescribeStateMachine.");
        }
    }

    DoctorItem schedule() {
        String id = "schedule";
        String arn = doctor.outputs.get("StateMachineArn");
        boolean wanted = "true".equals(doctor.parameter("ScheduleEnabled", "true"));
        try {
            List<String> rules = doctor.clients.events().listRuleNamesByTarget(r -> r.targetArn(arn)).ruleNames();
            for (String rule : rules) {
                DescribeRuleResponse described = doctor.clients.events().describeRule(r -> r.name(rule));
                if (described.scheduleExpression() == null) {
                    continue;
                }
                boolean enabled = "ENABLED".equals(described.stateAsString());
                String detail = "Rule " + rule + " (" + described.scheduleExpression() + ") is " + described.stateAsString() + ".";
                if (enabled || !wanted) {
                    return DoctorItem.pass(id, detail + (enabled ? "" : " ScheduleEnabled is false: sweeps run only when started."));
                }
                return DoctorItem.warn(id, detail + " The stack's ScheduleEnabled is true, so someone disabled it.",
                        "Enable it again (aws events enable-rule --name " + rule + ") or deploy with ScheduleEnabled=false.");
            }
            return DoctorItem.fail(id, "No schedule rule targets " + arn + ".", "Deploy the stack again: its ScheduledSweep event creates the rule.");
        } catch (SdkException e) {
            return DoctorItem.warn(id, "The schedule could not be read (" + Doctor.describe(e) + ").",
                    "Let doctor's credentials call events:ListRuleNamesByTarget and events:DescribeRule.");
        }
    }

    DoctorItem reportBucket() {
        String id = "report-bucket";
        String bucket = doctor.outputs.get("ReportBucketName");
        try {
            doctor.clients.s3().headBucket(r -> r.bucket(bucket));
            return DoctorItem.pass(id, "Bucket " + bucket + " exists and answers.");
        } catch (SdkException e) {
            return DoctorItem.fail(id, "Bucket " + bucket + " does not answer (" + Doctor.describe(e) + ").",
                    "Create it, or deploy with ReportBucketName empty so that the stack creates one.");
        }
    }

    DoctorItem notifications() {
        String id = "notifications";
        String topic = doctor.outputs.get("NotificationTopicArn");
        if (topic == null || topic.isEmpty()) {
            return DoctorItem.pass(id, "No notification topic: sweeps send no message (set NotificationEmail or NotificationTopicArn to be told).");
        }
        List<Subscription> subscriptions;
        try {
            subscriptions = doctor.clients.sns().listSubscriptionsByTopicPaginator(r -> r.topicArn(topic)).subscriptions().stream().toList();
        } catch (SdkException e) {
            return DoctorItem.warn(id, "The subscriptions of " + topic + " could not be read (" + Doctor.describe(e) + ").",
                    "Let doctor's credentials call sns:ListSubscriptionsByTopic.");
        }
        List<String> pending = subscriptions.stream().filter(s -> "PendingConfirmation".equals(s.subscriptionArn()))
                .map(s -> s.protocol() + " " + s.endpoint()).toList();
        if (!pending.isEmpty()) {
            return DoctorItem.fail(id, "Topic " + topic + " has subscriptions still pending confirmation: " + String.join(", ", pending) + ".",
                    "Confirm each from the message AWS sent it (subject \"AWS Notification - Subscription Confirmation\"); until then it receives nothing.");
        }
        if (subscriptions.isEmpty()) {
            return DoctorItem.warn(id, "Topic " + topic + " has no subscription: nobody is told about failures.",
                    "Subscribe an address or an endpoint to it (aws sns subscribe --topic-arn " + topic + " ...).");
        }
        return DoctorItem.pass(id, "Topic " + topic + " has " + subscriptions.size() + " confirmed subscription(s).");
    }

    DoctorItem snapStart() {
        String id = "snapstart";
        String function = doctor.outputs.get("CheckAccountFunctionArn");
        String setting = doctor.parameter("SnapStart", "auto");
        boolean wanted = "true".equals(setting) || ("auto".equals(setting) && "true".equals(doctor.parameter("ScheduleEnabled", "true")));
        GetFunctionConfigurationResponse live;
        try {
            String version = doctor.clients.lambda().getAlias(r -> r.functionName(function).name("live")).functionVersion();
            live = doctor.clients.lambda().getFunctionConfiguration(r -> r.functionName(function).qualifier(version));
        } catch (SdkException e) {
            return DoctorItem.fail(id, "The alias live of " + function + " could not be read (" + Doctor.describe(e) + ").",
                    "Deploy the stack again: AutoPublishAlias creates the alias that the state machine invokes.");
        }
        boolean applied = live.snapStart() != null && live.snapStart().applyOn() == SnapStartApplyOn.PUBLISHED_VERSIONS;
        boolean on = applied && live.snapStart().optimizationStatus() == SnapStartOptimizationStatus.ON;
        String detail = "Alias live is version " + live.version() + "; SnapStart " + (on ? "on" : applied ? "applied, not yet optimised" : "off")
                + " (SnapStart=" + setting + ").";
        if (wanted && !on) {
            return DoctorItem.warn(id, detail, "Deploy again (SnapStart applies to versions published after it was set), or set SnapStart=false.");
        }
        return DoctorItem.pass(id, detail);
    }
}
