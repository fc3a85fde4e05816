package com.auditremediation.cli;

import com.auditremediation.core.Json;
import com.auditremediation.core.runtime.Invoke;
import com.auditremediation.local.LambdaHost;
import com.auditremediation.local.SamTemplate;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code invoke}: one handler, once, in a fresh JVM whose classpath is exactly the function's deployable artifact
 * (its CodeUri), with the template's environment, as {@code sam local invoke} runs a function. The JVM runs core's
 * {@link Invoke} bootstrap, which every function jar carries; nothing of the CLI is on its classpath.
 */
@Command(name = "invoke", mixinStandardHelpOptions = true,
        description = {"Invokes one function once in a fresh JVM (classpath: exactly its CodeUri jar; environment: the template's, "
                + "overridden by yours and by --env) and prints the handler's output on stdout; the function's log goes to stderr, "
                + "as with sam local invoke.",
                "It reaches AWS, or an emulator, through the SDK's usual settings (AWS_ENDPOINT_URL, AWS_REGION, credentials).",
                "Exit codes: 0 the handler returned, 1 it failed (its error is printed), 2 a bad option or event "
                        + "(or the handler refused the event as INVALID_INPUT), 3 the artifact is missing or the function could not start."})
final class InvokeCommand implements Callable<Integer> {

