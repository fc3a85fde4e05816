package com.auditremediation.listaccounts;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The OUs met while listing, by id: each one's name and parent, so that an OU id reads as the path of names from
 * under the root, {@code Workloads/Prod}. An account at the root has the root's name ({@code Root}) as its path.
 * The report shows OUs by these paths; one map for the listing rather than a path in every Map item keeps the items
 * small.
 */
final class OrganizationalUnitPaths {

    /** The name Organizations gives every root, and cannot be changed. */
    static final String ROOT_NAME = "Root";

    private final Map<String, String> names = new HashMap<>();
    private final Map<String, String> parents = new HashMap<>();

    /** A root: the top of every path, named only when its own accounts are listed. */
    void root(String rootId, String name) {
        names.put(rootId, name == null || name.isBlank() ? ROOT_NAME : name);
        parents.remove(rootId);
    }

    /** An OU and its parent (another OU or a root); {@code name} may be null while not yet known. */
    void unit(String unitId, String name, String parentId) {
        if (name != null) {
            names.put(unitId, name);
        }
        if (parentId != null) {
            parents.put(unitId, parentId);
        }
    }

    boolean isRoot(String id) {
        return id != null && id.startsWith("r-");
    }

    /** Whether the path of {@code id} is known up to its root. */
    boolean knows(String id) {
        for (String current = id; current != null; current = parents.get(current)) {
            if (!names.containsKey(current) && !isRoot(current)) {
                return false;
            }
            if (isRoot(current)) {
                return true;
            }
        }
        return false;
    }

    /** {@code Workloads/Prod} for an OU, the root's name for a root; null when the id was never met. */
    String path(String id) {
        if (id == null) {
            return null;
        }
        if (isRoot(id)) {
            return names.getOrDefault(id, ROOT_NAME);
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String current = id; current != null && !isRoot(current); current = parents.get(current)) {
            String name = names.get(current);
            if (name == null) {
                return null;
            }
            segments.addFirst(name);
        }
        return String.join("/", segments);
    }

    /**
     * {@code id} and the OUs above it, nearest first, up to its root: {@code [ou-child, ou-parent, r-root]}; as far as the
     * listing met them (a walked subtree's top knows its ancestors once named). Empty for null.
     */
    List<String> ancestry(String id) {
        List<String> chain = new ArrayList<>();
        for (String current = id; current != null && !chain.contains(current); current = parents.get(current)) {
            chain.add(current);
        }
        return chain;
    }

    /** The paths of {@code ids} (the OUs that the listed accounts are in), sorted by id; ids without a path left out. */
    Map<String, String> pathsOf(Collection<String> ids) {
        Map<String, String> paths = new LinkedHashMap<>();
        for (String id : new TreeSet<>(ids.stream().filter(java.util.Objects::nonNull).toList())) {
            String path = path(id);
            if (path != null) {
                paths.put(id, path);
            }
        }
        return paths;
    }
}
