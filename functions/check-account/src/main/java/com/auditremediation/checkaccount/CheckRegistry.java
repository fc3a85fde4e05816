package com.auditremediation.checkaccount;

import com.auditremediation.core.error.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Every check CheckAccount can run, by id, in the order they run. Its ids are tested to equal {@code KnownChecks.IDS}. */
public final class CheckRegistry {

    private final Map<String, Check> checks;

    private CheckRegistry(List<Check> checks) {
        Map<String, Check> byId = new LinkedHashMap<>();
        for (Check check : checks) {
            if (byId.put(check.id(), check) != null) {
                throw new IllegalArgumentException("two checks have the id " + check.id());
            }
        }
        this.checks = byId;
    }

    /** The checks that ship with the function. */
    public static CheckRegistry create() {
        return of(List.of(new CallerIdentityCheck(), new IamPasswordPolicyCheck(), new S3AccountPublicAccessBlockCheck(),
                new EbsDefaultEncryptionCheck(), new RootAccountHygieneCheck()));
    }

    public static CheckRegistry of(List<Check> checks) {
        return new CheckRegistry(checks);
    }

    public List<String> ids() {
        return List.copyOf(checks.keySet());
    }

    public List<Check> all() {
        return List.copyOf(checks.values());
    }

    /**
     * The checks named in {@code ids}, in registry order and each once; an empty list means every check. An unknown
     * id is an {@link InvalidInputException} on {@code field} that lists the valid ids.
     */
    public List<Check> select(String field, List<String> ids) {
        if (ids.isEmpty()) {
            return all();
        }
        LinkedHashSet<String> wanted = new LinkedHashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (!checks.containsKey(id)) {
                throw new InvalidInputException(field + "[" + i + "]", (id == null ? "null" : "'" + id + "'")
                        + " is not a check; valid checks: " + String.join(", ", checks.keySet())
                        + " (leave the list empty for all of them)");
            }
            wanted.add(id);
        }
        List<Check> selected = new ArrayList<>();
        checks.forEach((id, check) -> {
            if (wanted.contains(id)) {
                selected.add(check);
            }
        });
        return selected;
    }
}
