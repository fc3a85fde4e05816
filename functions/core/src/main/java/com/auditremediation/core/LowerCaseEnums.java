package com.auditremediation.core;

import java.util.Locale;

/**
 * Enums that JSON writes as their lower-case names ({@code "required"}) and reads back only exactly so: no case
 * folding, which would let a look-alike ({@code audıt} with a dotless {@code ı} upper-cases to {@code AUDIT}) select
 * a value nobody typed.
 */
public final class LowerCaseEnums {

    private LowerCaseEnums() {
    }

    public static String value(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The constant of {@code type} written as {@code value}; else an {@link IllegalArgumentException} saying
     * "'{value}' is not {what}", which {@link Inputs} turns into INVALID_INPUT naming the field.
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String value, String what) {
        for (E constant : type.getEnumConstants()) {
            if (value(constant).equals(value)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(Validate.describe(value) + " is not " + what);
    }
}
