package com.auditremediation.cli;

import com.auditremediation.core.AwsClients;
import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.report.ReportFormat;
import com.auditremediation.core.report.ReportFormats;
import com.auditremediation.local.DemoFindings;
import com.auditremediation.cli.doctor.Doctor;
import com.auditremediation.cli.doctor.DoctorClients;
import com.auditremediation.cli.doctor.DoctorItem;
import com.auditremediation.core.AwsClients;
import com.auditremediation.local.DemoLandingZone;
import com.auditremediation.local.DemoOrganization;
import com.auditremediation.local.FaultProxy;
import com.auditremediation.local.FaultRule;
import com.auditremediation.local.LambdaHost;
import com.auditremediation.local.LocalClients;
import com.auditremediation.local.LocalDeployment;
import com.auditremediation.local.MotoServer;
import com.auditremediation.local.OrganizationSpec;
import com.auditremediation.local.SamTemplate;
import com.auditremediation.local.SweepStateMachine;
import com.auditremediation.local.standin.StandIn;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.AlreadyInOrganizationException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;

/**
 * {@code local}: the whole sweep on this machine. moto plays AWS (Organizations, STS, Step Functions), with the
 * stand-in of local-aws answering the calls moto lacks (docs/stand-in.md); a fault proxy in front of it refuses
 * AssumeRole where the demo says an account has no execution role (the handler sees AWS's own AccessDenied), the local
 * Lambda host runs the packaged functions, and moto's Step Functions executes the real definition with the
 * template's substitutions.
 */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = {"Runs the sweep locally: starts moto, seeds a demo organisation, starts the functions on a local Lambda host, "
                + "creates the state machine from statemachine/sweep.asl.json and executes it with --input; shows progress, "
                + "prints the report as a table and saves it as report.json, report.csv and report.html.",
                "Everything it starts is stopped when it ends, on success, on error and on Ctrl-C."})
final class LocalCommand implements Callable<Integer> {

