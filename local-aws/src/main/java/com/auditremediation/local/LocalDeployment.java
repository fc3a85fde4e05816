package com.auditremediation.local;

import com.auditremediation.core.AwsClients;
import com.auditremediation.core.Json;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * template.yaml deployed into one account of moto, as {@code sam deploy} would deploy it there, for {@code local} and
 * for {@code doctor} to check: the report bucket, the check functions' own role (AuditRoleName empty), the notification
 * topic and its email subscription, the state machine and its schedule; the functions themselves run on the
 * {@link LambdaHost}. moto's CloudFormation cannot run SAM's transform, so the stack is a record: a CloudFormation stack
 * of the same name whose parameters are the values used here and whose outputs are what the SAM stack would output for
 * what was created here (one placeholder resource, which moto skips), so that {@code DescribeStacks} finds the
 * deployment as it finds it on AWS.
 */
public final class LocalDeployment {

    /** The role a person uses in an enrolled account (Control Tower's; moto does not check that it exists). */
    static final String DEPLOYER_ROLE = "AWSControlTowerExecution";

    /**
     * What was deployed: the account, its template context, the stack's name and outputs, and the environment in
     * which the functions act as the check functions' role in that account (moto's credentials for it).
     */
    public record Deployed(String accountId, SamTemplate.Context context, String stackName, Map<String, String> outputs,
                           Map<String, String> functionCredentials, AwsCredentialsProvider deployer) {

        public String stateMachineArn() {
            return outputs.get("StateMachineArn");
        }

        public String reportBucket() {
            return outputs.get("ReportBucketName");
        }
    }

    private final URI endpoint;
    private final Region region;
    private final SamTemplate template;

    public LocalDeployment(URI endpoint, Region region, SamTemplate template) {
        this.endpoint = endpoint;
        this.region = region;
        this.template = template;
    }

    /** Deploys into {@code accountId} with {@code parameters} (over the template's defaults); the stack is named after the Project. */
    public Deployed deploy(String accountId, Map<String, String> parameters) {
        SamTemplate.Context context = SamTemplate.Context.of(template, parameters, region.id(), accountId);
        AwsCredentialsProvider deployer = credentials(accountId, DEPLOYER_ROLE, "local-deploy");
        if (template.condition("CreateAuditRole", context)) {
            createRole(deployer, "CheckAccountRole", context);
        }
        if (template.condition("CreateReportBucket", context)) {
            try (S3Client s3 = client(S3Client.builder().forcePathStyle(true), Region.US_EAST_1, deployer)) {
                s3.createBucket(r -> r.bucket(template.resolve(Map.of("Ref", "ReportBucket"), context)));
            }
        }
        if (template.condition("CreateNotificationTopic", context)) {
            try (SnsClient sns = client(SnsClient.builder(), region, deployer)) {
                String topicArn = sns.createTopic(r -> r.name(property("NotificationTopic", "TopicName", context))).topicArn();
                sns.subscribe(r -> r.topicArn(topicArn).protocol(property("NotificationSubscription", "Protocol", context))
                        .endpoint(property("NotificationSubscription", "Endpoint", context)));
            }
        }
        String stateMachineArn;
        try (SfnClient sfn = client(SfnClient.builder(), region, deployer)) {
            stateMachineArn = SweepStateMachine.create(sfn, template, context);
        }
        createSchedule(deployer, stateMachineArn, context);
        String stackName = context.parameters().getOrDefault("Project", "audit-remediation");
        Map<String, String> outputs = template.outputs(context);
        recordStack(deployer, stackName, context, outputs);
        String functionRole = template.function("CheckAccountFunction", context).role();
        Map<String, String> functionCredentials = environment(credentials(accountId, functionRole.substring(functionRole.lastIndexOf('/') + 1),
                "audit-remediation-local"));
        return new Deployed(accountId, context, stackName, outputs, functionCredentials, deployer);
    }

