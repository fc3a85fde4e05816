package com.auditremediation.core;

import com.auditremediation.core.error.InvalidInputException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

/**
 * Shape checks for identifiers, with messages that name the field and say what a valid value looks like. Every list
 * is refused when empty, when an element is null and when an element repeats an earlier one (the error names the
 * second occurrence): a repeated id is usually a copy-paste that meant another one.
 */
public final class Validate {

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern OU_ID = Pattern.compile("ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}");
    private static final Pattern ROOT_ID = Pattern.compile("r-[0-9a-z]{4,32}");
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    /** How much of a bad value an error message quotes: enough to recognise it, never a whole hostile payload. */
    private static final int MAX_QUOTED = 80;

    private Validate() {
    }

    public static String accountId(String field, String value) {
        if (value == null || !ACCOUNT_ID.matcher(value).matches()) {
            throw new InvalidInputException(field, describe(value) + " is not an AWS account id; use the 12 digits, as a string, for example \"123456789012\"");
        }
        return value;
    }

    public static List<String> accountIds(String field, List<String> values) {
        return each(field, values, "\"123456789012\"", Validate::accountId);
    }

    /** An OU id ({@code ou-xxxx-yyyyyyyy}) or the organisation's root id ({@code r-xxxx}). */
    public static List<String> parentIds(String field, List<String> values) {
        return each(field, values, "\"ou-ab12-cdef3456\"", (element, value) -> {
            if (value == null || !(OU_ID.matcher(value).matches() || ROOT_ID.matcher(value).matches())) {
                throw new InvalidInputException(element, describe(value)
                        + " is not an organizational unit id; use the OU id (\"ou-ab12-cdef3456\") or the root id (\"r-ab12\") from the Organizations console");
            }
        });
    }

    public static String roleName(String field, String value) {
        if (value == null || !ROLE_NAME.matcher(value).matches()) {
            throw new InvalidInputException(field, describe(value)
                    + " is not an IAM role name; use a name such as \"aws-controltower-AdministratorExecutionRole\" (not an ARN)");
        }
        return value;
    }

    /**
     * Region codes that the SDK's own region metadata knows in {@code partition} ({@code aws}, {@code aws-cn},
     * {@code aws-us-gov}, ...: the stack's, from the function's region). A code of the right shape that no partition
     * lists ({@code us-east-7}) and a region of another partition ({@code cn-north-1} on a stack in {@code aws}) are
     * refused: a sweep reaches member accounts through one partition's STS.
     */
    public static List<String> regions(String field, List<String> values, String partition) {
        return each(field, values, "\"eu-west-1\"", (element, value) -> {
            if (value == null || !REGION.matcher(value).matches()) {
                throw new InvalidInputException(element, describe(value) + " is not a region code; use one such as \"eu-west-1\"");
            }
            Region region = Region.of(value);
            if (!Region.regions().contains(region)) {
                throw new InvalidInputException(element, describe(value) + " is not a region of the " + partition
                        + " partition (no such region in the AWS SDK's region list); use one of: " + String.join(", ", regionsOf(partition)));
            }
            String regionPartition = AwsClients.partition(region);
            if (!regionPartition.equals(partition)) {
                throw new InvalidInputException(element, describe(value) + " is in the " + regionPartition
                        + " partition, but this stack runs in " + partition + "; a sweep covers one partition: use one of: "
                        + String.join(", ", regionsOf(partition)));
            }
        });
    }

    /** The regions of {@code partition} in the SDK's region metadata, sorted; global pseudo-regions left out. */
    public static List<String> regionsOf(String partition) {
        return Region.regions().stream()
                .filter(region -> !region.isGlobalRegion() && REGION.matcher(region.id()).matches())
                .filter(region -> PartitionMetadata.of(region).id().equals(partition))
                .map(Region::id).sorted().toList();
    }

    /**
     * A value as an error message quotes it: in single quotes, at most {@value #MAX_QUOTED} characters, anything
     * other than printable ASCII written as {@code \}{@code uXXXX}, so that a look-alike letter (a dotless {@code ı})
     * is visible as such and a control character or a huge value cannot garble a log line or an error.
     */
    public static String describe(String value) {
        return value == null ? "null" : "'" + printable(value, MAX_QUOTED) + "'";
    }

    /** {@code text} escaped as {@link #describe} escapes, at most 200 characters: for field names and parser messages. */
    public static String printable(String text) {
        return printable(text, 200);
    }

    private static String printable(String text, int max) {
        if (text == null) {
            return "null";
        }
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < Math.min(text.length(), max); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                shown.append(c);
            } else {
                shown.append(String.format("\\u%04x", (int) c));
            }
        }
        if (text.length() > max) {
            shown.append("... (").append(text.length()).append(" characters)");
        }
        return shown.toString();
    }

    /**
     * Every element checked by {@code check} under its own name ({@code field[i]}), then refused if it repeats an
     * earlier one; an empty or missing list is refused with {@code example} as the value to give.
     */
    public static List<String> each(String field, List<String> values, String example, BiConsumer<String, String> check) {
        if (values == null || values.isEmpty()) {
            throw new InvalidInputException(field, "is an empty list; leave the field out for the default, or give at least one value such as " + example);
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            String element = field + "[" + i + "]";
            String value = values.get(i);
            check.accept(element, value);
            Integer first = seen.putIfAbsent(value, i);
            if (first != null) {
                throw new InvalidInputException(element, describe(value) + " repeats " + field + "[" + first
                        + "]; remove it, or write the value you meant");
            }
        }
        return List.copyOf(values);
    }
}
