package com.auditremediation.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Creates the sweep state machine from statemachine/sweep.asl.json with the same DefinitionSubstitutions that
 * template.yaml gives it, resolved for a local host (function ARNs in its region and account).
 */
public final class SweepStateMachine {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

    private SweepStateMachine() {
    }

    /** The definition with every {@code ${Name}} replaced; an unknown name is an error, as it is for SAM. */
    public static String definition(SamTemplate template, SamTemplate.Context context) {
        SamTemplate.StateMachine stateMachine = template.stateMachine();
        String text;
        try {
            text = Files.readString(stateMachine.definitionFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + stateMachine.definitionFile(), e);
        }
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            Object substitution = stateMachine.substitutions().get(matcher.group(1));
            if (substitution == null) {
                throw new IllegalStateException("${" + matcher.group(1) + "} in " + stateMachine.definitionFile() + " has no DefinitionSubstitution");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(template.resolve(substitution, context)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    public static String name(SamTemplate template, SamTemplate.Context context) {
        return template.resolve(template.stateMachine().properties().get("Name"), context);
    }

    /** Creates the state machine and returns its ARN. */
    public static String create(SfnClient sfn, SamTemplate template, SamTemplate.Context context) {
        String roleArn = "arn:" + context.partition() + ":iam::" + context.accountId() + ":role/" + name(template, context) + "-role";
        return sfn.createStateMachine(r -> r.name(name(template, context))
                .definition(definition(template, context))
                .roleArn(roleArn)
                .type("STANDARD")).stateMachineArn();
    }

    /** Placeholder names used in the definition, for the consistency test. */
    public static java.util.Set<String> placeholders(String definition) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(definition);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