    /** moto's default account: the organisation's management account and the one the state machine lives in. */
    static final String ACCOUNT_ID = "123456789012";
    /** Any fixed number: what matters is that every run seeds moto's random ids with the same one. */
    private static final long RANDOM_SEED = 23;
    private static final DateTimeFormatter EXECUTION_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Option(names = "--input", paramLabel = "FILE", defaultValue = "${sys:audit.home:-.}/events/all-accounts.json",
            description = "Execution input: a JSON object (see events/) (default: ${DEFAULT-VALUE}).")
    Path input;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "${sys:audit.home:-.}/target/local-run",
            description = "Where report.json, report.csv, report.html and the functions' logs (logs/) go (default: ${DEFAULT-VALUE}).")
    Path outDirectory;

    @Option(names = "--accounts", paramLabel = "N",
            description = "Generate an organisation of N member accounts (at least 3) instead of the demo one.")
    Integer accountCount;

    @Option(names = "--org", paramLabel = "FILE",
            description = "Your own organisation as JSON: organizationalUnits (nested, each with a name, accounts and organizationalUnits) "
                    + "and accounts at the root; an account has a name and may be \"suspended\": true or \"executionRoleMissing\": true.")
    Path organizationFile;

    @Option(names = "--fail-on-account-failure", description = "Exit with 1 when any account FAILED, not only when the execution failed.")
    boolean failOnAccountFailure;

    @Option(names = "--exceptions", paramLabel = "FILE",
            description = "An exceptions file (accepted risks; see docs/exceptions.md, and events/exceptions.yaml for the demo "
                    + "organisation's): validated, then put in the report bucket at the template's ExceptionsKey, where the sweep "
                    + "reads it as it does on AWS.")
    Path exceptionsFile;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "Use this already running moto instead of starting one; it must run with MOTO_PORT set to --lambda-port and hold no organisation yet. "
                    + "The sweep then always takes the inline Map: an unpatched moto writes no result files for the distributed one (docs/moto-patches.md).")
    URI endpoint;

    @Option(names = "--lambda-port", paramLabel = "PORT",
            description = "Port of the local Lambda host, where moto sends Lambda tasks (its MOTO_PORT); required with --endpoint, "
                    + "else 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int lambdaPort = 0;

    @Option(names = "--region", paramLabel = "REGION", description = "Region of the state machine and the functions (default: ${DEFAULT-VALUE}).")
    String region = "us-east-1";

    @Option(names = "--timeout", paramLabel = "MINUTES", description = "Stop waiting for the execution after this long (default: ${DEFAULT-VALUE}).")
    int timeoutMinutes = 30;

    @Option(names = "--own-roles",
            description = "Sweep with roles of our own instead of Control Tower's: a landing zone 4.0 with its security roles off, the stack"
                    + " deployed with AuditRoleName empty (its own CheckAccountRole) and ExecutionRoleName " + OWN_EXECUTION_ROLE
                    + ", and member-role.yaml's role created in every member account, as its StackSet would (docs/own-roles.md).")
    boolean ownRoles;

    @Option(names = "--doctor", description = "Before the sweep, run doctor on the local deployment (as a person in its account) and print its"
            + " list; stop with exit code 1 when an item FAILED (docs/doctor.md).")
    boolean doctor;

    /** The execution role that member-role.yaml creates by default, and the stack's ExecutionRoleName with --own-roles. */
    static final String OWN_EXECUTION_ROLE = "audit-remediation-execution";

    @Override
    public Integer call() {
        return Commands.guard(spec, this::run);
    }

    private int run() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String executionInput = InputFile.read(input);
        ExceptionsFileOption exceptions = exceptionsFile == null ? null
                : ExceptionsFileOption.read(exceptionsFile, AwsClients.partition(Region.of(region)), Clock.systemUTC());
        OrganizationSpec organization = organization();
        if (endpoint != null && lambdaPort <= 0) {
            throw CliException.badInput("--endpoint needs --lambda-port: the MOTO_PORT your moto_server runs with "
                    + "(for example MOTO_PORT=3001 moto_server -p 5000, then --endpoint http://127.0.0.1:5000 --lambda-port 3001)");
        }
        Path templateFile = Commands.template();
        SamTemplate template = SamTemplate.load(templateFile);
        SamTemplate.Context context = SamTemplate.Context.of(template, parameters(), region, ACCOUNT_ID);
        FunctionArtifacts.require(template, context);
        byte[] previousReport = previousReport();
        for (ReportFormat format : ReportFormats.all()) {
            Files.deleteIfExists(outDirectory.resolve(format.fileName()));
        }

        try (Cleanup cleanup = new Cleanup(() -> err.println(System.lineSeparator()
                + "Interrupted: stopping moto, the fault proxy and the Lambda host."))) {
            int hostPort = lambdaPort > 0 ? lambdaPort : MotoServer.freePort();
            // Every call reaches the stand-in for what moto lacks: this command's own (through `moto`, moto's
            // endpoint with the stand-in and no fault rules) and the functions' (through the fault proxy).
            MotoServer started = endpoint != null ? null : startMoto(cleanup, hostPort, out);
            URI motoProcess = started != null ? started.motoEndpoint() : useRunningMoto(endpoint);
            StandIn standIn = started != null ? started.standIn() : StandIn.create(motoProcess);
            URI moto = started != null ? started.endpoint() : cleanup.add(FaultProxy.start(motoProcess, standIn)).endpoint();
            FaultProxy proxy = cleanup.add(FaultProxy.start(motoProcess, standIn));
            // The same ids on every run of the same organisation: the next run's report says what changed, account by account.
            MotoServer.seedRandom(motoProcess, RANDOM_SEED);
            DemoOrganization.Seeded seeded = seed(moto, organization);
            seeded.withoutExecutionRole().forEach(account -> proxy.add(FaultRule.stsAccessDenied(account.id())));
            describe(seeded, organization, out);
            LocalDeployment.Deployed deployed = deploy(moto, template, seeded, out);
            try (S3Client s3 = S3Client.builder().httpClient(AwsClients.httpClient()).endpointOverride(moto).region(Region.US_EAST_1)
                    .forcePathStyle(true).credentialsProvider(deployed.deployer()).build()) {
                if (exceptions != null) {
                    // As `exceptions push` does on AWS: ListAccounts reads it from the bucket, once, for the whole sweep.
                    String key = template.function("ListAccountsFunction", context).environment().get("EXCEPTIONS_KEY");
                    s3.putObject(r -> r.bucket(deployed.reportBucket()).key(key), RequestBody.fromBytes(exceptions.bytes()));
                    int entries = exceptions.entries().size();
                    out.println("Exceptions: " + exceptionsFile + " (" + entries + (entries == 1 ? " entry, " : " entries, ") + exceptions.expired()
                            + " expired) at s3://" + deployed.reportBucket() + "/" + key);
                }
                if (previousReport != null) {
                    // As on AWS, where latest/ holds the last sweep's report: BuildReport compares this sweep with it.
                    s3.putObject(r -> r.bucket(deployed.reportBucket()).key("latest/report.json"), RequestBody.fromBytes(previousReport));
                    out.println("Previous report: " + outDirectory.resolve("report.json") + " (this sweep's changes are counted against it)");
                }
            }
            describeSecurityHub(seeded, DemoOrganization.enableSecurityHub(moto, seeded, Region.of(region)), out);
            arrangeFindings(moto, seeded, out);
            DemoOrganization.createResources(moto, seeded, Region.of(region)).forEach(account ->
                    out.println("Demo resources: " + account.name() + " has " + String.join(", ", account.resources()) + " in " + region));

            out.println("Starting the local Lambda host on port " + hostPort + " (one JVM per function)...");
            out.flush();
            LambdaHost host = cleanup.add(startHost(templateFile, hostPort, proxy.endpoint(), deployed));
            out.println("Functions: " + String.join(", ", host.functionNames()) + " (logs in " + logDirectory() + ")");
            DemoBaseline.apply(seeded, host, template.function("CheckAccountFunction", context).functionName(), out);
            if (doctor && runDoctor(host, deployed, seeded, out) != ExitCodes.OK) {
                err.println(Commands.NAME + ": doctor found a FAILED item in the local deployment; no sweep");
                return ExitCodes.RUN_FAILED;
            }

            try (SfnClient sfn = SfnClient.builder().httpClient(AwsClients.httpClient()).endpointOverride(moto).region(Region.of(region))
                    .credentialsProvider(deployed.deployer()).build()) {
                String stateMachineArn = deployed.stateMachineArn();
                // Always named: moto names unnamed executions "None", and refuses a second one.
                String name = "local-" + EXECUTION_TIME.format(Instant.now());
                String executionArn = sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).name(name).input(executionInput)).executionArn();
                out.println("Execution " + name + " of " + stateMachineArn + " started with " + input);
                out.flush();
                DescribeExecutionResponse execution = new ExecutionWatcher(sfn, err, Duration.ofMillis(250), System.console() != null)
                        .await(executionArn, Duration.ofMinutes(timeoutMinutes), cleanup::interrupted);
                return ExecutionOutcome.report(execution, outDirectory, failOnAccountFailure, out, err);
            }
        }
    }

    /** The report.json that the previous run left in --out, to compare this sweep with; null when there is none. */
    private byte[] previousReport() throws IOException {
        Path file = outDirectory.resolve("report.json");
        return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
    }

    private OrganizationSpec organization() {
        if (accountCount != null && organizationFile != null) {
            throw CliException.badInput("give either --accounts or --org, not both");
        }
        try {
            if (accountCount != null) {
                return OrganizationSpec.generated(accountCount);
            }
            if (organizationFile != null) {
                return OrganizationSpec.read(organizationFile);
            }
            return OrganizationSpec.demo();
        } catch (InvalidInputException e) {
            throw CliException.badInput("--org " + organizationFile + ": " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw CliException.badInput("cannot read --org " + organizationFile + " (" + e.getCause().getMessage() + ")");
        } catch (IllegalArgumentException e) {
            throw CliException.badInput(e.getMessage());
        }
    }

    private static MotoServer startMoto(Cleanup cleanup, int hostPort, PrintWriter out) {
        MotoServer moto;
        try {
            moto = cleanup.add(MotoServer.start(hostPort));
        } catch (IllegalStateException e) {
            throw CliException.unavailable(e.getMessage(), e);
        }
        moto.enableStateMachineExecution();
        out.println("moto on " + moto.endpoint() + " (its log: " + moto.log() + ")");
        return moto;
    }

    /** An already running moto: check it answers, and make its Step Functions really execute. */
    private static URI useRunningMoto(URI endpoint) {
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()
                    .send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/config"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"stepfunctions\":{\"execute_state_machine\":true}}")).build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw CliException.unavailable("--endpoint " + endpoint + " answered " + response.statusCode()
                        + " to moto's config API: is it moto_server?", null);
            }
            return endpoint;
        } catch (IOException | IllegalArgumentException e) {
            throw CliException.unavailable("nothing answers at --endpoint " + endpoint + " (" + e.getMessage()
                    + "): start moto_server there, or leave out --endpoint to let the local run start one", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(130, "interrupted", e);
        }
    }

    private DemoOrganization.Seeded seed(URI moto, OrganizationSpec organization) {
        try (OrganizationsClient organizations = LocalClients.build(OrganizationsClient.builder(), moto, Region.of(region))) {
            return DemoOrganization.seed(organizations, organization);
        } catch (AlreadyInOrganizationException e) {
            throw CliException.unavailable("moto at " + moto + " already holds an organisation: reset it with curl -X POST "
                    + moto.resolve("/moto-api/reset") + ", or leave out --endpoint", e);
        }
    }

    private static void describe(DemoOrganization.Seeded seeded, OrganizationSpec organization, PrintWriter out) {
        out.println("Organisation: " + seeded.accounts().size() + " member accounts in " + countUnits(organization.organizationalUnits())
                + " OUs, management account " + seeded.managementAccountId());
        for (DemoOrganization.SeededAccount account : seeded.accounts()) {
            if (account.suspended()) {
                out.println("  " + account.name() + " (" + account.id() + ") is suspended");
            }
            if (account.executionRoleMissing()) {
                out.println("  " + account.name() + " (" + account.id() + ") has no execution role: STS refuses AssumeRole into it");
            }
        }
    }

    /** The demo's declarative policies and resources that make a check fail ({@link DemoFindings}), in the run's region. */
    private void arrangeFindings(URI moto, DemoOrganization.Seeded seeded, PrintWriter out) {
        for (DemoOrganization.SeededAccount account : seeded.accounts()) {
            try {
                DemoFindings.arrange(moto, account, Region.of(region)).forEach(out::println);
            } catch (IllegalArgumentException e) {
                throw CliException.badInput(e.getMessage());
            }
        }
    }

    /** Where the demo enabled Security Hub: the report then shows findings exported there and skipped elsewhere. */
    private void describeSecurityHub(DemoOrganization.Seeded seeded, List<DemoOrganization.SeededAccount> enabled, PrintWriter out) {
        List<String> without = seeded.accounts().stream().filter(account -> !enabled.contains(account))
                .filter(account -> !account.suspended() && !account.executionRoleMissing())
                .map(DemoOrganization.SeededAccount::name).toList();
        out.println("Security Hub enabled in " + region + " in " + enabled.size() + " accounts"
                + (without.isEmpty() ? "" : "; not in " + String.join(", ", without) + " (their findings are skipped, with a note)"));
    }

    private static int countUnits(List<OrganizationSpec.OrganizationalUnit> units) {
        return units.stream().mapToInt(unit -> 1 + countUnits(unit.organizationalUnits())).sum();
    }

    /**
     * Control Tower's landing zone around the demo organisation (3.3 with its security roles; with --own-roles 4.0 without
     * them and member-role.yaml's role in every member account), then the stack deployed into its audit account.
     */
    private LocalDeployment.Deployed deploy(URI moto, SamTemplate template, DemoOrganization.Seeded seeded, PrintWriter out) {
        DemoLandingZone landingZone = new DemoLandingZone(moto, Region.of(region));
        DemoLandingZone.Accounts accounts = DemoLandingZone.accounts(seeded);
        landingZone.setUp(accounts, ownRoles ? "4.0" : "3.3", !ownRoles);
        LocalDeployment.Deployed deployed = new LocalDeployment(moto, Region.of(region), template).deploy(accounts.auditAccountId(), parameters());
        out.println("Landing zone " + (ownRoles ? "4.0 with its security roles off" : "3.3 with its security roles in " + accounts.auditAccountId())
                + "; stack " + deployed.stackName() + " deployed into " + deployed.accountId()
                + (deployed.accountId().equals(accounts.managementAccountId()) ? " (the management account: the organisation has no account named audit)" : " (audit)"));
        if (ownRoles) {
            String auditRoleArn = deployed.outputs().get("CheckAccountRoleArn");
            // remediate: the demo makes some accounts compliant before the sweep by running the fixes (DemoBaseline).
            int roles = landingZone.createMemberRoles(seeded, Commands.home().resolve("member-role.yaml"), auditRoleArn, "remediate",
                    OWN_EXECUTION_ROLE).size();
            out.println("Roles of our own: the check functions run as " + auditRoleArn + "; member-role.yaml's " + OWN_EXECUTION_ROLE
                    + " (remediate mode) created in " + roles + " member accounts, as its StackSet would");
        }
        return deployed;
    }

    /** doctor on the local deployment, through the Lambda host (which passes everything but invocations to moto). */
    private int runDoctor(LambdaHost host, LocalDeployment.Deployed deployed, DemoOrganization.Seeded seeded, PrintWriter out) {
        // The role chain is proven on an account the organisation enrolled: doctor's own default, the first active
        // member, may be one that the demo leaves without an execution role on purpose.
        String sampleAccount = seeded.accounts().stream()
                .filter(account -> !account.suspended() && !account.executionRoleMissing() && !account.id().equals(deployed.accountId()))
                .map(DemoOrganization.SeededAccount::id).findFirst().orElse(null);
        List<DoctorItem> items;
        try (DoctorClients clients = DoctorCommand.clients(new DoctorCommand.ClientFactory() {
            @Override
            public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, String clientRegion) {
                return builder.httpClient(AwsClients.httpClient()).endpointOverride(host.endpoint()).region(Region.of(clientRegion))
                        .credentialsProvider(deployed.deployer()).build();
            }
        }, Region.of(region), true)) {
            items = new Doctor(clients, new Doctor.Settings(deployed.stackName(), sampleAccount, Region.of(region))).run();
        }
        DoctorCommand.print(out, items, deployed.stackName(), Region.of(region), false);
        out.flush();
        return DoctorCommand.exitCode(items);
    }

    /** The template parameters of this run. */
    private Map<String, String> parameters() {
        Map<String, String> parameters = new java.util.LinkedHashMap<>();
        // The moto this command starts writes the distributed Map's result files (local-aws's MotoPatches), so MapMode
        // auto chooses as on AWS. A moto given with --endpoint may not: there, the inline Map whatever the size.
        if (endpoint != null) {
            parameters.put("MapMode", "inline");
        }
        if (ownRoles) {
            parameters.put("AuditRoleName", "");
            parameters.put("ExecutionRoleName", OWN_EXECUTION_ROLE);
        }
        return parameters;
    }

    private LambdaHost startHost(Path templateFile, int port, URI proxy, LocalDeployment.Deployed deployed) {
        try {
            // The functions act as the check functions' role in the deployment's account (moto tells accounts apart by key).
            Map<String, String> environment = new java.util.LinkedHashMap<>(deployed.functionCredentials());
            environment.put("AWS_ENDPOINT_URL", proxy.toString());
            environment.put("AWS_REGION", region);
            return LambdaHost.start(new LambdaHost.Config(templateFile, port, parameters(), environment,
                    region, deployed.accountId(), logDirectory(), proxy));
        } catch (IllegalStateException e) {
            throw CliException.unavailable(e.getMessage(), e);
        }
    }

    private Path logDirectory() {
        return outDirectory.resolve("logs").toAbsolutePath().normalize();
    }
}
