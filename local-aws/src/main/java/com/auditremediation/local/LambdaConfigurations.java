package com.auditremediation.local;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda API's read of a function's configuration and aliases ({@code GetFunctionConfiguration},
 * {@code GetAlias}) for the functions the {@link LambdaHost} serves, as SAM deploys them from template.yaml: a function
 * with {@code AutoPublishAlias} has version 1 behind that alias; SnapStart's {@code ApplyOn} is the template's, and a
 * published version of a function with {@code PublishedVersions} reports {@code OptimizationStatus} {@code On}, as
 * Lambda does once the version's snapshot is ready. Everything else about the function is the template's too.
 */
final class LambdaConfigurations {

    private static final Pattern CONFIGURATION = Pattern.compile("^/2015-03-31/functions/([^/]+)/configuration/?$");
    private static final Pattern ALIAS = Pattern.compile("^/2015-03-31/functions/([^/]+)/aliases/([^/]+)/?$");
    private static final String PUBLISHED_VERSION = "1";

    /** What the Lambda API answers: status and JSON body (an error's code in {@code errorType}). */
    record Answer(int status, Map<String, Object> body, String errorType) {
    }

    private final SamTemplate template;
    private final SamTemplate.Context context;
    private final Map<String, SamTemplate.Function> functions = new LinkedHashMap<>();

    LambdaConfigurations(SamTemplate template, SamTemplate.Context context) {
        this.template = template;
        this.context = context;
        template.functions(context).forEach(function -> functions.put(function.functionName(), function));
    }

    /** The answer to a GET of {@code path} (with the query's {@code qualifier}), or empty when it is no such read. */
    Optional<Answer> answer(String path, String qualifier) {
        Matcher configuration = CONFIGURATION.matcher(path);
        if (configuration.matches()) {
            String requested = configuration.group(1);
            String name = LambdaHost.functionName(requested);
            String inName = requested.substring(requested.indexOf(name) + name.length());
            String version = qualifier != null ? qualifier : inName.startsWith(":") ? inName.substring(1) : "$LATEST";
            SamTemplate.Function function = functions.get(name);
            if (function == null) {
                return Optional.of(notFound("Function not found: " + context.functionArn(name)));
            }
            String resolvedVersion = aliasOf(function).filter(version::equals).map(alias -> PUBLISHED_VERSION).orElse(version);
            if (!resolvedVersion.equals("$LATEST") && !(resolvedVersion.equals(PUBLISHED_VERSION) && aliasOf(function).isPresent())) {
                return Optional.of(notFound("Function not found: " + context.functionArn(name) + ":" + version));
            }
            return Optional.of(new Answer(200, configuration(function, resolvedVersion), null));
        }
        Matcher alias = ALIAS.matcher(path);
        if (alias.matches()) {
            String name = LambdaHost.functionName(alias.group(1));
            SamTemplate.Function function = functions.get(name);
            if (function == null || aliasOf(function).filter(alias.group(2)::equals).isEmpty()) {
                return Optional.of(notFound("Alias not found: " + context.functionArn(name) + ":" + alias.group(2)));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("AliasArn", context.functionArn(name) + ":" + alias.group(2));
            body.put("Name", alias.group(2));
            body.put("FunctionVersion", PUBLISHED_VERSION);
            body.put("Description", "");
            return Optional.of(new Answer(200, body, null));
        }
        return Optional.empty();
    }

    private Optional<String> aliasOf(SamTemplate.Function function) {
        Object alias = properties(function).get("AutoPublishAlias");
        return Optional.ofNullable(alias == null ? null : template.resolve(alias, context));
    }

    private Map<String, Object> configuration(SamTemplate.Function function, String version) {
        Map<String, Object> snapStart = new LinkedHashMap<>();
        Object configured = properties(function).get("SnapStart");
        String applyOn = configured instanceof Map<?, ?> map && map.get("ApplyOn") != null ? template.resolve(map.get("ApplyOn"), context) : "None";
        snapStart.put("ApplyOn", applyOn);
        snapStart.put("OptimizationStatus", "PublishedVersions".equals(applyOn) && !version.equals("$LATEST") ? "On" : "Off");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("FunctionName", function.functionName());
        body.put("FunctionArn", context.functionArn(function.functionName()) + (version.equals("$LATEST") ? "" : ":" + version));
        body.put("Handler", function.handler());
        body.put("Timeout", function.timeoutSeconds());
        if (function.role() != null) {
            body.put("Role", function.role());
        }
        body.put("Version", version);
        body.put("State", "Active");
        body.put("SnapStart", snapStart);
        body.put("Environment", Map.of("Variables", function.environment()));
        return body;
    }

    private Map<String, Object> properties(SamTemplate.Function function) {
        Object resource = template.resources().get(function.logicalId());
        Object properties = resource instanceof Map<?, ?> map ? map.get("Properties") : null;
        @SuppressWarnings("unchecked")
        Map<String, Object> cast = properties instanceof Map<?, ?> ? (Map<String, Object>) properties : Map.of();
        return cast;
    }

    private static Answer notFound(String message) {
        return new Answer(404, Map.of("Type", "User", "message", message), "ResourceNotFoundException");
    }
}
