package com.auditremediation.core.catalog;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a check is, as people and other tools see it: its id, a title, the AWS Security Hub control ids it implements
 * (for example {@code IAM.15}), the CIS AWS Foundations Benchmark v3.0.0 references, its severity when it fails,
 * whether it runs once per region, the IAM actions it calls to read (audit mode) and to fix (remediate mode; none
 * for an audit-only check), and one sentence a person can act on. Each check class carries its own; the catalog is
 * made from them and nothing else lists checks.
 *
 * @param readActions IAM actions, {@code service:Action}, that audit mode calls
 * @param fixActions  IAM actions that remediate mode calls in addition; empty when the check fixes nothing
 */
public record CheckDescriptor(String id, String title, List<String> controls, List<String> cis, Severity severity,
                              boolean regional, List<String> readActions, List<String> fixActions, String recommendation) {

    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern ACTION = Pattern.compile("[a-z0-9-]+:[A-Z][A-Za-z0-9]+");
    private static final Pattern CONTROL = Pattern.compile("[A-Za-z0-9]+\\.\\d+");

    public CheckDescriptor {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a check id is lower-case words joined by '-': " + id);
        }
        requireText(id, "title", title);
        requireText(id, "recommendation", recommendation);
        Objects.requireNonNull(severity, id + ": severity");
        controls = List.copyOf(controls);
        cis = List.copyOf(cis);
        readActions = List.copyOf(readActions);
        fixActions = List.copyOf(fixActions);
        controls.forEach(control -> require(id, CONTROL.matcher(control).matches(), "a Security Hub control id such as IAM.15", control));
        readActions.forEach(action -> require(id, ACTION.matcher(action).matches(), "an IAM action such as iam:GetUser", action));
        fixActions.forEach(action -> require(id, ACTION.matcher(action).matches(), "an IAM action such as iam:GetUser", action));
        require(id, !readActions.isEmpty(), "at least one read action", "none");
    }

    /** Starts a descriptor; {@code build()} checks it. */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** True when remediate mode can fix a failure of this check. */
    public boolean fixable() {
        return !fixActions.isEmpty();
    }

    private static void requireText(String id, String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(id + ": " + field + " is empty");
        }
    }

    private static void require(String id, boolean condition, String what, String value) {
        if (!condition) {
            throw new IllegalArgumentException(id + ": expected " + what + ", found " + value);
        }
    }

    /** Builds a {@link CheckDescriptor} by name, so that a check class reads as a small table. */
    public static final class Builder {
        private final String id;
        private String title;
        private List<String> controls = List.of();
        private List<String> cis = List.of();
        private Severity severity;
        private boolean regional;
        private List<String> readActions = List.of();
        private List<String> fixActions = List.of();
        private String recommendation;

        private Builder(String id) {
            this.id = id;
        }

        public Builder title(String title) {
            this.title = title;
            return this;
        }

        public Builder controls(String... controls) {
            this.controls = List.of(controls);
            return this;
        }

        public Builder cis(String... cis) {
            this.cis = List.of(cis);
            return this;
        }

        public Builder severity(Severity severity) {
            this.severity = severity;
            return this;
        }

        public Builder regional() {
            this.regional = true;
            return this;
        }

        public Builder reads(String... actions) {
            this.readActions = List.of(actions);
            return this;
        }

        public Builder fixes(String... actions) {
            this.fixActions = List.of(actions);
            return this;
        }

        public Builder recommendation(String recommendation) {
            this.recommendation = recommendation;
            return this;
        }

        public CheckDescriptor build() {
            return new CheckDescriptor(id, title, controls, cis, severity, regional, readActions, fixActions, recommendation);
        }
    }
}
