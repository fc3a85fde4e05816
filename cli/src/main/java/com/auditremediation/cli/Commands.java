package com.auditremediation.cli;

import com.auditremediation.local.SamTemplate;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Collection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** What every subcommand shares: one line per error with a consistent exit code, and the checkout it runs from. */
final class Commands {

    static final String NAME = "audit-remediation";

    private Commands() {
    }

    /** Runs a subcommand's body; a failure becomes one line on stderr and its exit code, never a stack trace. */
    static int guard(CommandSpec spec, Callable<Integer> body) {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return body.call();
        } catch (CliException e) {
            err.println(NAME + ": " + oneLine(e.getMessage()));
            return e.exitCode();
        } catch (AwsServiceException e) {
            err.println(NAME + ": " + awsError(e));
            return ExitCodes.UNAVAILABLE;
        } catch (SdkException e) {
            err.println(NAME + ": " + oneLine(e.getMessage()));
            return ExitCodes.UNAVAILABLE;
        } catch (Exception e) {
            err.println(NAME + ": unexpected error: " + oneLine(e.toString()));
            return ExitCodes.RUN_FAILED;
        } finally {
            err.flush();
            spec.commandLine().getOut().flush();
        }
    }

    static String awsError(AwsServiceException e) {
        if (e.awsErrorDetails() == null) {
            return oneLine(e.getMessage());
        }
        return e.awsErrorDetails().serviceName() + " answered " + e.awsErrorDetails().errorCode() + ": "
                + oneLine(e.awsErrorDetails().errorMessage());
    }

    static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    /** The checkout: bin/audit-remediation passes it as -Daudit.home; relative defaults resolve against it. */
    static Path home() {
        return Path.of(System.getProperty("audit.home", ".")).toAbsolutePath().normalize();
    }

    static Path template() {
        Path template = home().resolve("template.yaml");
        if (!template.toFile().isFile()) {
            throw new CliException(ExitCodes.UNAVAILABLE, "template.yaml not found in " + home()
                    + ": run bin/audit-remediation from a checkout of audit-remediation");
        }
        return template;
    }

    /** Every --parameter-overrides name must be a parameter of the template: a typo is exit code 2, not ignored. */
    static void requireParameters(SamTemplate template, Collection<String> names) {
        for (String name : names) {
            if (!template.parameterDefaults().containsKey(name)) {
                throw CliException.badInput("--parameter-overrides " + name + ": no such template parameter; parameters: "
                        + String.join(", ", template.parameterDefaults().keySet()));
            }
        }
    }

    /** Terminal width for tables: $COLUMNS when the shell exports it, else 120. */
    static int terminalWidth() {
        try {
            int columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "120").trim());
            return Math.max(60, columns);
        } catch (NumberFormatException e) {
            return 120;
        }
    }
}
