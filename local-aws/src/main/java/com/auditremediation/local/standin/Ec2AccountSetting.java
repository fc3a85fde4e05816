package com.auditremediation.local.standin;

import com.auditremediation.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * What the EC2 account attributes that moto lacks have in common: one value of type {@code S} per account and
 * region, EC2's query protocol (form fields in, XML out), {@code DryRun}, and the {@code ManagedBy} of declarative
 * policies. An attribute that an organisation's declarative policy manages reads {@code declarative-policy} and refuses
 * every change from the account ({@code UnauthorizedOperation} with the policy's exception message, or the default
 * message AWS Organizations documents). The test-only admin endpoint sets the attribute as a declarative policy (or the
 * account) would: {@code POST /_standin/<name>} with {@code accountId}, {@code region}, {@code managedBy}
 * ({@code declarative-policy}, the default, or {@code account}), optionally {@code exceptionMessage}, and the
 * attribute's own fields (see each subclass).
 */
abstract class Ec2AccountSetting<S> implements StandInService {

    static final String DECLARATIVE_POLICY = "declarative-policy";
    static final String ACCOUNT = "account";
    /** What AWS Organizations answers when a declarative policy without its own message refuses an action. */
    static final String DEFAULT_POLICY_MESSAGE = "This action is denied due to an organizational policy in effect";

    /** Who manages the attribute in one account and region, and the message a declarative policy refuses with. */
    record Management(String managedBy, String exceptionMessage) {

        static final Management BY_ACCOUNT = new Management(ACCOUNT, null);

        boolean byPolicy() {
            return DECLARATIVE_POLICY.equals(managedBy);
        }
    }

    /** One operation: the request's form fields and the caller in, the XML answer's elements out. */
    interface Operation extends BiFunction<Map<String, String>, Caller, Xml> {
    }

    private final String name;
    private final Map<Caller.AccountRegion, S> values = new ConcurrentHashMap<>();
    private final Map<Caller.AccountRegion, Management> management = new ConcurrentHashMap<>();

    protected Ec2AccountSetting(String name) {
        this.name = name;
    }

    /** Each action ({@code GetSnapshotBlockPublicAccessState}) and how it is answered. */
    protected abstract Map<String, Operation> actions();

    /** The value of an account and region that no one set: AWS's default for the attribute. */
    protected abstract S defaultValue(Caller.AccountRegion place);

    /** The attribute's value from the admin endpoint's body (its own fields), over {@code current}. */
    protected abstract S adminValue(JsonNode body, S current);

    /** The value as the admin endpoint shows it. */
    protected abstract ObjectNode describe(S value);

    @Override
    public final Descriptor descriptor() {
        return new Descriptor(name, "ec2", Protocol.EC2, actions().keySet().stream().map(action -> "ec2:" + action).sorted().toList());
    }

    @Override
    public final boolean serves(StandInRequest request) {
        return actions().containsKey(request.action());
    }

    @Override
    public final StandInResponse answer(StandInRequest request, Caller caller) {
        Map<String, String> form = request.form();
        if ("true".equalsIgnoreCase(form.get("DryRun"))) {
            throw new AwsError(412, "DryRunOperation", "Request would have succeeded, but DryRun flag is set.");
        }
        String action = request.action();
        Xml elements;
        synchronized (this) {
            elements = actions().get(action).apply(form, caller);
        }
        return protocol().success(Xml.ec2Response(action, elements));
    }

    protected final S value(Caller caller) {
        return values.computeIfAbsent(caller.accountRegion(), this::defaultValue);
    }

    /** Sets the value from the account itself: refused while a declarative policy manages the attribute. */
    protected final void setByAccount(Caller caller, S value) {
        Management current = management(caller);
        if (current.byPolicy()) {
            throw new AwsError(400, "UnauthorizedOperation",
                    current.exceptionMessage() == null ? DEFAULT_POLICY_MESSAGE : current.exceptionMessage());
        }
        values.put(caller.accountRegion(), value);
    }

    protected final Management management(Caller caller) {
        return management.getOrDefault(caller.accountRegion(), Management.BY_ACCOUNT);
    }

    /** A required form field that must be one of {@code allowed}: EC2's {@code MissingParameter} or {@code InvalidParameterValue}. */
    protected static String requiredField(Map<String, String> form, String field, Set<String> allowed) {
        String value = form.get(field);
        if (value == null || value.isEmpty()) {
            throw new AwsError(400, "MissingParameter", "The request must contain the parameter " + field);
        }
        return allowedValue(field, value, allowed);
    }

    protected static String allowedValue(String field, String value, Set<String> allowed) {
        if (!allowed.contains(value)) {
            throw new AwsError(400, "InvalidParameterValue", "Value (" + value + ") for parameter " + field
                    + " is invalid. Valid values: " + String.join(", ", allowed.stream().sorted().toList()));
        }
        return value;
    }

    @Override
    public final synchronized JsonNode admin(JsonNode body) {
        String accountId = AdminInput.accountId(body);
        String region = AdminInput.region(body);
        Caller.AccountRegion place = new Caller.AccountRegion(accountId, region);
        String managedBy = AdminInput.choice(body, "managedBy", DECLARATIVE_POLICY, Set.of(DECLARATIVE_POLICY, ACCOUNT));
        S value = adminValue(body, values.computeIfAbsent(place, this::defaultValue));
        values.put(place, value);
        management.put(place, new Management(managedBy, AdminInput.optionalText(body, "exceptionMessage", null)));
        ObjectNode state = describe(value).put("managedBy", managedBy);
        return Json.mapper().createObjectNode().put("accountId", accountId).put("region", region).setAll(state);
    }

    @Override
    public final void reset() {
        values.clear();
        management.clear();
    }
}
