package com.auditremediation.local.standin;

import com.auditremediation.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;

/**
 * An EC2 account attribute that is one state read by a {@code Get...State} action, set by an {@code Enable...} action
 * from one of a few states and cleared to {@code unblocked} by a {@code Disable...} action; the answers name the state
 * by one XML element. Admin endpoint field: {@code state}.
 */
abstract class SingleStateSetting extends Ec2AccountSetting<String> {

    static final String UNBLOCKED = "unblocked";

    /** The attribute's actions and the XML element and form field that carry its state. */
    record Names(String get, String enable, String disable, String element, String enableField) {
    }

    private final Names names;
    private final Set<String> enabledStates;
    private final String defaultState;

    SingleStateSetting(String name, Names names, Set<String> enabledStates, String defaultState) {
        super(name);
        this.names = names;
        this.enabledStates = Set.copyOf(enabledStates);
        this.defaultState = defaultState;
    }

    @Override
    protected final Map<String, Operation> actions() {
        return Map.of(
                names.get(), (form, caller) -> Xml.elements().element(names.element(), value(caller))
                        .element("managedBy", management(caller).managedBy()),
                names.enable(), (form, caller) -> {
                    String state = requiredField(form, names.enableField(), enabledStates);
                    setByAccount(caller, state);
                    return Xml.elements().element(names.element(), state);
                },
                names.disable(), (form, caller) -> {
                    setByAccount(caller, UNBLOCKED);
                    return Xml.elements().element(names.element(), UNBLOCKED);
                });
    }

    @Override
    protected final String defaultValue(Caller.AccountRegion place) {
        return defaultState;
    }

    @Override
    protected final String adminValue(JsonNode body, String current) {
        Set<String> states = new java.util.HashSet<>(enabledStates);
        states.add(UNBLOCKED);
        return AdminInput.choice(body, "state", current, states);
    }

    @Override
    protected final ObjectNode describe(String value) {
        return Json.mapper().createObjectNode().put("state", value);
    }
}
