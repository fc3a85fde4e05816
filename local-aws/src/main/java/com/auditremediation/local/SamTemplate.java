package com.auditremediation.local;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * template.yaml read as data, the way the local host and the consistency tests need it: parameters and their
 * defaults, the functions with their resolved names, handlers, artifacts and environment, and the state machine's
 * definition and substitutions. Short-form intrinsics ({@code !Ref}, {@code !Sub}, ...) become their long form.
 */
public final class SamTemplate {

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!]+)}");

    private final Path file;
    private final Map<String, Object> root;

    private SamTemplate(Path file, Map<String, Object> root) {
        this.file = file;
        this.root = root;
    }

    public static SamTemplate load(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            Map<String, Object> root = new Yaml(new CloudFormationConstructor()).load(reader);
            return new SamTemplate(file.toAbsolutePath().normalize(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The folder the template lives in; CodeUri and DefinitionUri are relative to it. */
    public Path directory() {
        return file.getParent();
    }

    public Map<String, Object> raw() {
        return root;
    }

    public Map<String, Object> resources() {
        return map(root.get("Resources"));
    }

    public Map<String, String> parameterDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        map(root.get("Parameters")).forEach((name, spec) -> {
            Object value = map(spec).get("Default");
            defaults.put(name, value == null ? "" : String.valueOf(value));
        });
        return defaults;
    }

    /** Every AWS::Serverless::Function, resolved against {@code context}. */
    public List<Function> functions(Context context) {
        Map<String, Object> globalEnv = map(map(map(map(root.get("Globals")).get("Function")).get("Environment")).get("Variables"));
        List<Function> functions = new ArrayList<>();
        resources().forEach((logicalId, resource) -> {
            Map<String, Object> spec = map(resource);
            if (!"AWS::Serverless::Function".equals(spec.get("Type"))) {
                return;
            }
            Map<String, Object> properties = map(spec.get("Properties"));
            Map<String, String> environment = new LinkedHashMap<>();
            globalEnv.forEach((name, value) -> environment.put(name, resolve(value, context)));
            map(map(properties.get("Environment")).get("Variables")).forEach((name, value) -> {
                String resolved = resolve(value, context);
                if (resolved != null) {
                    environment.put(name, resolved);
                }
            });
            Object timeout = properties.getOrDefault("Timeout", map(map(root.get("Globals")).get("Function")).getOrDefault("Timeout", 3));
            functions.add(new Function(
                    logicalId,
                    resolve(properties.get("FunctionName"), context),
                    resolve(properties.get("Handler"), context),
                    directory().resolve(resolve(properties.get("CodeUri"), context)).normalize(),
                    Map.copyOf(environment),
                    Integer.parseInt(String.valueOf(timeout)),
                    properties.containsKey("Role") ? resolve(properties.get("Role"), context) : null,
                    properties.containsKey("Policies")));
        });
        return functions;
    }

    public Function function(String logicalId, Context context) {
        return functions(context).stream().filter(f -> f.logicalId().equals(logicalId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no function " + logicalId + " in " + file));
    }

    /** The single AWS::Serverless::StateMachine: its logical id, definition file and substitutions (unresolved). */
    public StateMachine stateMachine() {
        for (Map.Entry<String, Object> entry : resources().entrySet()) {
            Map<String, Object> spec = map(entry.getValue());
            if ("AWS::Serverless::StateMachine".equals(spec.get("Type"))) {
                Map<String, Object> properties = map(spec.get("Properties"));
                return new StateMachine(entry.getKey(), properties,
                        directory().resolve(String.valueOf(properties.get("DefinitionUri"))).normalize(),
                        map(properties.get("DefinitionSubstitutions")));
            }
        }
        throw new IllegalStateException("no AWS::Serverless::StateMachine in " + file);
    }

    /**
     * Resolves an intrinsic value to a string: {@code Ref} of a parameter, a pseudo parameter, a function's {@code .Alias} or an
     * S3 bucket of the template (named as CloudFormation names a bucket without BucketName), {@code Fn::Sub}, {@code Fn::GetAtt
     * <Function>.Arn} (a function ARN built from the context), {@code Fn::If} on one of the template's Conditions
     * ({@code Fn::Equals}, {@code Fn::Not}, {@code Fn::And}, {@code Fn::Or}, {@code Condition}), or a plain scalar.
     * {@code Ref AWS::NoValue} is null. A {@code Ref} to a topic, the state machine, a log group or an IAM role is what
     * CloudFormation returns for it (ARN, ARN, name, name), as {@link LocalDeployment} creates them; a {@code Ref} to
     * any other resource is empty: it does not exist locally, so a variable naming it is unset, as if the feature were off.
     */
    public String resolve(Object value, Context context) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?> intrinsic)) {
            return String.valueOf(value);
        }
        if (intrinsic.containsKey("Ref")) {
            return ref(String.valueOf(intrinsic.get("Ref")), context);
        }
        if (intrinsic.containsKey("Fn::Sub")) {
            // !Sub "text" or !Sub ["text", {Name: value}]: a variable of the map wins over a parameter of the same name.
            Object sub = intrinsic.get("Fn::Sub");
            List<?> form = sub instanceof List<?> list ? list : List.of(sub);
            Map<String, Object> variables = form.size() > 1 ? map(form.get(1)) : Map.of();
            Matcher matcher = SUB_VARIABLE.matcher(String.valueOf(form.get(0)));
            StringBuilder out = new StringBuilder();
            while (matcher.find()) {
                String name = matcher.group(1);
                String substituted = variables.containsKey(name) ? resolve(variables.get(name), context) : ref(name, context);
                matcher.appendReplacement(out, Matcher.quoteReplacement(substituted));
            }
            matcher.appendTail(out);
            return out.toString();
        }
        if (intrinsic.containsKey("Fn::If")) {
            List<?> parts = (List<?>) intrinsic.get("Fn::If");
            return resolve(condition(String.valueOf(parts.get(0)), context) ? parts.get(1) : parts.get(2), context);
        }
        if (intrinsic.containsKey("Fn::GetAtt")) {
            List<?> parts = (List<?>) intrinsic.get("Fn::GetAtt");
            String logicalId = String.valueOf(parts.get(0));
            Map<String, Object> resource = map(resources().get(logicalId));
            if (!"Arn".equals(String.valueOf(parts.get(1)))) {
                throw new IllegalArgumentException("only Fn::GetAtt .Arn of a function or an IAM role is resolved locally: " + parts);
            }
            if ("AWS::IAM::Role".equals(resource.get("Type"))) {
                return "arn:" + context.partition() + ":iam::" + context.accountId() + ":role/" + roleName(logicalId, context);
            }
            return context.functionArn(resolve(map(resource.get("Properties")).get("FunctionName"), context));
        }
        throw new IllegalArgumentException("intrinsic not resolved locally: " + intrinsic);
    }

    /**
     * The name of the IAM role {@code logicalId}: its RoleName, else the name CloudFormation would give it without the
     * random suffix it adds on AWS ({@code <stack>-<logical id>}), so that a local run names it the same way every time.
     */
    public String roleName(String logicalId, Context context) {
        Object roleName = map(map(resources().get(logicalId)).get("Properties")).get("RoleName");
        return roleName != null ? resolve(roleName, context) : ref("AWS::StackName", context) + "-" + logicalId;
    }

    /**
     * A value of the template (a policy document, a property) with every intrinsic inside it resolved as
     * {@link #resolve} does: maps and lists are copied, an intrinsic (a map of one key, {@code Ref} or {@code Fn::...})
     * becomes its string, and entries or items that resolve to {@code AWS::NoValue} are left out.
     */
    public Object resolveTree(Object value, Context context) {
        if (value instanceof Map<?, ?> m) {
            if (m.size() == 1 && isIntrinsic(String.valueOf(m.keySet().iterator().next()))) {
                if (m.containsKey("Fn::If")) {
                    List<?> parts = (List<?>) m.get("Fn::If");
                    return resolveTree(condition(String.valueOf(parts.get(0)), context) ? parts.get(1) : parts.get(2), context);
                }
                return resolve(value, context);
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((key, item) -> {
                Object resolved = resolveTree(item, context);
                if (resolved != null) {
                    copy.put(String.valueOf(key), resolved);
                }
            });
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            for (Object item : list) {
                Object resolved = resolveTree(item, context);
                if (resolved != null) {
                    copy.add(resolved);
                }
            }
            return copy;
        }
        return value;
    }

    private static boolean isIntrinsic(String key) {
        return key.equals("Ref") || key.equals("Condition") || key.startsWith("Fn::");
    }

    /** The template's Outputs whose Condition holds (or that have none), resolved: output name to value. */
    public Map<String, String> outputs(Context context) {
        Map<String, String> outputs = new LinkedHashMap<>();
        map(root.get("Outputs")).forEach((name, spec) -> {
            Map<String, Object> output = map(spec);
            Object condition = output.get("Condition");
            if (condition == null || condition(String.valueOf(condition), context)) {
                outputs.put(name, resolve(output.get("Value"), context));
            }
        });
        return outputs;
    }

    /** The value of the template's condition {@code name} with the context's parameters. */
    public boolean condition(String name, Context context) {
        Object definition = map(root.get("Conditions")).get(name);
        if (definition == null) {
            throw new IllegalArgumentException("template uses the condition " + name + ", which is not in its Conditions");
        }
        return evaluate(definition, context);
    }

    private boolean evaluate(Object condition, Context context) {
        Map<String, Object> function = map(condition);
        if (function.containsKey("Condition")) {
            return condition(String.valueOf(function.get("Condition")), context);
        }
        if (function.containsKey("Fn::Equals")) {
            List<?> operands = (List<?>) function.get("Fn::Equals");
            return Objects.equals(resolve(operands.get(0), context), resolve(operands.get(1), context));
        }
        if (function.containsKey("Fn::Not")) {
            return !evaluate(((List<?>) function.get("Fn::Not")).get(0), context);
        }
        if (function.containsKey("Fn::And")) {
            return ((List<?>) function.get("Fn::And")).stream().allMatch(operand -> evaluate(operand, context));
        }
        if (function.containsKey("Fn::Or")) {
            return ((List<?>) function.get("Fn::Or")).stream().anyMatch(operand -> evaluate(operand, context));
        }
        throw new IllegalArgumentException("condition not evaluated locally: " + condition);
    }

    private String ref(String name, Context context) {
        if (name.endsWith(".Alias")) {
            // SAM's <Function>.Alias: the ARN of the alias that AutoPublishAlias creates (the local host ignores qualifiers).
            Map<String, Object> properties = map(map(resources().get(name.substring(0, name.length() - ".Alias".length()))).get("Properties"));
            if (!properties.containsKey("AutoPublishAlias")) {
                throw new IllegalArgumentException("template refers to " + name + ", but that function has no AutoPublishAlias in " + file);
            }
            return context.functionArn(resolve(properties.get("FunctionName"), context)) + ":" + resolve(properties.get("AutoPublishAlias"), context);
        }
        if ("AWS::NoValue".equals(name)) {
            return null;
        }
        Object type = map(resources().get(name)).get("Type");
        if (!context.parameters().containsKey(name) && resources().containsKey(name)) {
            Map<String, Object> properties = map(map(resources().get(name)).get("Properties"));
            switch (String.valueOf(type)) {
                case "AWS::SNS::Topic" -> {
                    return "arn:" + context.partition() + ":sns:" + context.region() + ":" + context.accountId() + ":"
                            + resolve(properties.get("TopicName"), context);
                }
                case "AWS::Serverless::StateMachine" -> {
                    return "arn:" + context.partition() + ":states:" + context.region() + ":" + context.accountId() + ":stateMachine:"
                            + resolve(properties.get("Name"), context);
                }
                case "AWS::Logs::LogGroup" -> {
                    return resolve(properties.get("LogGroupName"), context);
                }
                case "AWS::IAM::Role" -> {
                    return roleName(name, context);
                }
                case "AWS::Serverless::Function", "AWS::S3::Bucket" -> {
                    // below
                }
                default -> {
                    return "";
                }
            }
        }
        return switch (name) {
            case "AWS::Region" -> context.region();
            case "AWS::AccountId" -> context.accountId();
            case "AWS::Partition" -> context.partition();
            case "AWS::StackName" -> context.parameters().getOrDefault("Project", "audit-remediation");
            default -> {
                Map<String, Object> resource = map(resources().get(name));
                if ("AWS::S3::Bucket".equals(resource.get("Type"))) {
                    // CloudFormation names a bucket without BucketName after the stack and the logical id.
                    Object bucketName = map(resource.get("Properties")).get("BucketName");
                    yield bucketName != null ? resolve(bucketName, context)
                            : (ref("AWS::StackName", context) + "-" + name).toLowerCase(Locale.ROOT);
                }
                String value = context.parameters().get(name);
                if (value == null) {
                    throw new IllegalArgumentException("template refers to " + name + ", which is not a parameter of " + file);
                }
                yield value;
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** Where the template is resolved: parameter values (defaults merged with overrides) and pseudo parameters. */
    public record Context(Map<String, String> parameters, String region, String accountId, String partition) {

        public static Context of(SamTemplate template, Map<String, String> overrides, String region, String accountId) {
            Map<String, String> parameters = new LinkedHashMap<>(template.parameterDefaults());
            parameters.putAll(overrides);
            String partition = region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
            return new Context(Map.copyOf(parameters), region, accountId, partition);
        }

        public String functionArn(String functionName) {
            return "arn:" + partition + ":lambda:" + region + ":" + accountId + ":function:" + functionName;
        }
    }

    public record Function(
            String logicalId,
            String functionName,
            String handler,
            Path codeUri,
            Map<String, String> environment,
            int timeoutSeconds,
            String role,
            boolean declaresPolicies) {
    }

    public record StateMachine(String logicalId, Map<String, Object> properties, Path definitionFile, Map<String, Object> substitutions) {
    }

    /** Reads CloudFormation's short-form tags ({@code !Ref X}) as their long form ({@code {Ref: X}}). */
    private static final class CloudFormationConstructor extends SafeConstructor {

        CloudFormationConstructor() {
            super(new LoaderOptions());
            for (String function : List.of("Base64", "Cidr", "FindInMap", "GetAZs", "ImportValue", "Join", "Select",
                    "Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or", "GetAtt",
                    // the functions of a template's Rules section
                    "Contains", "EachMemberEquals", "EachMemberIn", "RefAll", "ValueOf", "ValueOfAll")) {
                yamlConstructors.put(new Tag("!" + function), new Intrinsic("Fn::" + function));
            }
            yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref"));
            yamlConstructors.put(new Tag("!Condition"), new Intrinsic("Condition"));
        }

        private final class Intrinsic extends AbstractConstruct {

            private final String key;

            Intrinsic(String key) {
                this.key = key;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    String text = constructScalar(scalar);
                    value = key.equals("Fn::GetAtt") ? List.of(text.split("\\.", 2)) : text;
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                return Map.of(key, value);
            }
        }
    }
}