    private static final long GRACE_SECONDS = 10;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FUNCTION",
            description = "The function: its logical id (CheckAccountFunction), its name (audit-remediation-check-account) or its short name (check-account).")
    String function;

    @Option(names = {"-e", "--event"}, paramLabel = "FILE|JSON",
            description = "The event: a JSON text, a file (relative to the current folder or the checkout, e.g. events/single-account.json), or - for stdin (default: {}).")
    String event = "{}";

    @Option(names = "--env", arity = "1..*", paramLabel = "KEY=VALUE",
            description = "Environment variables for the function, over the template's and yours, e.g. AWS_ENDPOINT_URL=http://127.0.0.1:5000.")
    Map<String, String> environment = new LinkedHashMap<>();

    @Mixin
    FunctionRegionOption functionRegion;

    @Option(names = "--parameter-overrides", arity = "1..*", paramLabel = "KEY=VALUE",
            description = "Template parameters, as for sam deploy, for example ExecutionRoleName=aws-controltower-ReadOnlyExecutionRole.")
    Map<String, String> parameterOverrides = new LinkedHashMap<>();

    @Option(names = "--java", paramLabel = "JAVA",
            description = "The java executable for the function's JVM, e.g. a JDK 25 for an AOT cache (default: the one running this command).")
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");

    @Option(names = "--jvm-option", paramLabel = "OPTION",
            description = "An option for the function's JVM (repeatable), e.g. -XX:AOTCache=target/cold-start/check-account.aot with a JDK 25 --java. "
                    + "The template's JAVA_TOOL_OPTIONS apply as on Lambda.")
    List<String> jvmOptions = new ArrayList<>();

    @Override
    public Integer call() {
        return Commands.guard(spec, this::invoke);
    }

    private int invoke() throws IOException, InterruptedException {
        SamTemplate template = SamTemplate.load(Commands.template());
        Commands.requireParameters(template, parameterOverrides.keySet());
        SamTemplate.Context context = SamTemplate.Context.of(template, parameterOverrides, functionRegion.region, "123456789012");
        SamTemplate.Function target = find(template.functions(context), context);
        if (!Files.isRegularFile(target.codeUri())) {
            throw new CliException(ExitCodes.UNAVAILABLE, target.codeUri() + " (CodeUri of " + target.logicalId()
                    + ") is missing: build it with mvn -B package -DskipTests in " + template.directory());
        }
        byte[] eventBytes = readEvent();

        List<String> command = new ArrayList<>();
        if (!Files.isExecutable(java)) {
            throw CliException.badInput("--java " + java + " is not an executable java; give the path of a JDK's bin/java");
        }
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", target.codeUri().toString(), Invoke.class.getName(), target.handler()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(LambdaHost.environment(target, System.getenv(), functionRegion.region, environment));
        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw CliException.unavailable("cannot start java for " + target.functionName() + ": " + e.getMessage(), e);
        }
        PrintWriter err = spec.commandLine().getErr();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        Thread outPump = pump(process.getInputStream(), stdout);
        Thread errPump = forward(process.getErrorStream(), err);
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(eventBytes);
        }
        if (!process.waitFor(target.timeoutSeconds() + GRACE_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new CliException(ExitCodes.RUN_FAILED, target.functionName() + " timed out after "
                    + target.timeoutSeconds() + " s (its Timeout in template.yaml)");
        }
        outPump.join();
        errPump.join();
        long millis = (System.nanoTime() - started) / 1_000_000;
        String output = stdout.toString(StandardCharsets.UTF_8).strip();
        spec.commandLine().getOut().println(output);
        err.println("REPORT " + target.functionName() + ": " + millis + " ms in a fresh JVM (classpath " + target.codeUri() + ")");
        return exitCode(process.exitValue(), target, output);
    }

    private int exitCode(int processExit, SamTemplate.Function target, String output) {
        return switch (processExit) {
            case 0 -> ExitCodes.OK;
            case 1 -> throw new CliException(ExitCodes.RUN_FAILED, target.functionName() + " failed: " + describe(output));
            case 2 -> throw CliException.badInput(target.functionName() + " refused the event: " + describe(output));
            case 3 -> throw new CliException(ExitCodes.UNAVAILABLE, target.functionName() + " could not start (init failed): "
                    + describe(output));
            default -> throw new CliException(ExitCodes.RUN_FAILED, target.functionName() + "'s JVM exited with code " + processExit
                    + " (see its log above)");
        };
    }

    /** The error payload's type and message, on one line. */
    private static String describe(String output) {
        try {
            JsonNode error = Json.mapper().readTree(output);
            if (error != null && error.has("errorType")) {
                return error.path("errorType").asText() + ": " + error.path("errorMessage").asText();
            }
        } catch (JsonProcessingException e) {
            // not the runtime's payload; show it as it is
        }
        return output;
    }

    private SamTemplate.Function find(List<SamTemplate.Function> functions, SamTemplate.Context context) {
        String project = context.parameters().getOrDefault("Project", "");
        List<String> known = new ArrayList<>();
        for (SamTemplate.Function candidate : functions) {
            String shortName = candidate.functionName().startsWith(project + "-")
                    ? candidate.functionName().substring(project.length() + 1) : candidate.functionName();
            if (function.equals(candidate.logicalId()) || function.equals(candidate.functionName()) || function.equals(shortName)) {
                return candidate;
            }
            known.add(shortName + " (" + candidate.logicalId() + ", " + candidate.functionName() + ")");
        }
        throw CliException.badInput("no function '" + function + "' in template.yaml; functions: " + String.join(", ", known));
    }

    private byte[] readEvent() throws IOException {
        String text;
        String source;
        String trimmed = event.strip();
        if (trimmed.equals("-")) {
            text = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            source = "the event on stdin";
        } else if (trimmed.startsWith("{") || trimmed.startsWith("[") || trimmed.startsWith("\"")) {
            text = trimmed;
            source = "--event";
        } else {
            Path file = Path.of(trimmed);
            if (!Files.isRegularFile(file) && !file.isAbsolute() && Files.isRegularFile(Commands.home().resolve(trimmed))) {
                file = Commands.home().resolve(trimmed);
            }
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw CliException.badInput("cannot read --event " + trimmed + " (" + e.getClass().getSimpleName()
                        + "): give a JSON text, a readable file such as events/single-account.json, or - for stdin");
            }
            source = "--event " + file;
        }
        try {
            if (Json.mapper().readTree(text) == null || text.isBlank()) {
                throw CliException.badInput(source + " is empty: give a JSON event, for example {\"TargetAccountId\": \"123456789012\"}");
            }
        } catch (JsonProcessingException e) {
            throw CliException.badInput(source + " is not valid JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Thread pump(InputStream from, ByteArrayOutputStream to) {
        Thread thread = new Thread(() -> {
            try (from) {
                from.transferTo(to);
            } catch (IOException e) {
                // the process ended
            }
        }, "invoke-stdout");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** The function's log (its stderr), line by line, to ours: it is what the function would write to CloudWatch. */
    private static Thread forward(InputStream from, PrintWriter to) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(from, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    synchronized (to) {
                        to.println(line);
                        to.flush();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "invoke-log");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
