package com.auditremediation.systemtests;

import com.auditremediation.buildreport.BuildReportSettings;
import com.auditremediation.buildreport.ReportMetrics;
import com.auditremediation.buildreport.ReportStore;
import com.auditremediation.core.Env;
import com.auditremediation.core.Inputs;
import com.auditremediation.core.Json;
import com.auditremediation.core.model.ExecutionInput;
import com.auditremediation.local.SamTemplate;
import com.auditremediation.local.SweepStateMachine;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.organizations.OrganizationsClient;

import static org.assertj.core.api.Assertions.assertThat;

/** template.yaml, the definition, the events and the built artifacts agree with each other and with the code. */
class TemplateConsistencyTest {

    private final SamTemplate template = SamTemplate.load(ProjectFiles.TEMPLATE);
    private final SamTemplate.Context context = SamTemplate.Context.of(template, Map.of(), "us-east-1", "123456789012");

    @Test
    void everyHandlerClassIsInTheArtifactItsCodeUriNames() throws IOException {
        List<SamTemplate.Function> functions = template.functions(context);

        assertThat(functions).extracting(SamTemplate.Function::logicalId)
                .containsExactlyInAnyOrder("ListAccountsFunction", "CheckAccountFunction", "CheckAccountBatchFunction", "BuildReportFunction");
        for (SamTemplate.Function function : functions) {
            assertThat(function.codeUri()).as("CodeUri of %s (built by mvn package)", function.logicalId()).isRegularFile();
            String className = function.handler().substring(0, function.handler().indexOf("::"));
            try (JarFile jar = new JarFile(function.codeUri().toFile())) {
                assertThat(jar.getEntry(className.replace('.', '/') + ".class")).as("%s in %s", className, function.codeUri()).isNotNull();
                assertThat(jar.getEntry("com/amazonaws/services/lambda/runtime/RequestStreamHandler.class")).isNotNull();
            }
            assertThat(function.handler()).endsWith("::handleRequest");
        }
    }

    @Test
    void functionsAreNamedAfterTheProjectAndRunJava21OnArm64() {
        Map<String, Object> globals = castMap(castMap(template.raw().get("Globals")).get("Function"));

        assertThat(globals).containsEntry("Runtime", "java21").containsEntry("Architectures", List.of("arm64"));
        assertThat(template.functions(context)).extracting(SamTemplate.Function::functionName)
                .containsExactlyInAnyOrder("audit-remediation-list-accounts", "audit-remediation-check-account",
                        "audit-remediation-check-account-batch", "audit-remediation-build-report");
    }

    @Test
    void everyPlaceholderHasASubstitutionAndEverySubstitutionIsUsed() {
        Set<String> placeholders = SweepStateMachine.placeholders(ProjectFiles.read(ProjectFiles.DEFINITION));

        assertThat(placeholders).isEqualTo(new TreeSet<>(template.stateMachine().substitutions().keySet()));
        assertThat(SweepStateMachine.definition(template, context)).doesNotContain("${");
    }

    @Test
    void definitionIsValidJsonBeforeSubstitution() throws IOException {
        JsonNode definition = Json.mapper().readTree(ProjectFiles.DEFINITION.toFile());

        assertThat(definition.path("States").path("Check each account").path("MaxConcurrencyPath").asText()).isEqualTo("$.listing.maxConcurrency");
    }

    @Test
    void checkFunctionsRunAsTheControlTowerAuditRoleWithNoPoliciesOfOurs() {
        for (String logicalId : List.of("CheckAccountFunction", "CheckAccountBatchFunction")) {
            SamTemplate.Function check = template.function(logicalId, context);

            assertThat(check.role()).as(logicalId).isEqualTo("arn:aws:iam::123456789012:role/aws-controltower-AuditAdministratorRole");
            assertThat(check.declaresPolicies()).as(logicalId).isFalse();
        }
        SamTemplate.Context readOnly = SamTemplate.Context.of(template, Map.of("AuditRoleName", "aws-controltower-AuditReadOnlyRole"), "cn-north-1", "123456789012");
        assertThat(template.function("CheckAccountFunction", readOnly).role()).isEqualTo("arn:aws-cn:iam::123456789012:role/aws-controltower-AuditReadOnlyRole");
    }

