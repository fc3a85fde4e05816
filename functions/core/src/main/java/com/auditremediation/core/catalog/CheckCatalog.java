package com.auditremediation.core.catalog;

import com.auditremediation.core.Json;
import com.auditremediation.core.Validate;
import com.auditremediation.core.error.InvalidInputException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every check that check-account can run, by id, in the order they run. The functions that do not run checks
 * (ListAccounts validating {@code Checks}, BuildReport writing titles and recommendations, the CLI) read the catalog
 * from {@link #RESOURCE}, which check-account's build writes from its check classes (CatalogExport) and which their
 * jars carry; so a new check is its class and one registry line, and nothing else lists checks.
 */
public final class CheckCatalog {

    /** Where check-account's build writes the catalog, as a JSON array of {@link CheckDescriptor}s. */
    public static final String RESOURCE = "/com/auditremediation/catalog/checks.json";

    /**
     * The IAM actions that the Security Hub findings export (template parameter SecurityHubFindings) calls in each member
     * account with the execution role, after the checks: not any check's own, so no descriptor lists them.
     */
    public static final List<String> SECURITY_HUB_FINDINGS_ACTIONS =
            List.of("securityhub:BatchImportFindings", "securityhub:DescribeHub", "securityhub:GetFindings");
    /**
     * What the export calls besides, only for a finding that exists when an accepted risk begins or ends: the
     * customer-side {@code BatchUpdateFindings}, which sets its workflow and note (docs/exceptions.md).
     */
    public static final List<String> SECURITY_HUB_WORKFLOW_ACTIONS = List.of("securityhub:BatchUpdateFindings");

    private static volatile CheckCatalog shipped;

    private final Map<String, CheckDescriptor> byId;

    private CheckCatalog(List<CheckDescriptor> descriptors) {
        Map<String, CheckDescriptor> map = new LinkedHashMap<>();
        for (CheckDescriptor descriptor : descriptors) {
            if (map.put(descriptor.id(), descriptor) != null) {
                throw new IllegalArgumentException("two checks have the id " + descriptor.id());
            }
        }
        if (map.isEmpty()) {
            throw new IllegalArgumentException("a catalog needs at least one check");
        }
        this.byId = map;
    }

    public static CheckCatalog of(List<CheckDescriptor> descriptors) {
        return new CheckCatalog(descriptors);
    }

    /** The catalog this build shipped, read once from {@link #RESOURCE}. */
    public static CheckCatalog shipped() {
        CheckCatalog catalog = shipped;
        if (catalog == null) {
            synchronized (CheckCatalog.class) {
                if (shipped == null) {
                    shipped = read();
                }
                catalog = shipped;
            }
        }
        return catalog;
    }

    private static CheckCatalog read() {
        try (InputStream in = CheckCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath: check-account's build writes it"
                        + " (mvn -pl functions/check-account -am package); depend on check-account to carry it");
            }
            return of(Json.mapper().readValue(in, new TypeReference<List<CheckDescriptor>>() { }));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    public List<CheckDescriptor> descriptors() {
        return List.copyOf(byId.values());
    }

    public List<String> ids() {
        return List.copyOf(byId.keySet());
    }

    public Optional<CheckDescriptor> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public CheckDescriptor get(String id) {
        CheckDescriptor descriptor = byId.get(id);
        if (descriptor == null) {
            throw new IllegalArgumentException("no check has the id " + id);
        }
        return descriptor;
    }

    /**
     * Check ids from an input field: each one of the catalog's, returned in the order given. An unknown id, a null or
     * a repeated id is an {@link InvalidInputException} on {@code field[i]}; an empty list too (both list the valid ids).
     */
    public List<String> validate(String field, List<String> values) {
        if (values == null || values.isEmpty()) {
            throw new InvalidInputException(field, "is an empty list; leave the field out for the default, or give at least one of: "
                    + String.join(", ", byId.keySet()));
        }
        return Validate.each(field, values, null, (element, value) -> {
            if (value == null || !byId.containsKey(value)) {
                throw new InvalidInputException(element, Validate.describe(value) + " is not a check; valid checks: "
                        + String.join(", ", byId.keySet()));
            }
        });
    }

    /** Every Security Hub control id that some check implements, in catalog order. */
    public List<String> controls() {
        Set<String> controls = new LinkedHashSet<>();
        byId.values().forEach(descriptor -> controls.addAll(descriptor.controls()));
        return List.copyOf(controls);
    }

    /**
     * Security Hub control ids from an input field: each one that some check implements, returned once each in the
     * order given. An unknown id, a null or an empty list is an {@link InvalidInputException} on {@code field} (or
     * {@code field[i]}) that lists the supported ids.
     */
    public List<String> validateControls(String field, List<String> values) {
        if (values == null || values.isEmpty()) {
            throw new InvalidInputException(field, "is an empty list; leave the field out, or give at least one of: "
                    + String.join(", ", controls()));
        }
        List<String> supported = controls();
        return Validate.each(field, values, null, (element, value) -> {
            if (value == null || !supported.contains(value)) {
                throw new InvalidInputException(element, Validate.describe(value)
                        + " is not a Security Hub control that a check implements; supported controls: " + String.join(", ", supported));
            }
        });
    }

    /**
     * The checks an input selects with {@code Checks} (check ids) and {@code SecurityControlIds} (the checks that
     * implement any of those controls): their union, each validated as above with its field's name; the checks named
     * come first in their order, then the others in catalog order. Either may be null (not given); both null selects
     * nothing, which callers read as "the default".
     */
    public List<String> select(List<String> checkIds, List<String> controlIds) {
        Set<String> wanted = new LinkedHashSet<>();
        if (checkIds != null) {
            wanted.addAll(validate("Checks", checkIds));
        }
        if (controlIds != null) {
            wanted.addAll(idsForControls(validateControls("SecurityControlIds", controlIds)));
        }
        return List.copyOf(wanted);
    }

    /** The ids of the checks that implement any of {@code controlIds}, in catalog order. */
    public List<String> idsForControls(List<String> controlIds) {
        List<String> ids = new ArrayList<>();
        byId.values().forEach(descriptor -> {
            if (descriptor.controls().stream().anyMatch(controlIds::contains)) {
                ids.add(descriptor.id());
            }
        });
        return ids;
    }

    /** The catalog as the JSON array that {@link #RESOURCE} holds and {@code checks --json} prints. */
    public String toJson() {
        return Json.writePretty(descriptors());
    }
}
