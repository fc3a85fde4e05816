package com.auditremediation.core;

import com.auditremediation.core.error.InvalidInputException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/** Shape checks for identifiers, with messages that name the field and say what a valid value looks like. */
public final class Validate {

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern OU_ID = Pattern.compile("ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}");
    private static final Pattern ROOT_ID = Pattern.compile("r-[0-9a-z]{4,32}");
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

    private Validate() {
    }

    public static String accountId(String field, String value) {
        if (value == null || !ACCOUNT_ID.matcher(value).matches()) {
            throw new InvalidInputException(field, describe(value) + " is not an AWS account id; use the 12 digits, as a string, for example \"123456789012\"");
        }
        return value;
    }

    public static List<String> accountIds(String field, List<String> values) {
        notEmpty(field, values, "\"123456789012\"");
        for (int i = 0; i < values.size(); i++) {
            accountId(field + "[" + i + "]", values.get(i));
        }
        return values;
    }

    /** An OU id ({@code ou-xxxx-yyyyyyyy}) or the organisation's root id ({@code r-xxxx}). */
    public static List<String> parentIds(String field, List<String> values) {
        notEmpty(field, values, "\"ou-ab12-cdef3456\"");
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value == null || !(OU_ID.matcher(value).matches() || ROOT_ID.matcher(value).matches())) {
                throw new InvalidInputException(field + "[" + i + "]", describe(value)
                        + " is not an organizational unit id; use the OU id (\"ou-ab12-cdef3456\") or the root id (\"r-ab12\") from the Organizations console");
            }
        }
        return values;
    }

    public static String roleName(String field, String value) {
        if (value == null || !ROLE_NAME.matcher(value).matches()) {
            throw new InvalidInputException(field, describe(value)
                    + " is not an IAM role name; use a name such as \"aws-controltower-AdministratorExecutionRole\" (not an ARN)");
        }
        return value;
    }

    public static List<String> regions(String field, List<String> values) {
        notEmpty(field, values, "\"eu-west-1\"");
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value == null || !REGION.matcher(value).matches()) {
                throw new InvalidInputException(field + "[" + i + "]", describe(value) + " is not a region code; use one such as \"eu-west-1\"");
            }
        }
        return values;
    }

    private static void notEmpty(String field, List<String> values, String example) {
        if (values == null || values.isEmpty()) {
            throw new InvalidInputException(field, "is an empty list; leave the field out for the default, or give at least one value such as " + example);
        }
    }

    private static String describe(String value) {
        return value == null ? "null" : "'" + value + "'";
    }
}
