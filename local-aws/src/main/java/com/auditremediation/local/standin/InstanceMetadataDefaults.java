package com.auditremediation.local.standin;

import com.auditremediation.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;

/**
 * The account's default instance metadata options ({@code GetInstanceMetadataDefaults},
 * {@code ModifyInstanceMetadataDefaults}), which moto 5.2.1 lacks: per account and region, no preference for any
 * option until one is set (the answer's {@code accountLevel} then holds only {@code managedBy}); {@code no-preference}
 * (or a hop limit of -1) clears an option again. Admin endpoint fields: {@code httpTokens}, {@code httpPutResponseHopLimit}
 * (a number), {@code httpEndpoint}, {@code instanceMetadataTags}, {@code httpTokensEnforced}.
 */
final class InstanceMetadataDefaults extends Ec2AccountSetting<InstanceMetadataDefaults.Options> {

    private static final String NO_PREFERENCE = "no-preference";
    private static final Set<String> TOKENS = Set.of("optional", "required");
    private static final Set<String> SWITCH = Set.of("disabled", "enabled");

    /** The options set at the account level; null where the account has no preference. */
    record Options(String httpTokens, Integer hopLimit, String httpEndpoint, String instanceMetadataTags, String httpTokensEnforced) {

        static final Options NONE = new Options(null, null, null, null, null);
    }

    InstanceMetadataDefaults() {
        super("ec2-instance-metadata-defaults");
    }

    @Override
    protected Map<String, Operation> actions() {
        return Map.of(
                "GetInstanceMetadataDefaults", (form, caller) -> {
                    Options options = value(caller);
                    Management management = management(caller);
                    return Xml.elements().element("accountLevel", Xml.elements()
                            .element("httpTokens", options.httpTokens())
                            .element("httpPutResponseHopLimit", options.hopLimit())
                            .element("httpEndpoint", options.httpEndpoint())
                            .element("instanceMetadataTags", options.instanceMetadataTags())
                            .element("managedBy", management.managedBy())
                            .element("managedExceptionMessage", management.byPolicy() ? management.exceptionMessage() : null)
                            .element("httpTokensEnforced", options.httpTokensEnforced()));
                },
                "ModifyInstanceMetadataDefaults", (form, caller) -> {
                    Options current = value(caller);
                    setByAccount(caller, new Options(
                            option(form, "HttpTokens", TOKENS, current.httpTokens()),
                            hopLimit(form.get("HttpPutResponseHopLimit"), current.hopLimit()),
                            option(form, "HttpEndpoint", SWITCH, current.httpEndpoint()),
                            option(form, "InstanceMetadataTags", SWITCH, current.instanceMetadataTags()),
                            option(form, "HttpTokensEnforced", SWITCH, current.httpTokensEnforced())));
                    return Xml.elements().element("return", true);
                });
    }

    /** The new value of an option: unchanged when absent, cleared by {@code no-preference}. */
    private static String option(Map<String, String> form, String field, Set<String> allowed, String current) {
        String value = form.get(field);
        if (value == null) {
            return current;
        }
        if (value.equals(NO_PREFERENCE)) {
            return null;
        }
        return allowedValue(field, value, allowed);
    }

    private static Integer hopLimit(String value, Integer current) {
        if (value == null) {
            return current;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit == -1) {
                return null;
            }
            if (limit >= 1 && limit <= 64) {
                return limit;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw new AwsError(400, "InvalidParameterValue", "Value (" + value + ") for parameter HttpPutResponseHopLimit is invalid."
                + " Specify an integer from 1 to 64, or -1 for no preference.");
    }

    @Override
    protected Options defaultValue(Caller.AccountRegion place) {
        return Options.NONE;
    }

    @Override
    protected Options adminValue(JsonNode body, Options current) {
        JsonNode hops = body.get("httpPutResponseHopLimit");
        if (hops != null && !hops.isNull() && !hops.canConvertToInt()) {
            throw new IllegalArgumentException("field 'httpPutResponseHopLimit': " + hops + " is not a number from 1 to 64");
        }
        return new Options(
                AdminInput.choice(body, "httpTokens", current.httpTokens(), TOKENS),
                hops == null || hops.isNull() ? current.hopLimit() : Integer.valueOf(hops.asInt()),
                AdminInput.choice(body, "httpEndpoint", current.httpEndpoint(), SWITCH),
                AdminInput.choice(body, "instanceMetadataTags", current.instanceMetadataTags(), SWITCH),
                AdminInput.choice(body, "httpTokensEnforced", current.httpTokensEnforced(), SWITCH));
    }

    @Override
    protected ObjectNode describe(Options value) {
        ObjectNode node = Json.mapper().createObjectNode().put("httpTokens", value.httpTokens()).put("httpEndpoint", value.httpEndpoint())
                .put("instanceMetadataTags", value.instanceMetadataTags()).put("httpTokensEnforced", value.httpTokensEnforced());
        if (value.hopLimit() != null) {
            node.put("httpPutResponseHopLimit", value.hopLimit());
        }
        return node;
    }
}
