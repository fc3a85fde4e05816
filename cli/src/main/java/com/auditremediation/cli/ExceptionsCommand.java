package com.auditremediation.cli;

import com.auditremediation.core.AwsClients;
import com.auditremediation.core.exceptions.ExceptionsFile;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code exceptions validate FILE} and {@code exceptions push FILE}: the accepted risks (docs/exceptions.md). */
@Command(name = "exceptions", mixinStandardHelpOptions = true,
        description = "The exceptions file: accepted risks, each with an owner, a reason and an expiry (docs/exceptions.md).",
        subcommands = {ExceptionsCommand.Validate.class, ExceptionsCommand.Push.class})
final class ExceptionsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.BAD_INPUT;
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Checks FILE exactly as the sweep does (as of today, UTC) and lists its entries; exit code 2 names the "
                    + "first entry and field refused.")
    static final class Validate implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The exceptions file: YAML (.yaml, .yml) or JSON (.json).")
        Path file;

        @Option(names = "--partition", paramLabel = "PARTITION", defaultValue = "aws",
                description = "The partition whose regions an entry's regions must be (aws, aws-cn, aws-us-gov; default: ${DEFAULT-VALUE}).")
        String partition;

        @Override
        public Integer call() {
            return Commands.guard(spec, () -> {
                ExceptionsFileOption.read(file, partition, Clock.systemUTC()).describe(spec.commandLine().getOut());
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "push", mixinStandardHelpOptions = true,
            description = {"Validates FILE, then uploads it to the deployed stack's report bucket at its ExceptionsKey (default "
                    + ExceptionsFile.DEFAULT_KEY + "), where the next sweep reads it.",
                    "The bucket is the stack's output ReportBucketName (read with cloudformation:DescribeStacks), unless --bucket names it."})
    static final class Push implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        AwsEndpointOptions aws;

        @Parameters(paramLabel = "FILE", description = "The exceptions file: YAML (.yaml, .yml) or JSON (.json).")
        Path file;

        @Option(names = "--stack-name", paramLabel = "NAME", defaultValue = "audit-remediation",
                description = "The deployed stack whose bucket and ExceptionsKey to use (default: ${DEFAULT-VALUE}).")
        String stackName;

        @Option(names = "--bucket", paramLabel = "BUCKET", description = "The report bucket, instead of the stack's output ReportBucketName.")
        String bucket;

        @Option(names = "--key", paramLabel = "KEY",
                description = "The object's key, under " + ExceptionsFile.KEY_PREFIX + " (default: the stack's ExceptionsKey, else "
                        + ExceptionsFile.DEFAULT_KEY + "); another key is read only by a sweep whose input names it (ExceptionsKey).")
        String key;

        @Override
        public Integer call() {
            return Commands.guard(spec, () -> {
                String region = region();
                ExceptionsFileOption exceptions = ExceptionsFileOption.read(file, AwsClients.partition(Region.of(region)), Clock.systemUTC());
                Target target = target(region);
                String name = file.getFileName().toString();
                String contentType = name.endsWith(".json") ? "application/json" : "application/yaml";
                try (S3Client s3 = aws.client(S3Client.builder().forcePathStyle(aws.endpoint != null), region)) {
                    String versionId = s3.putObject(r -> r.bucket(target.bucket()).key(target.key()).contentType(contentType),
                            RequestBody.fromBytes(exceptions.bytes())).versionId();
                    exceptions.describe(spec.commandLine().getOut());
                    spec.commandLine().getOut().println("Uploaded to s3://" + target.bucket() + "/" + target.key()
                            + (versionId == null ? "" : " (version " + versionId + ")") + (target.stackKey()
                            ? ": every sweep reads it from now on" : ": a sweep reads it when its input says \"ExceptionsKey\": \"" + target.key() + "\""));
                }
                return ExitCodes.OK;
            });
        }

        private record Target(String bucket, String key, boolean stackKey) {
        }

        /** The bucket and key: from the options, else from the stack's output and parameter. */
        private Target target(String region) {
            String stackKey = ExceptionsFile.DEFAULT_KEY;
            String stackBucket = bucket;
            if (bucket == null || key == null) {
                Stack stack = stack(region);
                stackBucket = bucket != null ? bucket : stack.outputs().stream().filter(o -> "ReportBucketName".equals(o.outputKey()))
                        .map(Output::outputValue).findFirst().orElseThrow(() -> CliException.badInput("stack " + stackName
                                + " has no output ReportBucketName: is it this project's stack? Give --bucket"));
                stackKey = stack.parameters().stream().filter(p -> "ExceptionsKey".equals(p.parameterKey()))
                        .map(Parameter::parameterValue).findFirst().orElse(ExceptionsFile.DEFAULT_KEY);
            }
            String chosen = key != null ? key : stackKey;
            try {
                ExceptionsFile.validateKey("--key", chosen);
            } catch (RuntimeException e) {
                throw CliException.badInput(e.getMessage());
            }
            return new Target(stackBucket, chosen, chosen.equals(stackKey));
        }

        private Stack stack(String region) {
            try (CloudFormationClient cloudFormation = aws.client(CloudFormationClient.builder(), region)) {
                return cloudFormation.describeStacks(r -> r.stackName(stackName)).stacks().stream().findFirst()
                        .orElseThrow(() -> CliException.badInput("no stack " + stackName + " in " + region + ": give --stack-name, --region or --bucket"));
            }
        }

        private String region() {
            if (aws.region != null) {
                return aws.region;
            }
            try {
                return new DefaultAwsRegionProviderChain().getRegion().id();
            } catch (RuntimeException e) {
                throw CliException.badInput("no region: give --region, or set AWS_REGION (the stack's region)");
            }
        }
    }
}
