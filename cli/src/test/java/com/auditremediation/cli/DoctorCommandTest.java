package com.auditremediation.cli;

import com.auditremediation.core.Json;
import com.auditremediation.local.DemoLandingZone;
import com.auditremediation.local.DemoOrganization;
import com.auditremediation.local.LambdaHost;
import com.auditremediation.local.LocalClients;
import com.auditremediation.local.LocalDeployment;
import com.auditremediation.local.MotoExtension;
import com.auditremediation.local.MotoServer;
import com.auditremediation.local.OrganizationSpec;
import com.auditremediation.local.SamTemplate;
import com.auditremediation.local.standin.StandInAdmin;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code doctor} against the local deployment that {@code local} makes (the demo organisation, its landing zone, the
 * stack in its audit account, the functions on the local Lambda host), as it is and with one thing broken per test.
 * doctor runs in this JVM as a person in the stack's account (the SDK's system-property credentials) and reaches every
 * service through the Lambda host's endpoint, which serves the invocations and passes the rest to moto and the stand-in.
 */
class DoctorCommandTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final Region REGION = Region.US_EAST_1;
    private static final Path TEMPLATE = CliRunner.HOME.resolve("template.yaml");

    private LambdaHost host;

    /** What a test deployed, and where doctor reaches it. */
    private record Local(DemoOrganization.Seeded seeded, DemoLandingZone.Accounts accounts, LocalDeployment.Deployed deployed) {
    }

    @AfterEach
    void stopHostAndForgetCredentials() {
        if (host != null) {
            host.close();
        }
        for (String property : List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken")) {
            System.clearProperty(property);
        }
    }

    @Test
    void theLocalDeploymentPassesEveryItem(@TempDir Path logs) throws IOException {
        Local local = deploy("3.3", true, false, Map.of(), logs);

        CliRunner.Result text = doctor(local);
        CliRunner.Result json = doctor(local, "--json");
        System.out.println(text.out());

        assertThat(text.exitCode()).as(text.out() + text.err()).isZero();
        JsonNode items = Json.mapper().readTree(json.out()).get("items");
        assertThat(items).extracting(item -> item.get("id").asText()).containsExactly("caller", "landing-zone", "audit-role", "assume-policy",
                "stack", "state-machine", "schedule", "report-bucket", "notifications", "snapstart", "organizations-access", "role-chain",
                "security-hub", "regions");
        assertThat(items).as(json.out()).allSatisfy(item -> assertThat(item.get("status").asText()).as(item.toString()).isEqualTo("PASS"));
        assertThat(Json.mapper().readTree(json.out()).get("failed").asInt()).isZero();
        assertThat(text.out()).contains("PASS  role-chain", "14 passed, 0 warnings, 0 failed")
                .contains("the landing zone's audit (security roles) account")
                .contains("assumed aws-controltower-AdministratorExecutionRole in");
    }

    @Test
    void aMissingAuditRoleFailsTheAuditRoleItem(@TempDir Path logs) throws IOException {
        Local local = deploy("3.3", true, false, Map.of(), logs);
        try (IamClient iam = iam(local)) {
            iam.deleteRolePolicy(r -> r.roleName("aws-controltower-AuditAdministratorRole").policyName("AssumeRole-aws-controltower-AuditAdministratorRole"));
            iam.deleteRole(r -> r.roleName("aws-controltower-AuditAdministratorRole"));
        }

        CliRunner.Result result = doctor(local, "--json");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.RUN_FAILED);
        JsonNode item = item(result, "audit-role");
        assertThat(item.get("status").asText()).isEqualTo("FAIL");
        assertThat(item.get("detail").asText()).isEqualTo("The check functions' role aws-controltower-AuditAdministratorRole does not exist in "
                + local.deployed().accountId() + ".");
        assertThat(item.get("action").asText()).isEqualTo("Deploy in the landing zone's audit account, or, where its security roles are off,"
                + " redeploy with AuditRoleName empty (docs/own-roles.md).");
        assertThat(item(result, "assume-policy").get("status").asText()).isEqualTo("FAIL");
    }

    @Test
    void aLandingZone40WithoutSecurityRolesFailsTheLandingZoneItem(@TempDir Path logs) throws IOException {
        // Read from the management account, the only one Control Tower answers; no aws-controltower-* roles exist.
        Local local = deploy("4.0", false, true, Map.of(), logs);

        CliRunner.Result result = doctor(local, "--json");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.RUN_FAILED);
        JsonNode item = item(result, "landing-zone");
        assertThat(item.get("status").asText()).isEqualTo("FAIL");
        assertThat(item.get("detail").asText()).isEqualTo("Landing zone 4.0 (ACTIVE, drift IN_SYNC): security roles off, AWS Config integration on."
                + " Without security roles there is no aws-controltower-AuditAdministratorRole and no aws-controltower-AdministratorExecutionRole.");
        assertThat(item.get("action").asText()).isEqualTo("Deploy with AuditRoleName empty and ExecutionRoleName of your own, and create that role"
                + " in every member account with member-role.yaml through StackSets (docs/own-roles.md).");
        assertThat(item(result, "caller").get("status").asText()).as("deployed in the management account").isEqualTo("WARN");
    }

    @Test
    void anAuditAccountThatIsNoDelegatedAdministratorFailsTheOrganizationsAccessItem(@TempDir Path logs) throws IOException {
        Local local = deploy("3.3", true, false, Map.of(), logs);
        try (OrganizationsClient organizations = LocalClients.build(OrganizationsClient.builder(), MOTO.endpoint(), REGION)) {
            for (String service : List.of("securityhub.amazonaws.com", "account.amazonaws.com")) {
                organizations.deregisterDelegatedAdministrator(r -> r.accountId(local.accounts().auditAccountId()).servicePrincipal(service));
            }
        }
        String sample = local.seeded().byName("network").id();

        CliRunner.Result result = doctor(local, "--json", "--sample-account", sample);

        assertThat(result.exitCode()).isEqualTo(ExitCodes.RUN_FAILED);
        JsonNode item = item(result, "organizations-access");
        assertThat(item.get("status").asText()).isEqualTo("FAIL");
        assertThat(item.get("detail").asText()).isEqualTo("The list function may not read the organisation: organizations:ListAccounts"
                + " was refused (AccessDeniedException).");
        assertThat(item.get("action").asText()).isEqualTo("Register this account (" + local.accounts().auditAccountId() + ") as a delegated"
                + " administrator of a service from the management account (aws organizations register-delegated-administrator), or allow it in"
                + " the organisation's delegation policy.");
        assertThat(item(result, "role-chain").get("status").asText()).as("the role chain does not need Organizations").isEqualTo("PASS");
    }

    @Test
    void anEmailSubscriptionPendingConfirmationFailsTheNotificationsItemUntilConfirmed(@TempDir Path logs) throws IOException {
        Local local = deploy("3.3", true, false, Map.of("NotificationEmail", "secops@example.com"), logs);
        String topic = local.deployed().outputs().get("NotificationTopicArn");

        CliRunner.Result pending = doctor(local, "--json");
        StandInAdmin.at(MOTO.endpoint()).confirmSubscription(topic, "secops@example.com");
        CliRunner.Result confirmed = doctor(local, "--json");

        JsonNode item = item(pending, "notifications");
        assertThat(pending.exitCode()).isEqualTo(ExitCodes.RUN_FAILED);
        assertThat(item.get("status").asText()).isEqualTo("FAIL");
        assertThat(item.get("detail").asText()).isEqualTo("Topic " + topic + " has subscriptions still pending confirmation: email secops@example.com.");
        assertThat(item.get("action").asText()).isEqualTo("Confirm each from the message AWS sent it (subject \"AWS Notification - Subscription"
                + " Confirmation\"); until then it receives nothing.");
        assertThat(item(confirmed, "notifications").get("status").asText()).isEqualTo("PASS");
        assertThat(confirmed.exitCode()).as(confirmed.out()).isZero();
    }

    @Test
    void aRegionNotEnabledInTheSampleAccountFailsTheRegionsItem(@TempDir Path logs) throws IOException {
        Local local = deploy("3.3", true, false, Map.of("DefaultRegions", "us-east-1,af-south-1"), logs);
        String sample = local.seeded().byName("network").id();

        CliRunner.Result refused = doctor(local, "--json", "--sample-account", sample);
        StandInAdmin.at(MOTO.endpoint()).regionOptStatus(sample, "af-south-1", "ENABLED");
        CliRunner.Result enabled = doctor(local, "--json", "--sample-account", sample);

        assertThat(item(refused, "regions").get("status").asText()).isEqualTo("FAIL");
        assertThat(item(refused, "regions").get("detail").asText()).isEqualTo("Not enabled in " + sample + ": af-south-1 (DISABLED).");
        assertThat(item(enabled, "regions").get("detail").asText()).isEqualTo("us-east-1, af-south-1 are enabled in " + sample + ".");
    }

    @Test
    void aBadSampleAccountIsRefusedNamingTheOption() {
        CliRunner.Result result = CliRunner.run("doctor", "--sample-account", "12345", "--region", "us-east-1", "--endpoint", MOTO.endpoint().toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.errLines()).containsExactly("audit-remediation: --sample-account '12345' is not an account id of 12 digits");
    }

    /**
     * What local does before its sweep: the demo organisation, its landing zone ({@code version}, with or without its
     * security roles), the stack deployed into the audit account (or the management account), Security Hub in the demo's
     * accounts and the functions on a Lambda host acting as the check functions' role there.
     */
    private Local deploy(String version, boolean securityRoles, boolean inManagementAccount, Map<String, String> parameters, Path logs) {
        MotoServer.seedRandom(MOTO.endpoint(), 23);
        DemoOrganization.Seeded seeded;
        try (OrganizationsClient organizations = LocalClients.build(OrganizationsClient.builder(), MOTO.endpoint(), REGION)) {
            seeded = DemoOrganization.seed(organizations, OrganizationSpec.demo());
        }
        DemoLandingZone.Accounts accounts = DemoLandingZone.accounts(seeded);
        new DemoLandingZone(MOTO.endpoint(), REGION).setUp(accounts, version, securityRoles);
        DemoOrganization.enableSecurityHub(MOTO.endpoint(), seeded, REGION);
        SamTemplate template = SamTemplate.load(TEMPLATE);
        LocalDeployment.Deployed deployed = new LocalDeployment(MOTO.endpoint(), REGION, template)
                .deploy(inManagementAccount ? accounts.managementAccountId() : accounts.auditAccountId(), parameters);
        Map<String, String> environment = new LinkedHashMap<>(deployed.functionCredentials());
        environment.put("AWS_ENDPOINT_URL", MOTO.proxyEndpoint().toString());
        environment.put("AWS_REGION", REGION.id());
        host = LambdaHost.start(new LambdaHost.Config(TEMPLATE, 0, parameters, environment, REGION.id(), deployed.accountId(), logs,
                MOTO.proxyEndpoint()));
        AwsSessionCredentials person = (AwsSessionCredentials) deployed.deployer().resolveCredentials();
        System.setProperty("aws.accessKeyId", person.accessKeyId());
        System.setProperty("aws.secretAccessKey", person.secretAccessKey());
        System.setProperty("aws.sessionToken", person.sessionToken());
        return new Local(seeded, accounts, deployed);
    }

    private CliRunner.Result doctor(Local local, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("doctor", "--endpoint", host.endpoint().toString(), "--region", REGION.id(),
                "--stack-name", local.deployed().stackName()));
        args.addAll(List.of(more));
        return CliRunner.run(args.toArray(String[]::new));
    }

    private IamClient iam(Local local) {
        return IamClient.builder().httpClient(com.auditremediation.core.AwsClients.httpClient()).endpointOverride(MOTO.endpoint())
                .region(Region.AWS_GLOBAL).credentialsProvider(local.deployed().deployer()).build();
    }

    private static JsonNode item(CliRunner.Result result, String id) throws IOException {
        for (JsonNode item : Json.mapper().readTree(result.out()).get("items")) {
            if (item.get("id").asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError("no item " + id + " in " + result.out() + result.err());
    }
}
