package com.auditremediation.local.standin;

import com.auditremediation.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IAM's policy simulator for a role ({@code SimulatePrincipalPolicy}; query protocol): moto 5.2.1 has no simulator.
 * The role's identity policies are read from moto (its inline policies, and its attached managed policies' default
 * versions) and evaluated as IAM documents the evaluation of identity-based policies within one account: an explicit
 * {@code Deny} that applies wins, else an {@code Allow} that applies allows, else the decision is {@code implicitDeny}.
 * A statement applies when its {@code Action} (or {@code NotAction}), its {@code Resource} (or {@code NotResource}; both
 * with {@code *} and {@code ?} wildcards) and every condition match. Conditions are compared with the request's
 * {@code ContextEntries}, policy variables such as {@code ${aws:PrincipalOrgID}} taken from them too; a key the entries
 * lack fails its condition (unless the operator ends in {@code IfExists}) and is listed in {@code MissingContextValues},
 * as the simulator does. Operators: String(Not)Equals(IgnoreCase), String(Not)Like, Arn(Not)Equals, Arn(Not)Like and
 * Bool; any other fails its condition. Only roles are principals here; SCPs, permissions boundaries and resource
 * policies are not simulated (the simulator leaves resource policies out too unless given one).
 */
final class IamPolicySimulator implements StandInService {

    private static final Descriptor DESCRIPTOR = new Descriptor("iam-policy-simulator", "iam", Protocol.query(),
            List.of("iam:SimulatePrincipalPolicy"));
    private static final String NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";
    private static final Pattern ROLE_ARN = Pattern.compile("arn:[a-z-]+:iam::(\\d{12}):role/(?:.*/)?([\\w+=,.@-]+)");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

    private record Statement(String policyId, String policyType, JsonNode json) {
    }

    private final MotoCalls moto;

    IamPolicySimulator(MotoCalls moto) {
        this.moto = moto;
    }

    @Override
    public Descriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public boolean serves(StandInRequest request) {
        return request.action().equals("SimulatePrincipalPolicy");
    }

    @Override
    public StandInResponse answer(StandInRequest request, Caller caller) {
        Map<String, String> form = request.form();
        String source = form.get("PolicySourceArn");
        if (source == null) {
            throw new AwsError(400, "ValidationError", "1 validation error detected: Value null at 'policySourceArn' failed to satisfy constraint: Member must not be null");
        }
        Matcher role = ROLE_ARN.matcher(source);
        if (!role.matches()) {
            throw new AwsError(400, "InvalidInput", "PolicySourceArn " + source + " is not a role ARN: the local simulator simulates roles only.");
        }
        List<String> actions = members(form, "ActionNames");
        if (actions.isEmpty()) {
            throw new AwsError(400, "ValidationError", "1 validation error detected: Value null at 'actionNames' failed to satisfy constraint: Member must not be null");
        }
        List<String> resources = members(form, "ResourceArns");
        Map<String, List<String>> context = contextEntries(form);
        List<Statement> statements = statements(new Caller(role.group(1), request.region(), null), role.group(2));

        StringBuilder results = new StringBuilder();
        for (String action : actions) {
            for (String resource : resources.isEmpty() ? List.of("*") : resources) {
                results.append("<member>").append(evaluate(statements, action, resource, context)).append("</member>");
            }
        }
        return protocol().success(Protocol.queryResponse(NAMESPACE, "SimulatePrincipalPolicy",
                "<IsTruncated>false</IsTruncated><EvaluationResults>" + results + "</EvaluationResults>"));
    }

