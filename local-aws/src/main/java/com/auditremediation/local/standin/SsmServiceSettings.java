package com.auditremediation.local.standin;

import com.auditremediation.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SSM service settings ({@code GetServiceSetting}, {@code UpdateServiceSetting}, {@code ResetServiceSetting}; JSON
 * 1.1), which moto 5.2.1 lacks, for the settings our checks read: {@code /ssm/documents/console/public-sharing-permission}
 * (default {@code Enable}; {@code Enable} or {@code Disable}; SSM.7) and {@code /ssm/automation/customer-script-log-destination}
 * (SSM.6; the API reference allows only {@code CloudWatch} as a value and states no default: an account that never
 * turned Automation logging on reads {@code None}, and {@code ResetServiceSetting} turns it off again). A setting is
 * regional: per account and region. The SettingId is the path or the setting's ARN
 * ({@code arn:<partition>:ssm:<region>:<account>:servicesetting/ssm/...}); the answer names it by path, as AWS's does.
 * Any other setting id is {@code ServiceSettingNotFound}; a value the setting does not take is SSM's
 * {@code ValidationException}.
 */
final class SsmServiceSettings implements StandInService {

    private static final Descriptor DESCRIPTOR = new Descriptor("ssm-service-settings", "ssm", Protocol.AWS_JSON_1_1,
            List.of("ssm:GetServiceSetting", "ssm:UpdateServiceSetting", "ssm:ResetServiceSetting"));
    private static final String TARGET_PREFIX = "AmazonSSM.";
    private static final Pattern SETTING_ARN = Pattern.compile("arn:[\\w-]+:ssm:([\\w-]*):(\\d{12}):servicesetting(/.+)");

    /** A setting AWS provisions: its default value and the values UpdateServiceSetting accepts. */
    private record Definition(String defaultValue, Set<String> values) {
    }

    private static final Map<String, Definition> SETTINGS = Map.of(
            "/ssm/documents/console/public-sharing-permission", new Definition("Enable", Set.of("Enable", "Disable")),
            "/ssm/automation/customer-script-log-destination", new Definition("None", Set.of("CloudWatch")));

    /** A value the account set: when and by whom. */
    private record Customized(String value, Instant modified, String modifiedBy) {
    }

    private final Map<Caller.AccountRegion, Map<String, Customized>> customized = new ConcurrentHashMap<>();

    @Override
    public Descriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public boolean serves(StandInRequest request) {
        return DESCRIPTOR.operations().stream().anyMatch(action -> request.target().equals(TARGET_PREFIX + action.substring("ssm:".length())));
    }

    @Override
    public StandInResponse answer(StandInRequest request, Caller caller) {
        JsonNode input = request.json();
        String path = settingPath(Requests.requiredText(input, "SettingId"), caller);
        Map<String, Customized> settings = customized.computeIfAbsent(caller.accountRegion(), key -> new ConcurrentHashMap<>());
        ObjectNode output = Json.mapper().createObjectNode();
        switch (request.target().substring(TARGET_PREFIX.length())) {
            case "GetServiceSetting" -> output.set("ServiceSetting", describe(path, settings.get(path), caller));
            case "UpdateServiceSetting" -> {
                String value = Requests.requiredText(input, "SettingValue");
                Definition definition = SETTINGS.get(path);
                if (!definition.values().contains(value)) {
                    throw new AwsError(400, "ValidationException", "The value " + value + " is not valid for the service setting "
                            + path + ". Valid values: " + String.join(", ", definition.values().stream().sorted().toList()));
                }
                settings.put(path, new Customized(value, Instant.now(), caller.principalArn()));
            }
            default -> {
                settings.remove(path);
                output.set("ServiceSetting", describe(path, null, caller));
            }
        }
        return protocol().success(output.toString());
    }

    /** The setting's path from a path or an ARN of the caller's account and region. */
    private static String settingPath(String settingId, Caller caller) {
        String path = settingId;
        Matcher arn = SETTING_ARN.matcher(settingId);
        if (arn.matches()) {
            if (!arn.group(1).equals(caller.region()) || !arn.group(2).equals(caller.accountId())) {
                throw new AwsError(400, "ServiceSettingNotFound", "The service setting " + settingId + " is not in this account and Region ("
                        + caller.accountId() + ", " + caller.region() + ").");
            }
            path = arn.group(3);
        }
        if (!SETTINGS.containsKey(path)) {
            throw new AwsError(400, "ServiceSettingNotFound", "The service setting " + settingId + " was not found"
                    + " (the local stand-in serves " + String.join(" and ", SETTINGS.keySet().stream().sorted().toList()) + ").");
        }
        return path;
    }

    private static ObjectNode describe(String path, Customized value, Caller caller) {
        ObjectNode setting = Json.mapper().createObjectNode()
                .put("SettingId", path)
                .put("SettingValue", value == null ? SETTINGS.get(path).defaultValue() : value.value())
                .put("ARN", caller.arn("ssm", "servicesetting" + path))
                .put("Status", value == null ? "Default" : "Customized");
        if (value != null) {
            setting.put("LastModifiedDate", value.modified().toEpochMilli() / 1000.0).put("LastModifiedUser", value.modifiedBy());
        }
        return setting;
    }

    @Override
    public void reset() {
        customized.clear();
    }
}
