package com.auditremediation.core;

import com.auditremediation.core.error.InvalidInputException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Reads configuration that the template sets as environment variables, once, with defaults. */
public final class Env {

    private final Map<String, String> variables;

    private Env(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    public static Env of(Map<String, String> variables) {
        return new Env(variables);
    }

    public String get(String name, String defaultValue) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    /** A comma-separated list; blank or missing gives the default. */
    public List<String> list(String name, List<String> defaultValue) {
        String value = variables.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public int integer(String name, int defaultValue) {
        String value = get(name, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, "environment variable '" + value + "' is not a whole number");
        }
    }
}