    @Test
    void anEmptyAuditRoleNameGivesTheCheckFunctionsARoleOfTheStackThatMayAssumeOnlyTheExecutionRoleInTheOrganisation() {
        SamTemplate.Context own = SamTemplate.Context.of(template, Map.of("AuditRoleName", "", "ExecutionRoleName", "audit-remediation-execution"),
                "us-east-1", "123456789012");
        Map<String, Object> role = castMap(template.resources().get("CheckAccountRole"));
        Map<String, Object> properties = castMap(template.resolveTree(role.get("Properties"), own));
        List<Map<String, Object>> statements = new ArrayList<>();
        ((List<?>) properties.get("Policies")).forEach(policy -> ((List<?>) castMap(castMap(policy).get("PolicyDocument")).get("Statement"))
                .forEach(statement -> statements.add(castMap(statement))));

        for (String logicalId : List.of("CheckAccountFunction", "CheckAccountBatchFunction")) {
            SamTemplate.Function check = template.function(logicalId, own);
            assertThat(check.role()).as(logicalId).isEqualTo("arn:aws:iam::123456789012:role/audit-remediation-CheckAccountRole");
            assertThat(check.declaresPolicies()).as(logicalId).isFalse();
        }
        assertThat(role.get("Condition")).isEqualTo("CreateAuditRole");
        assertThat(template.condition("CreateAuditRole", own)).isTrue();
        assertThat(template.condition("CreateAuditRole", context)).as("Control Tower's roles by default").isFalse();
        assertThat(properties.get("AssumeRolePolicyDocument")).isEqualTo(Map.of("Version", "2012-10-17", "Statement",
                List.of(Map.of("Effect", "Allow", "Principal", Map.of("Service", "lambda.amazonaws.com"), "Action", "sts:AssumeRole"))));
        assertThat(properties.get("ManagedPolicyArns")).isEqualTo(List.of("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"));
        assertThat(statements).containsExactly(
                Map.of("Sid", "AssumeExecutionRoleInOrganization", "Effect", "Allow", "Action", "sts:AssumeRole",
                        "Resource", "arn:aws:iam::*:role/audit-remediation-execution",
                        "Condition", Map.of("StringEquals", Map.of("aws:ResourceOrgID", "${aws:PrincipalOrgID}"))),
                Map.of("Sid", "WriteAccountRows", "Effect", "Allow", "Action", "s3:PutObject",
                        "Resource", "arn:aws:s3:::audit-remediation-reportbucket/runs/*"));
        assertThat(template.outputs(own)).containsEntry("CheckAccountRoleArn", "arn:aws:iam::123456789012:role/audit-remediation-CheckAccountRole");
        assertThat(template.outputs(context)).doesNotContainKey("CheckAccountRoleArn");
    }

    @Test
    void theRoleParametersAllowRolesOfYourOwnButNothingOfOursNamedAwsControlTower() {
        Map<String, Object> parameters = castMap(template.raw().get("Parameters"));
        String executionPattern = String.valueOf(castMap(parameters.get("ExecutionRoleName")).get("AllowedPattern"));
        Map<String, Object> rules = castMap(template.raw().get("Rules"));

        assertThat(castMap(parameters.get("AuditRoleName")).get("AllowedValues"))
                .isEqualTo(List.of("aws-controltower-AuditAdministratorRole", "aws-controltower-AuditReadOnlyRole", ""));
        assertThat(List.of("aws-controltower-AdministratorExecutionRole", "aws-controltower-ReadOnlyExecutionRole", "audit-remediation-execution"))
                .allMatch(name -> name.matches(executionPattern));
        assertThat(List.of("aws-controltower-AuditExecutionRole", "aws-controltower-x", "", "a".repeat(65)))
                .noneMatch(name -> name.matches(executionPattern));
        assertThat(rules).containsOnlyKeys("AuditAdministratorAssumesAdministratorExecution", "AuditReadOnlyAssumesReadOnlyExecution",
                "OwnAuditRoleAssumesOwnExecutionRole");
        assertThat(castMap(rules.get("OwnAuditRoleAssumesOwnExecutionRole")).get("RuleCondition"))
                .isEqualTo(Map.of("Fn::Equals", List.of(Map.of("Ref", "AuditRoleName"), "")));
    }

