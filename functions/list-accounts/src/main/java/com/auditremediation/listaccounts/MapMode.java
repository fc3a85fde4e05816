package com.auditremediation.listaccounts;

import com.auditremediation.core.Validate;
import com.auditremediation.core.error.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which Map the sweep fans out with: template parameter {@code MapMode}, environment variable {@code MAP_MODE}. */
public enum MapMode {
    /**
     * Inline up to {@link DistributedSettings#threshold()} accounts, while the inline path's history and output hold
     * the sweep; distributed above (when a bucket is set).
     */
    AUTO,
    /**
     * Always the inline Map: every account and its summary pass between states (with the listing, about 600 accounts
     * at most; see the README's scale figures).
     */
    INLINE,
    /** Always the distributed Map: items and results in S3. */
    DISTRIBUTED;

    /** The exact lower-case spelling only (as {@code Mode}): no case folding that a look-alike letter could pass. */
    static MapMode parse(String name, String value) {
        for (MapMode mode : values()) {
            if (mode.spelling().equals(value)) {
                return mode;
            }
        }
        throw new InvalidInputException(name, Validate.describe(value) + " is not a map mode; use one of "
                + Arrays.stream(values()).map(MapMode::spelling).collect(Collectors.joining(", ")) + ", in lower case");
    }

    private String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }
}