    private static String evaluate(List<Statement> statements, String action, String resource, Map<String, List<String>> context) {
        Set<String> missing = new LinkedHashSet<>();
        List<Statement> allows = new ArrayList<>();
        List<Statement> denies = new ArrayList<>();
        for (Statement statement : statements) {
            if (applies(statement.json(), action, resource, context, missing)) {
                ("Deny".equals(statement.json().path("Effect").asText()) ? denies : allows).add(statement);
            }
        }
        String decision = !denies.isEmpty() ? "explicitDeny" : !allows.isEmpty() ? "allowed" : "implicitDeny";
        Xml matched = Xml.elements();
        for (Statement statement : denies.isEmpty() ? allows : denies) {
            matched.element("member", Xml.elements().element("SourcePolicyId", statement.policyId())
                    .element("SourcePolicyType", statement.policyType()));
        }
        Xml missingValues = Xml.elements();
        missing.forEach(key -> missingValues.element("member", key));
        return Xml.elements().element("EvalActionName", action).element("EvalResourceName", resource).element("EvalDecision", decision)
                .element("MatchedStatements", matched).element("MissingContextValues", missingValues).toString();
    }

    private static boolean applies(JsonNode statement, String action, String resource, Map<String, List<String>> context, Set<String> missing) {
        boolean actionMatches = statement.has("NotAction") ? !anyMatches(statement.get("NotAction"), action, context, true)
                : anyMatches(statement.get("Action"), action, context, true);
        boolean resourceMatches = statement.has("NotResource") ? !anyMatches(statement.get("NotResource"), resource, context, false)
                : statement.has("Resource") && anyMatches(statement.get("Resource"), resource, context, false);
        if (!actionMatches || !resourceMatches) {
            return false;
        }
        JsonNode conditions = statement.path("Condition");
        for (var operators = conditions.fields(); operators.hasNext(); ) {
            var operator = operators.next();
            for (var keys = operator.getValue().fields(); keys.hasNext(); ) {
                var key = keys.next();
                if (!condition(operator.getKey(), key.getKey(), key.getValue(), context, missing)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean condition(String operator, String key, JsonNode expected, Map<String, List<String>> context, Set<String> missing) {
        boolean ifExists = operator.endsWith("IfExists");
        String base = ifExists ? operator.substring(0, operator.length() - "IfExists".length()) : operator;
        List<String> values = context.get(key.toLowerCase(Locale.ROOT));
        if (values == null) {
            if (!ifExists) {
                missing.add(key);
            }
            return ifExists;
        }
        List<String> wanted = new ArrayList<>();
        for (JsonNode value : expected.isArray() ? expected : Json.mapper().createArrayNode().add(expected)) {
            String substituted = substitute(value.asText(), context, missing);
            if (substituted != null) {
                wanted.add(substituted);
            }
        }
        boolean negated = base.contains("Not");
        String comparison = base.replace("Not", "");
        boolean any = values.stream().anyMatch(value -> wanted.stream().anyMatch(w -> compares(comparison, value, w)));
        return switch (comparison) {
            case "StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike", "Bool" -> negated != any;
            default -> false;
        };
    }

    private static boolean compares(String comparison, String value, String wanted) {
        return switch (comparison) {
            case "StringEquals", "ArnEquals" -> value.equals(wanted);
            case "StringEqualsIgnoreCase" -> value.equalsIgnoreCase(wanted);
            case "StringLike", "ArnLike" -> glob(wanted, value, false);
            case "Bool" -> value.equalsIgnoreCase(wanted);
            default -> false;
        };
    }

    /** {@code ${key}} replaced from the context; null when a variable's key is missing there. */
    private static String substitute(String text, Map<String, List<String>> context, Set<String> missing) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            List<String> values = context.get(matcher.group(1).toLowerCase(Locale.ROOT));
            if (values == null || values.isEmpty()) {
                missing.add(matcher.group(1));
                return null;
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(values.get(0)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static boolean anyMatches(JsonNode patterns, String value, Map<String, List<String>> context, boolean ignoreCase) {
        if (patterns == null) {
            return false;
        }
        for (JsonNode pattern : patterns.isArray() ? patterns : Json.mapper().createArrayNode().add(patterns)) {
            String substituted = substitute(pattern.asText(), context, new LinkedHashSet<>());
            if (substituted != null && glob(substituted, value, ignoreCase)) {
                return true;
            }
        }
        return false;
    }

    private static boolean glob(String pattern, String value, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE : 0).matcher(value).matches();
    }

    /** The role's identity policies' statements, read from moto as the role's account. */
    private List<Statement> statements(Caller account, String roleName) {
        MotoCalls.Answer role = iam(account, "GetRole", Map.of("RoleName", roleName));
        if (!role.ok()) {
            throw new AwsError(404, "NoSuchEntity", "The role with name " + roleName + " cannot be found.");
        }
        List<Statement> statements = new ArrayList<>();
        for (String policyName : elements(iam(account, "ListRolePolicies", Map.of("RoleName", roleName)).body(), "member")) {
            String document = elements(iam(account, "GetRolePolicy", Map.of("RoleName", roleName, "PolicyName", policyName)).body(),
                    "PolicyDocument").get(0);
            addStatements(statements, policyName, "role", document);
        }
        for (String policyArn : elements(iam(account, "ListAttachedRolePolicies", Map.of("RoleName", roleName)).body(), "PolicyArn")) {
            List<String> version = elements(iam(account, "GetPolicy", Map.of("PolicyArn", policyArn)).body(), "DefaultVersionId");
            if (version.isEmpty()) {
                continue;
            }
            List<String> document = elements(iam(account, "GetPolicyVersion", Map.of("PolicyArn", policyArn, "VersionId", version.get(0))).body(),
                    "Document");
            if (!document.isEmpty()) {
                addStatements(statements, policyArn, policyArn.contains(":iam::aws:policy/") ? "aws-managed" : "user-managed", document.get(0));
            }
        }
        return statements;
    }

    private static void addStatements(List<Statement> statements, String policyId, String policyType, String encoded) {
        String text = Xml.unescape(encoded.trim());
        if (text.startsWith("%")) {
            text = URLDecoder.decode(text, StandardCharsets.UTF_8);
        }
        JsonNode document;
        try {
            document = Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("policy " + policyId + " from moto is not JSON: " + e.getMessage(), e);
        }
        JsonNode list = document.path("Statement");
        for (JsonNode statement : list.isArray() ? list : Json.mapper().createArrayNode().add(list)) {
            statements.add(new Statement(policyId, policyType, statement));
        }
    }

    private MotoCalls.Answer iam(Caller account, String action, Map<String, String> parameters) {
        StringBuilder form = new StringBuilder("Action=").append(action).append("&Version=2010-05-08");
        parameters.forEach((name, value) -> form.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return moto.query(new Caller(account.accountId(), "us-east-1", null), "iam", form.toString());
    }

    private static List<String> elements(String xml, String name) {
        List<String> values = new ArrayList<>();
        Matcher matcher = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
        while (matcher.find()) {
            values.add(matcher.group(1));
        }
        return values;
    }

    /** {@code Name.member.1}, {@code Name.member.2}, ... in order. */
    private static List<String> members(Map<String, String> form, String name) {
        List<String> values = new ArrayList<>();
        for (int i = 1; form.containsKey(name + ".member." + i); i++) {
            values.add(form.get(name + ".member." + i));
        }
        return values;
    }

    /** The context entries by lower-case key name (IAM's keys are case-insensitive). */
    private static Map<String, List<String>> contextEntries(Map<String, String> form) {
        Map<String, List<String>> entries = new LinkedHashMap<>();
        for (int i = 1; form.containsKey("ContextEntries.member." + i + ".ContextKeyName"); i++) {
            String prefix = "ContextEntries.member." + i + ".";
            entries.put(form.get(prefix + "ContextKeyName").toLowerCase(Locale.ROOT), members(form, prefix + "ContextKeyValues"));
        }
        return entries;
    }

    @Override
    public void reset() {
        // the policies are moto's: nothing of its own to forget
    }
}
