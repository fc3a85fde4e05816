package com.auditremediation.cli;

import com.auditremediation.core.Json;
import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.core.catalog.CheckDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code policy}: the least-privilege IAM policy that the selected checks need in a member account's execution role,
 * and, unless left out, the statement that the Security Hub findings export needs there.
 */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "Prints the least-privilege IAM policy document (one statement per check) that the execution role in "
                + "each member account needs, for organisations that bring their own roles instead of Control Tower's.")
final class PolicyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "audit",
            description = "audit (read actions only) or remediate (read and fix actions). Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--checks", paramLabel = "ID", split = ",",
            description = "Only these checks (comma-separated ids, as in the execution input's Checks). Default: every check.")
    List<String> checks;

    @Option(names = "--security-hub-findings", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Add the statement for the Security Hub findings export (template parameter SecurityHubFindings, on by"
                    + " default); --no-security-hub-findings leaves it out. Default: ${DEFAULT-VALUE}.")
    boolean securityHubFindings;

    @Override
    public Integer call() {
        return Commands.guard(spec, () -> {
            boolean remediate = switch (mode) {
                case "audit" -> false;
                case "remediate" -> true;
                default -> throw CliException.badInput("--mode '" + mode + "' is not a mode; use audit or remediate");
            };
            CheckCatalog catalog = CheckCatalog.shipped();
            List<String> ids;
            try {
                ids = checks == null ? catalog.ids() : catalog.validate("--checks", checks);
            } catch (RuntimeException e) {
                throw CliException.badInput(e.getMessage());
            }
            spec.commandLine().getOut().println(Json.writePretty(document(catalog, ids, remediate, securityHubFindings)));
            return ExitCodes.OK;
        });
    }

    static Map<String, Object> document(CheckCatalog catalog, List<String> ids, boolean remediate, boolean securityHubFindings) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (String id : catalog.ids()) {
            if (!ids.contains(id)) {
                continue;
            }
            CheckDescriptor check = catalog.get(id);
            List<String> actions = new ArrayList<>(check.readActions());
            if (remediate) {
                actions.addAll(check.fixActions());
            }
            Map<String, Object> statement = new LinkedHashMap<>();
            statement.put("Sid", sid(id));
            statement.put("Effect", "Allow");
            statement.put("Action", actions.stream().distinct().sorted().toList());
            // Account-level settings: these actions take no resource ARN (or the account's own), so "*" is the least.
            statement.put("Resource", "*");
            statements.add(statement);
        }
        if (securityHubFindings) {
            // Each result becomes a finding in the account's own Security Hub: findings take the hub's ARN, but the
            // default product's ARN differs per region, so "*" it is, as for the checks. BatchUpdateFindings sets the
            // workflow of a finding whose accepted risk began or ended.
            Map<String, Object> statement = new LinkedHashMap<>();
            statement.put("Sid", "SecurityHubFindings");
            statement.put("Effect", "Allow");
            List<String> actions = new ArrayList<>(CheckCatalog.SECURITY_HUB_FINDINGS_ACTIONS);
            actions.addAll(CheckCatalog.SECURITY_HUB_WORKFLOW_ACTIONS);
            statement.put("Action", actions.stream().sorted().toList());
            statement.put("Resource", "*");
            statements.add(statement);
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("Version", "2012-10-17");
        document.put("Statement", statements);
        return document;
    }

    /** A statement id from a check id: IAM allows only letters and digits, so "iam-password-policy" is "IamPasswordPolicy". */
    static String sid(String id) {
        StringBuilder sid = new StringBuilder();
        for (String word : id.split("-")) {
            sid.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return sid.toString();
    }
}
