package com.auditremediation.cli;

import com.auditremediation.core.Json;
import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.core.catalog.CheckDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Option(names = "--update-member-role", paramLabel = "FILE",
            description = "Instead of printing, write both documents (remediate and audit mode, every check, the Security Hub"
                    + " statement) into this copy of member-role.yaml, between its marker comments; run it after the checks changed.")
    Path memberRoleTemplate;

    @Override
    public Integer call() {
        return Commands.guard(spec, () -> {
            if (memberRoleTemplate != null) {
                return updateMemberRole();
            }
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

    private int updateMemberRole() throws IOException {
        if (checks != null || !securityHubFindings) {
            throw CliException.badInput("--update-member-role writes the policy of every check with the Security Hub statement;"
                    + " leave out --checks and --no-security-hub-findings");
        }
        if (!Files.isRegularFile(memberRoleTemplate)) {
            throw CliException.badInput("--update-member-role " + memberRoleTemplate + ": no such file; give the checkout's member-role.yaml");
        }
        String current = Files.readString(memberRoleTemplate);
        String updated;
        try {
            updated = MemberRoleTemplate.render(current, CheckCatalog.shipped());
        } catch (IllegalArgumentException e) {
            throw CliException.badInput("--update-member-role " + memberRoleTemplate + ": " + e.getMessage());
        }
        if (updated.equals(current)) {
            spec.commandLine().getOut().println(memberRoleTemplate + ": its policies already match the catalog");
            return ExitCodes.OK;
        }
        Files.writeString(memberRoleTemplate, updated);
        spec.commandLine().getOut().println(memberRoleTemplate + ": policies written from the catalog (audit and remediate mode)");
        return ExitCodes.OK;
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