    private void createRole(AwsCredentialsProvider deployer, String logicalId, SamTemplate.Context context) {
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) template.resolveTree(
                ((Map<?, ?>) template.resources().get(logicalId)).get("Properties"), context);
        String roleName = template.roleName(logicalId, context);
        try (IamClient iam = client(IamClient.builder(), Region.AWS_GLOBAL, deployer)) {
            iam.createRole(r -> r.roleName(roleName).description(String.valueOf(properties.getOrDefault("Description", "")))
                    .assumeRolePolicyDocument(Json.write(properties.get("AssumeRolePolicyDocument"))));
            for (Object arn : (List<?>) properties.getOrDefault("ManagedPolicyArns", List.of())) {
                iam.attachRolePolicy(r -> r.roleName(roleName).policyArn(String.valueOf(arn)));
            }
            for (Object policy : (List<?>) properties.getOrDefault("Policies", List.of())) {
                Map<?, ?> inline = (Map<?, ?>) policy;
                iam.putRolePolicy(r -> r.roleName(roleName).policyName(String.valueOf(inline.get("PolicyName")))
                        .policyDocument(Json.write(inline.get("PolicyDocument"))));
            }
        }
    }

    /** The state machine's Schedule event as SAM creates it: an EventBridge rule whose target is the state machine. */
    private void createSchedule(AwsCredentialsProvider deployer, String stateMachineArn, SamTemplate.Context context) {
        Map<?, ?> events = (Map<?, ?>) template.stateMachine().properties().get("Events");
        try (EventBridgeClient events2 = client(EventBridgeClient.builder(), region, deployer)) {
            for (Object event : events.values()) {
                Map<?, ?> schedule = (Map<?, ?>) event;
                if (!"Schedule".equals(schedule.get("Type"))) {
                    continue;
                }
                Map<?, ?> properties = (Map<?, ?>) schedule.get("Properties");
                String name = template.resolve(properties.get("Name"), context);
                events2.putRule(r -> r.name(name).scheduleExpression(template.resolve(properties.get("Schedule"), context))
                        .state(template.resolve(properties.get("State"), context))
                        .description(template.resolve(properties.get("Description"), context)));
                events2.putTargets(r -> r.rule(name).targets(t -> t.id("sweep").arn(stateMachineArn)
                        .input(template.resolve(properties.get("Input"), context))));
            }
        }
    }

    private void recordStack(AwsCredentialsProvider deployer, String stackName, SamTemplate.Context context, Map<String, String> outputs) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        context.parameters().keySet().forEach(name -> parameters.put(name, Map.of("Type", "String")));
        Map<String, Object> stackOutputs = new LinkedHashMap<>();
        outputs.forEach((name, value) -> stackOutputs.put(name, Map.of("Value", value)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("AWSTemplateFormatVersion", "2010-09-09");
        body.put("Description", "The record of bin/audit-remediation's local deployment of template.yaml (moto cannot run SAM's transform)");
        body.put("Parameters", parameters);
        body.put("Resources", Map.of("LocalDeployment", Map.of("Type", "AWS::CloudFormation::WaitConditionHandle")));
        body.put("Outputs", stackOutputs);
        try (CloudFormationClient cloudFormation = client(CloudFormationClient.builder(), region, deployer)) {
            cloudFormation.createStack(r -> r.stackName(stackName).templateBody(Json.write(body))
                    .parameters(context.parameters().entrySet().stream()
                            .map(entry -> Parameter.builder().parameterKey(entry.getKey()).parameterValue(entry.getValue()).build()).toList()));
        }
    }

    private String property(String logicalId, String property, SamTemplate.Context context) {
        return template.resolve(((Map<?, ?>) ((Map<?, ?>) template.resources().get(logicalId)).get("Properties")).get(property), context);
    }

    /** Credentials of {@code roleName} in {@code accountId}, from moto's STS (the account moto gives their keys). */
    public AwsCredentialsProvider credentials(String accountId, String roleName, String sessionName) {
        return credentials(endpoint, region, accountId, roleName, sessionName);
    }

    /** Credentials of {@code roleName} in {@code accountId}, from the STS of the moto at {@code endpoint}. */
    public static AwsCredentialsProvider credentials(URI endpoint, Region region, String accountId, String roleName, String sessionName) {
        try (StsClient sts = LocalClients.build(StsClient.builder(), endpoint, region)) {
            Credentials issued = sts.assumeRole(r -> r.roleArn("arn:" + AwsClients.partition(region) + ":iam::" + accountId + ":role/" + roleName)
                    .roleSessionName(sessionName).durationSeconds(43_200)).credentials();
            return StaticCredentialsProvider.create(AwsSessionCredentials.create(issued.accessKeyId(), issued.secretAccessKey(),
                    issued.sessionToken()));
        }
    }

    /** The AWS_* variables that make an SDK act with {@code credentials}. */
    public static Map<String, String> environment(AwsCredentialsProvider credentials) {
        AwsSessionCredentials session = (AwsSessionCredentials) credentials.resolveCredentials();
        return Map.of("AWS_ACCESS_KEY_ID", session.accessKeyId(), "AWS_SECRET_ACCESS_KEY", session.secretAccessKey(),
                "AWS_SESSION_TOKEN", session.sessionToken());
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, Region clientRegion,
                                                                                       AwsCredentialsProvider credentials) {
        return builder.httpClient(AwsClients.httpClient()).endpointOverride(endpoint).region(clientRegion).credentialsProvider(credentials).build();
    }
}
