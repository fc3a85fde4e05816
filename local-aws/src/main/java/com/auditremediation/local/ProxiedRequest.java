package com.auditremediation.local;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A request passing through {@link FaultProxy}, with the few things fault rules match on. */
public record ProxiedRequest(String method, String path, String target, String body) {

    private static final Pattern ROLE_ARN_ACCOUNT = Pattern.compile("^arn:[\\w-]+:iam::(\\d{12}):role/.+");

    /** The {@code X-Amz-Target} header, or empty: JSON protocols (Organizations) name their action there. */
    @Override
    public String target() {
        return target == null ? "" : target;
    }

    public boolean isOrganizationsAction(String action) {
        return target().equals("AWSOrganizationsV20161128." + action);
    }

    /** STS (query protocol) names its action in the form-encoded body. */
    public boolean isStsAction(String action) {
        return action.equals(form().get("Action"));
    }

    /** The account of the {@code RoleArn} of an AssumeRole request, or empty. */
    public String roleArnAccount() {
        String roleArn = form().getOrDefault("RoleArn", "");
        Matcher matcher = ROLE_ARN_ACCOUNT.matcher(roleArn);
        return matcher.matches() ? matcher.group(1) : "";
    }

    /** The call by name: the query protocols' Action ({@code UpdateAccountPasswordPolicy}), or a REST call's method and path. */
    public String call() {
        String action = form().get("Action");
        if (action != null) {
            return action;
        }
        int query = path.indexOf('?');
        return method + " " + (query < 0 ? path : path.substring(0, query));
    }

    public Map<String, String> form() {
        Map<String, String> form = new HashMap<>();
        if (body == null || body.isEmpty() || body.startsWith("{")) {
            return form;
        }
        try {
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        } catch (IllegalArgumentException notAForm) {
            // Any other body, such as an S3 object whose text has a '%' that starts no escape: no form fields.
            return Map.of();
        }
        return form;
    }
}