    @Test
    void bothCheckFunctionsGetWhatRemediateModeWritesFromTheParameters() {
        SamTemplate.Context given = SamTemplate.Context.of(template, Map.of("Project", "sweeper",
                "SecurityContactName", "Security Operations", "SecurityContactEmail", "security@example.com",
                "SecurityContactPhone", "+1 555 0100", "SecurityContactTitle", "CSIRT", "SupportRoleName", "support-staff"),
                "us-east-1", "123456789012");
        SamTemplate.Context projectOnly = SamTemplate.Context.of(template, Map.of("Project", "sweeper"), "us-east-1", "123456789012");

        for (String logicalId : List.of("CheckAccountFunction", "CheckAccountBatchFunction")) {
            assertThat(template.function(logicalId, given).environment()).as(logicalId)
                    .containsEntry("SECURITY_CONTACT_NAME", "Security Operations")
                    .containsEntry("SECURITY_CONTACT_EMAIL", "security@example.com")
                    .containsEntry("SECURITY_CONTACT_PHONE", "+1 555 0100")
                    .containsEntry("SECURITY_CONTACT_TITLE", "CSIRT")
                    .containsEntry("SUPPORT_ROLE_NAME", "support-staff");
            assertThat(template.function(logicalId, context).environment()).as("%s by default: no contact to write", logicalId)
                    .containsEntry("SECURITY_CONTACT_EMAIL", "")
                    .containsEntry("SUPPORT_ROLE_NAME", "audit-remediation-support");
            assertThat(template.function(logicalId, projectOnly).environment()).as(logicalId)
                    .containsEntry("SUPPORT_ROLE_NAME", "sweeper-support");
        }
    }

    @Test
    void listFunctionIsGrantedEveryOrganizationsCallItsCodeMakes() throws IOException {
        SamTemplate.Function list = template.function("ListAccountsFunction", context);
        Set<String> granted = grantedActions("ListAccountsFunction").stream().filter(a -> a.startsWith("organizations:"))
                .collect(Collectors.toCollection(TreeSet::new));

        Set<String> called = organizationsCallsIn(list.codeUri(), "com/auditremediation/listaccounts/");

        assertThat(called).as("Organizations calls found in the list-accounts classes").isNotEmpty().contains("organizations:ListAccounts");
        assertThat(granted).containsAll(called);
        assertThat(granted).allMatch(action -> action.startsWith("organizations:Describe") || action.startsWith("organizations:List"),
                "read-only Organizations actions");
    }

    @Test
    void stateMachineMayInvokeExactlyOurFourFunctions() {
        Map<String, Object> properties = template.stateMachine().properties();
        List<String> invoked = new ArrayList<>();
        for (Object policy : (List<?>) properties.get("Policies")) {
            Map<String, Object> entry = castMap(policy);
            if (entry.containsKey("LambdaInvokePolicy")) {
                invoked.add(String.valueOf(castMap(castMap(entry.get("LambdaInvokePolicy")).get("FunctionName")).get("Ref")));
            } else {
                for (Object statement : (List<?>) entry.get("Statement")) {
                    assertThat(String.valueOf(castMap(statement).get("Action"))).as("only log delivery besides invoke").doesNotContain("lambda:");
                }
            }
        }
        Set<String> substituted = template.stateMachine().substitutions().values().stream()
                .filter(value -> castMap(value).containsKey("Fn::GetAtt") || String.valueOf(castMap(value).get("Ref")).endsWith(".Alias"))
                .map(TemplateConsistencyTest::substitutedFunction)
                .collect(Collectors.toSet());

        assertThat(invoked).containsExactlyInAnyOrder("ListAccountsFunction", "CheckAccountFunction", "CheckAccountBatchFunction", "BuildReportFunction");
        assertThat(substituted).containsExactlyInAnyOrderElementsOf(invoked);
    }

