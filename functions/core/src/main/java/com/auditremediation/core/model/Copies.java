package com.auditremediation.core.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How every record of the model takes the collections it is given, in its compact constructor: as an unmodifiable
 * copy in the given order, so that a record never changes after it is built. Elements are kept as given, nulls too:
 * the input's validation names a null element ({@code "Checks": [null]} is {@code Checks[0]}), and the report's
 * readers count around one rather than lose the row.
 *
 * <p>{@code orEmpty} is for a field that is always there (null becomes empty). {@code orAbsent} is for a field whose
 * absence means something: null stays null, which the mapper leaves out of the JSON, while an empty collection is
 * still written as one, so that each keeps its JSON shape.
 */
final class Copies {

    private Copies() {
    }

    static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : copy(list);
    }

    static <T> List<T> orAbsent(List<T> list) {
        return list == null ? null : copy(list);
    }

    static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? Map.of() : copy(map);
    }

    static <K, V> Map<K, V> orAbsent(Map<K, V> map) {
        return map == null ? null : copy(map);
    }

    private static <T> List<T> copy(List<T> list) {
        return Collections.unmodifiableList(new ArrayList<>(list));
    }

    private static <K, V> Map<K, V> copy(Map<K, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
