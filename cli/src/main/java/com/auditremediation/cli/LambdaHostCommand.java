package com.auditremediation.cli;

import com.auditremediation.local.FaultProxy;
import com.auditremediation.local.LambdaHost;
import com.auditremediation.local.SamTemplate;
import com.auditremediation.local.standin.StandIn;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lambda-host}: our three functions behind the Lambda Invoke API, as {@code sam local start-lambda} serves
 * them. The functions reach AWS, or an emulator, through the caller's own SDK settings (AWS_ENDPOINT_URL, region,
 * credentials): nothing is added to their environment here. With {@code --forward-to} (a moto), every request that
 * is not an invocation goes on to it through the stand-in, so functions whose AWS_ENDPOINT_URL is this host reach
 * the calls moto lacks too.
 */
@Command(name = "lambda-host", mixinStandardHelpOptions = true,
        description = {"Serves the template's functions on the Lambda Invoke API (POST /2015-03-31/functions/<name or ARN>/invocations) until Ctrl-C.",
                "Their environment is the template's (parameter defaults or --parameter-overrides), overridden by yours; they reach AWS or an emulator "
                        + "through the SDK's usual settings (AWS_ENDPOINT_URL, AWS_REGION, credentials)."})
final class LambdaHostCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on, on 127.0.0.1 (default: ${DEFAULT-VALUE}, as sam local start-lambda).")
    int port = 3001;

    @Mixin
    FunctionRegionOption functionRegion;

    @Option(names = "--account-id", paramLabel = "ID", description = "Account id in the function ARNs shown (an ARN of any account is served) (default: ${DEFAULT-VALUE}).")
    String accountId = "123456789012";

    @Option(names = "--parameter-overrides", arity = "1..*", paramLabel = "KEY=VALUE",
            description = "Template parameters, as for sam deploy, for example Project=my-sweep MaxConcurrency=5.")
    Map<String, String> parameterOverrides = new LinkedHashMap<>();

    @Option(names = "--forward-to", paramLabel = "URL",
            description = "Pass every request that is not an invocation on to this server, for example your moto_server's "
                    + "http://127.0.0.1:5000, through the stand-in that answers the calls moto lacks (docs/stand-in.md): moto's Step "
                    + "Functions sends the distributed Map's S3 calls to MOTO_PORT, this host, and functions whose AWS_ENDPOINT_URL "
                    + "is this host reach moto and the stand-in (default: refuse them).")
    URI forwardTo;

    @Option(names = "--log-dir", paramLabel = "DIR", defaultValue = "${sys:audit.home:-.}/target/lambda-host/logs",
            description = "Where each function's output goes, one <function name>.log each (default: ${DEFAULT-VALUE}).")
    Path logDirectory;

    @Override
    public Integer call() {
        return Commands.guard(spec, this::serve);
    }

    private int serve() {
        PrintWriter out = spec.commandLine().getOut();
        Path templateFile = Commands.template();
        SamTemplate template = SamTemplate.load(templateFile);
        Commands.requireParameters(template, parameterOverrides.keySet());
        FunctionArtifacts.require(template, SamTemplate.Context.of(template, parameterOverrides, functionRegion.region, accountId));
        CountDownLatch stopped = new CountDownLatch(1);
        try (Cleanup cleanup = new Cleanup(() -> spec.commandLine().getErr().println("Stopping the Lambda host."))) {
            URI forwardThrough = forwardTo == null ? null : cleanup.add(FaultProxy.start(forwardTo, StandIn.create(forwardTo))).endpoint();
            LambdaHost host = cleanup.add(startHost(templateFile, forwardThrough));
            cleanup.add(stopped::countDown);
            out.println("Lambda host on " + host.endpoint() + " (Invoke API: POST /2015-03-31/functions/<name or ARN>/invocations)");
            if (forwardTo != null) {
                out.println("Every other request goes on to " + forwardTo + ", with the stand-in answering what moto lacks"
                        + " (set AWS_ENDPOINT_URL=" + host.endpoint() + " for the functions to reach both)");
            }
            for (String name : host.functionNames()) {
                out.println("  " + name + "  " + host.context().functionArn(name));
            }
            out.println("Function logs: " + logDirectory.toAbsolutePath().normalize());
            out.println("Press Ctrl-C to stop.");
            out.flush();
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCodes.OK;
    }

    private LambdaHost startHost(Path templateFile, URI forwardThrough) {
        try {
            return LambdaHost.start(new LambdaHost.Config(templateFile, port, Map.copyOf(parameterOverrides), Map.of(),
                    functionRegion.region, accountId, logDirectory, forwardThrough));
        } catch (IllegalStateException e) {
            throw CliException.unavailable(e.getMessage(), e);
        }
    }
}