    @Test
    void oneReportBucketEverywhereRowsAndDistributedMapAlikeAndMapModeReachesListAccounts() {
        SamTemplate.Context ownBucket = context;
        SamTemplate.Context givenBucket = SamTemplate.Context.of(template, Map.of("ReportBucketName", "my-reports"), "us-east-1", "123456789012");

        // The check functions write each account's row there, BuildReport reads it back, ListAccounts writes its listing.
        for (String logicalId : List.of("ListAccountsFunction", "BuildReportFunction", "CheckAccountFunction", "CheckAccountBatchFunction")) {
            assertThat(template.function(logicalId, ownBucket).environment()).as(logicalId)
                    .containsEntry("REPORT_BUCKET", "audit-remediation-reportbucket");
            assertThat(template.function(logicalId, givenBucket).environment()).as(logicalId).containsEntry("REPORT_BUCKET", "my-reports");
        }
        assertThat(template.function("ListAccountsFunction", context).environment()).containsEntry("MAP_MODE", "auto");
        assertThat(SweepStateMachine.definition(template, givenBucket)).contains("\"Bucket\" : \"my-reports\"".replace(" : ", ": "));
        assertThat(template.condition("CreateReportBucket", ownBucket)).isTrue();
        assertThat(template.condition("CreateReportBucket", givenBucket)).isFalse();
    }

    @Test
    void noResourceIsNamedAwsControltower() {
        List<String> names = new ArrayList<>();
        template.resources().forEach((logicalId, resource) -> {
            Map<String, Object> properties = castMap(castMap(resource).get("Properties"));
            for (String key : List.of("FunctionName", "Name", "LogGroupName", "RoleName")) {
                if (properties.containsKey(key)) {
                    names.add(template.resolve(properties.get(key), context));
                }
            }
            Map<String, Object> events = castMap(properties.get("Events"));
            events.values().forEach(event -> {
                Object name = castMap(castMap(event).get("Properties")).get("Name");
                if (name != null) {
                    names.add(template.resolve(name, context));
                }
            });
        });

        assertThat(names).hasSizeGreaterThanOrEqualTo(6).noneMatch(name -> name.startsWith("aws-controltower-"));
        assertThat(String.valueOf(castMap(castMap(template.raw().get("Parameters")).get("Project")).get("AllowedPattern")))
                .as("the Project parameter refuses the Control Tower prefix").contains("(?!aws-controltower-)");
    }

    @Test
    void scheduleSendsTheInputOfEventsScheduledJson() throws IOException {
        Map<String, Object> schedule = castMap(castMap(castMap(template.stateMachine().properties().get("Events")).get("ScheduledSweep")).get("Properties"));

        JsonNode sent = Json.mapper().readTree(String.valueOf(schedule.get("Input")));

        assertThat(sent).isEqualTo(Json.mapper().readTree(ProjectFiles.EVENTS.resolve("scheduled.json").toFile()));
    }

    @Test
    void everySampleEventIsAValidExecutionInput() throws IOException {
        try (Stream<Path> files = Files.list(ProjectFiles.EVENTS)) {
            // securityhub-finding.json is what EventBridge receives; RunOnFindingTest runs what its rule makes of it.
            List<Path> events = files.filter(f -> f.toString().endsWith(".json"))
                    .filter(f -> !f.getFileName().toString().equals("securityhub-finding.json")).sorted().toList();

            assertThat(events).extracting(p -> p.getFileName().toString())
                    .contains("single-account.json", "all-accounts.json", "ou-scoped.json", "exclude.json", "scheduled.json");
            for (Path event : events) {
                try (InputStream in = Files.newInputStream(event)) {
                    assertThat(Inputs.read(in, ExecutionInput.class)).as(event.toString()).isNotNull();
                }
            }
        }
    }

