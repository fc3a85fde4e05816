package com.auditremediation.cli;

import com.auditremediation.cli.doctor.Doctor;
import com.auditremediation.cli.doctor.DoctorClients;
import com.auditremediation.cli.doctor.DoctorItem;
import com.auditremediation.core.Json;
import com.auditremediation.core.Validate;
import com.auditremediation.core.error.InvalidInputException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.account.AccountClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.controltower.ControlTowerClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@code doctor}: checks a deployment before its first sweep and prints a list, each item PASS, WARN or FAIL with one
 * sentence of what to do (docs/doctor.md). Reads only: it changes nothing and writes no finding.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Checks a deployment before its first sweep, with your credentials in the account of the stack (the Audit account):"
                + " the caller and its organisation, the landing zone, the check functions' role and what it may assume (IAM's policy"
                + " simulator), the stack and what it created, Organizations access and the role chain into one member account (the deployed"
                + " functions invoked with an input that reads and writes nothing), Security Hub here and the regions swept.",
                "Each item is PASS, WARN or FAIL with one sentence of what to do; exit code 1 when any item FAILED. It changes nothing."})
final class DoctorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AwsEndpointOptions aws;

    @Option(names = "--stack-name", paramLabel = "NAME", defaultValue = "audit-remediation",
            description = "The deployed stack (default: ${DEFAULT-VALUE}, the project's).")
    String stackName;

    @Option(names = "--sample-account", paramLabel = "ID",
            description = "The member account whose role chain is proven (default: the first ACTIVE member other than this account and the management account).")
    String sampleAccount;

    @Option(names = "--json", description = "Print the items as JSON: {stackName, region, items: [{id, status, detail, action}], passed, warnings, failed}.")
    boolean json;

    @Override
    public Integer call() {
        return Commands.guard(spec, () -> {
            if (sampleAccount != null) {
                try {
                    Validate.accountId("--sample-account", sampleAccount);
                } catch (InvalidInputException e) {
                    throw CliException.badInput("--sample-account '" + sampleAccount + "' is not an account id of 12 digits");
                }
            }
            Region region = region();
            List<DoctorItem> items;
            try (DoctorClients clients = clients(new ClientFactory() {
                @Override
                public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, String clientRegion) {
                    return aws.client(builder, clientRegion);
                }
            }, region, aws.endpoint != null)) {
                items = new Doctor(clients, new Doctor.Settings(stackName, sampleAccount, region)).run();
            }
            print(spec.commandLine().getOut(), items, stackName, region, json);
            return exitCode(items);
        });
    }

    private Region region() {
        if (aws.region != null) {
            return Region.of(aws.region);
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkException e) {
            throw CliException.badInput("no region: give --region (the stack's), or set AWS_REGION");
        }
    }

    /** Builds one SDK client in a region: the command's own from its options, local's with the local deployment's credentials. */
    interface ClientFactory {
        <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, String region);
    }

    /** Every client doctor reads with; global services (Organizations, IAM, Account) in their partition's home region. */
    static DoctorClients clients(ClientFactory factory, Region region, boolean emulator) {
        String id = region.id();
        String global = region.id().startsWith("cn-") ? "cn-north-1" : region.id().startsWith("us-gov-") ? "us-gov-west-1" : "us-east-1";
        return new DoctorClients(factory.client(StsClient.builder(), id), factory.client(OrganizationsClient.builder(), global),
                factory.client(ControlTowerClient.builder(), id), factory.client(IamClient.builder(), global),
                factory.client(CloudFormationClient.builder(), id), factory.client(SfnClient.builder(), id),
                factory.client(EventBridgeClient.builder(), id), factory.client(S3Client.builder().forcePathStyle(emulator), id),
                factory.client(SnsClient.builder(), id), factory.client(LambdaClient.builder(), id),
                factory.client(SecurityHubClient.builder(), id), factory.client(AccountClient.builder(), global));
    }

    static int exitCode(List<DoctorItem> items) {
        return items.stream().anyMatch(item -> item.status() == DoctorItem.Status.FAIL) ? ExitCodes.RUN_FAILED : ExitCodes.OK;
    }

    static void print(PrintWriter out, List<DoctorItem> items, String stackName, Region region, boolean json) {
        long passed = count(items, DoctorItem.Status.PASS);
        long warnings = count(items, DoctorItem.Status.WARN);
        long failed = count(items, DoctorItem.Status.FAIL);
        if (json) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("stackName", stackName);
            document.put("region", region.id());
            document.put("items", items);
            document.put("passed", passed);
            document.put("warnings", warnings);
            document.put("failed", failed);
            out.println(Json.writePretty(document));
            return;
        }
        out.println("doctor: stack " + stackName + " in " + region.id());
        for (DoctorItem item : items) {
            out.println(String.format("%-4s  %-20s  %s%s", item.status(), item.id(), item.detail(),
                    item.action().isEmpty() ? "" : System.lineSeparator() + " ".repeat(28) + "-> " + item.action()));
        }
        out.println(passed + " passed, " + warnings + " warnings, " + failed + " failed");
    }

    private static long count(List<DoctorItem> items, DoctorItem.Status status) {
        return items.stream().filter(item -> item.status() == status).count();
    }
}