    @Test
    void bothCheckFunctionsGetSecurityHubFindingsFromItsParameterAndTheRuleExistsOnlyWhenRunOnFindingIsOn() {
        SamTemplate.Context off = SamTemplate.Context.of(template, Map.of("SecurityHubFindings", "false"), "us-east-1", "123456789012");

        for (String function : List.of("CheckAccountFunction", "CheckAccountBatchFunction")) {
            assertThat(template.function(function, context).environment()).as(function).containsEntry("SECURITY_HUB_FINDINGS", "true");
            assertThat(template.function(function, off).environment()).as(function).containsEntry("SECURITY_HUB_FINDINGS", "false");
        }
        assertThat(template.condition("RunOnFindingOn", context)).as("RunOnFinding is off by default").isFalse();
        for (String mode : List.of("audit", "remediate")) {
            SamTemplate.Context on = SamTemplate.Context.of(template, Map.of("RunOnFinding", mode), "us-east-1", "123456789012");
            assertThat(template.condition("RunOnFindingOn", on)).as(mode).isTrue();
        }
        for (String resource : List.of("FailedControlRule", "FailedControlRuleRole")) {
            assertThat(castMap(template.resources().get(resource)).get("Condition")).as(resource).isEqualTo("RunOnFindingOn");
        }
        Map<String, Object> statement = castMap(((List<?>) castMap(castMap(((List<?>) castMap(castMap(
                template.resources().get("FailedControlRuleRole")).get("Properties")).get("Policies")).get(0))
                .get("PolicyDocument")).get("Statement")).get(0));
        assertThat(statement.get("Action")).as("the rule's role may only start the sweep").isEqualTo("states:StartExecution");
        assertThat(statement.get("Resource")).isEqualTo(Map.of("Ref", "SweepStateMachine"));
    }

    @Test
    void buildReportGetsEveryVariableItsSettingsReadFromTheParameters() {
        SamTemplate.Context given = SamTemplate.Context.of(template, Map.of("ReportBucketName", "audit-evidence-111122223333",
                "NotificationTopicArn", "arn:aws:sns:us-east-1:123456789012:security-findings", "NotifyOnSuccess", "true",
                "Project", "sweeper"), "us-east-1", "123456789012");

        Map<String, String> defaults = template.function("BuildReportFunction", context).environment();
        Map<String, String> environment = template.function("BuildReportFunction", given).environment();

        assertThat(defaults).containsKeys(BuildReportSettings.VARIABLES.toArray(String[]::new));
        assertThat(environment).containsEntry(BuildReportSettings.REPORT_BUCKET, "audit-evidence-111122223333")
                .containsEntry(BuildReportSettings.NOTIFY_TOPIC_ARN, "arn:aws:sns:us-east-1:123456789012:security-findings")
                .containsEntry(BuildReportSettings.NOTIFY_ON_SUCCESS, "true")
                .containsEntry(BuildReportSettings.PROJECT, "sweeper");
        assertThat(BuildReportSettings.fromEnv(Env.of(environment)).reportBucket()).isEqualTo("audit-evidence-111122223333");
        assertThat(BuildReportSettings.fromEnv(Env.of(defaults)))
                .as("by default: the bucket the stack creates (named locally as CloudFormation names it), no topic")
                .isEqualTo(new BuildReportSettings("audit-remediation-reportbucket", null, false, "audit-remediation"));
    }

    @Test
    void buildReportMayPutObjectsOnlyUnderReportsAndLatestAndPublishOnlyToTheTopic() {
        SamTemplate.Context given = SamTemplate.Context.of(template, Map.of("ReportBucketName", "audit-evidence-111122223333",
                "NotificationTopicArn", "arn:aws:sns:us-east-1:123456789012:security-findings"), "us-east-1", "123456789012");
        List<?> policies = (List<?>) castMap(castMap(template.resources().get("BuildReportFunction")).get("Properties")).get("Policies");
        List<?> notify = policies.stream().map(policy -> castMap(policy).get("Fn::If")).filter(java.util.Objects::nonNull)
                .map(List.class::cast).filter(parts -> "Notify".equals(parts.get(0))).findFirst().orElseThrow();
        List<Map<String, Object>> statements = new ArrayList<>();
        policies.stream().map(policy -> castMap(policy).containsKey("Fn::If") ? castMap(((List<?>) castMap(policy).get("Fn::If")).get(1)) : castMap(policy))
                .forEach(policy -> ((List<?>) policy.get("Statement")).forEach(statement -> statements.add(castMap(statement))));

        Map<String, Object> s3Statement = statements.stream().filter(statement -> "WriteReportFiles".equals(statement.get("Sid"))).findFirst().orElseThrow();
        Map<String, Object> snsStatement = statements.stream().filter(statement -> "PublishNotification".equals(statement.get("Sid"))).findFirst().orElseThrow();

        assertThat(statements).filteredOn(statement -> String.valueOf(statement.get("Action")).matches(".*s3:(Put|Delete|\\*).*"))
                .as("only WriteReportFiles writes to S3").containsExactly(s3Statement);
        assertThat(s3Statement.get("Action")).isEqualTo("s3:PutObject");
        assertThat(((List<?>) s3Statement.get("Resource")).stream().map(resource -> template.resolve(resource, given)))
                .containsExactly("arn:aws:s3:::audit-evidence-111122223333/" + ReportStore.REPORTS_PREFIX + "*",
                        "arn:aws:s3:::audit-evidence-111122223333/" + ReportStore.LATEST_PREFIX + "*");
        assertThat(notify.get(0)).isEqualTo("Notify");
        assertThat(notify.get(2)).isEqualTo(Map.of("Ref", "AWS::NoValue"));
        assertThat(snsStatement.get("Action")).isEqualTo("sns:Publish");
        assertThat(template.resolve(snsStatement.get("Resource"), given)).isEqualTo("arn:aws:sns:us-east-1:123456789012:security-findings");
        assertThat(template.condition("Notify", context)).as("no topic by default").isFalse();
        assertThat(template.condition("CreateNotificationTopic",
                SamTemplate.Context.of(template, Map.of("NotificationEmail", "secops@example.com"), "us-east-1", "123456789012"))).isTrue();
    }

    @Test
    void buildReportPutsEventsOnlyOnTheDefaultBusAndReadsOnlyTheReportsItComparesWith() {
        SamTemplate.Context given = SamTemplate.Context.of(template, Map.of("ReportBucketName", "audit-evidence-111122223333"),
                "eu-west-1", "111122223333");
        List<?> policies = (List<?>) castMap(castMap(template.resources().get("BuildReportFunction")).get("Properties")).get("Policies");
        List<Map<String, Object>> statements = new ArrayList<>();
        policies.stream().map(policy -> castMap(policy).containsKey("Fn::If") ? castMap(((List<?>) castMap(policy).get("Fn::If")).get(1)) : castMap(policy))
                .forEach(policy -> ((List<?>) policy.get("Statement")).forEach(statement -> statements.add(castMap(statement))));

        Map<String, Object> events = statements.stream().filter(statement -> "PutSweepEvents".equals(statement.get("Sid"))).findFirst().orElseThrow();
        Map<String, Object> read = statements.stream().filter(statement -> "ReadPreviousReport".equals(statement.get("Sid"))).findFirst().orElseThrow();
        Map<String, Object> list = statements.stream().filter(statement -> "FindPreviousReport".equals(statement.get("Sid"))).findFirst().orElseThrow();

        assertThat(statements).filteredOn(statement -> String.valueOf(statement.get("Action")).contains("events:")).containsExactly(events);
        assertThat(events.get("Action")).isEqualTo("events:PutEvents");
        assertThat(template.resolve(events.get("Resource"), given)).isEqualTo("arn:aws:events:eu-west-1:111122223333:event-bus/default");
        assertThat(read.get("Action")).isEqualTo("s3:GetObject");
        assertThat(((List<?>) read.get("Resource")).stream().map(resource -> template.resolve(resource, given)))
                .containsExactly("arn:aws:s3:::audit-evidence-111122223333/" + ReportStore.LATEST_PREFIX + "*",
                        "arn:aws:s3:::audit-evidence-111122223333/" + ReportStore.REPORTS_PREFIX + "*");
        assertThat(list.get("Action")).isEqualTo("s3:ListBucket");
        assertThat(template.resolve(list.get("Resource"), given)).isEqualTo("arn:aws:s3:::audit-evidence-111122223333");
        assertThat(list.get("Condition")).isEqualTo(Map.of("StringLike", Map.of("s3:prefix", ReportStore.LATEST_PREFIX + "*")));
        assertThat(statements).filteredOn(statement -> String.valueOf(statement.get("Action")).contains("s3:ListBucket")).containsExactly(list);
    }

    @Test
    void theCreatedBucketIsPrivateEncryptedVersionedExpiringAndTlsOnly() {
        Map<String, Object> bucket = castMap(template.resources().get("ReportBucket"));
        Map<String, Object> properties = castMap(bucket.get("Properties"));
        Map<String, Object> policy = castMap(castMap(castMap(template.resources().get("ReportBucketPolicy")).get("Properties")).get("PolicyDocument"));

        assertThat(bucket.get("Condition")).isEqualTo("CreateReportBucket");
        assertThat(castMap(properties.get("PublicAccessBlockConfiguration")).values()).hasSize(4).allMatch(Boolean.TRUE::equals);
        assertThat(castMap(properties.get("VersioningConfiguration"))).containsEntry("Status", "Enabled");
        assertThat(String.valueOf(properties.get("BucketEncryption"))).contains("SSEAlgorithm=AES256");
        assertThat(String.valueOf(properties.get("OwnershipControls"))).contains("BucketOwnerEnforced");
        assertThat(String.valueOf(properties.get("LifecycleConfiguration"))).contains("Prefix=reports/", "ExpirationInDays={Ref=ReportRetentionDays}");
        assertThat(String.valueOf(policy.get("Statement"))).contains("Effect=Deny", "aws:SecureTransport=false");
        assertThat(template.condition("CreateReportBucket", context)).isTrue();
    }

    @Test
    void theAlarmWatchesTheMetricThatBuildReportEmits() {
        Map<String, Object> alarm = castMap(castMap(template.resources().get("FailedAccountsCloudWatchAlarm")).get("Properties"));

        assertThat(alarm).containsEntry("Namespace", ReportMetrics.NAMESPACE).containsEntry("MetricName", ReportMetrics.FAILED_ACCOUNTS);
        assertThat((List<?>) alarm.get("Dimensions")).singleElement()
                .isEqualTo(Map.of("Name", ReportMetrics.PROJECT_DIMENSION, "Value", Map.of("Ref", "Project")));
        assertThat(template.condition("CreateFailedAccountsAlarm", context)).isTrue();
    }

    private Set<String> grantedActions(String logicalId) {
        Set<String> actions = new TreeSet<>();
        Map<String, Object> properties = castMap(castMap(template.resources().get(logicalId)).get("Properties"));
        for (Object policy : (List<?>) properties.get("Policies")) {
            for (Object statement : (List<?>) castMap(policy).get("Statement")) {
                Object action = castMap(statement).get("Action");
                if (action instanceof List<?> list) {
                    list.forEach(a -> actions.add(String.valueOf(a)));
                } else {
                    actions.add(String.valueOf(action));
                }
            }
        }
        return actions;
    }

    /**
     * The Organizations operations that our own classes call, read from their constant pools: every method of
     * OrganizationsClient whose name appears in them (paginators count as the operation they page).
     */
    private static Set<String> organizationsCallsIn(Path artifact, String packagePrefix) throws IOException {
        Set<String> operations = Arrays.stream(OrganizationsClient.class.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 1)
                .map(Method::getName)
                .collect(Collectors.toSet());
        Set<String> called = new TreeSet<>();
        try (JarFile jar = new JarFile(artifact.toFile())) {
            for (var entry : java.util.Collections.list(jar.entries())) {
                if (!entry.getName().startsWith(packagePrefix) || !entry.getName().endsWith(".class")) {
                    continue;
                }
                String constants = new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.ISO_8859_1);
                for (String operation : operations) {
                    if (containsUtf8Constant(constants, operation)) {
                        String name = operation.endsWith("Paginator") ? operation.substring(0, operation.length() - "Paginator".length()) : operation;
                        called.add("organizations:" + Character.toUpperCase(name.charAt(0)) + name.substring(1));
                    }
                }
            }
        }
        return called;
    }

    /** A CONSTANT_Utf8 entry: tag 1, two length bytes, then the bytes. */
    private static boolean containsUtf8Constant(String classBytes, String value) {
        String entry = "\u0001" + (char) (value.length() >> 8) + (char) (value.length() & 0xff) + value;
        return classBytes.contains(entry);
    }

    /** The function a substitution names: {@code !GetAtt Fn.Arn} or, for a function behind its alias, {@code !Ref Fn.Alias}. */
    private static String substitutedFunction(Object value) {
        Map<String, Object> intrinsic = castMap(value);
        if (intrinsic.containsKey("Ref")) {
            String ref = String.valueOf(intrinsic.get("Ref"));
            assertThat(ref).as("a function's alias").endsWith(".Alias");
            return ref.substring(0, ref.length() - ".Alias".length());
        }
        return String.valueOf(((List<?>) intrinsic.get("Fn::GetAtt")).get(0));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
