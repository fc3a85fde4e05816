package com.auditremediation.core;

import com.auditremediation.core.error.InvalidInputException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.stream.Collectors;

/** Reads a handler's input and turns every JSON problem into an {@link InvalidInputException} that names the field. */
public final class Inputs {

    private Inputs() {
    }

    public static <T> T read(InputStream input, Class<T> type) {
        try {
            return read(input.readAllBytes(), type, Json.mapper(), JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A document in {@code format} (the exceptions file, in YAML or JSON), read by {@code mapper} (configured as
     * {@link Json#configure} does), every problem an {@link InvalidInputException} naming the field.
     */
    public static <T> T readDocument(byte[] bytes, Class<T> type, ObjectMapper mapper, Format format) {
        return read(bytes, type, mapper, format);
    }

    /**
     * How the messages name a document's format and its types: {@code example} is what an empty document should hold;
     * {@code jsonTypeNames} says "JSON array" where true, "a list" where false.
     */
    public record Format(String name, String example, boolean jsonTypeNames) {
    }

    /** A handler's input. */
    public static final Format JSON = new Format("JSON", "{}", true);

    private static <T> T read(byte[] bytes, Class<T> type, ObjectMapper mapper, Format format) {
        try {
            if (bytes.length == 0 || new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
                throw new InvalidInputException("(input)", "the input is empty; send a " + format.name() + " object, for example "
                        + format.example());
            }
            T value = mapper.readValue(bytes, type);
            if (value == null) {
                throw new InvalidInputException("(input)", "the input is null; send a " + format.name() + " object, for example "
                        + format.example());
            }
            return value;
        } catch (InvalidInputException e) {
            throw e;
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidInputException(path(e), "is not a known field; known fields: " + known(e.getKnownPropertyIds()));
        } catch (InvalidFormatException e) {
            if (!format.jsonTypeNames() && e.getTargetType() == String.class) {
                // YAML reads 123456789012, true or 1.5 unquoted as a number or a boolean: an id with a leading 0 would change.
                throw new InvalidInputException(path(e), "the value " + Validate.describe(String.valueOf(e.getValue()))
                        + " is not text to YAML; put it in quotes: \"" + Validate.printable(String.valueOf(e.getValue())) + "\"");
            }
            throw new InvalidInputException(path(e), "the value " + Validate.describe(String.valueOf(e.getValue()))
                    + " is not a valid " + typeName(e.getTargetType(), format));
        } catch (MismatchedInputException e) {
            if (String.valueOf(e.getOriginalMessage()).startsWith("Trailing token")) {
                throw new InvalidInputException("(input)", "has something after its " + format.name() + " value; send exactly one "
                        + format.name() + " object");
            }
            throw new InvalidInputException(path(e), "expected " + typeName(e.getTargetType(), format) + ", got "
                    + found(e, format));
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause();
            refuseDuplicateKey(cause);
            if (cause instanceof InvalidInputException invalid) {
                throw invalid;
            }
            if (cause instanceof IllegalArgumentException problem) {
                throw new InvalidInputException(path(e), problem.getMessage());
            }
            if (cause instanceof JsonParseException parse) {
                throw notValid(path(e), parse, format);
            }
            throw new InvalidInputException(path(e), Validate.printable(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            refuseDuplicateKey(e);
            throw notValid("(input)", e, format);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InvalidInputException notValid(String field, JsonProcessingException e, Format format) {
        String problem = String.valueOf(e.getOriginalMessage()).replaceAll("\\s+", " ").strip();
        return new InvalidInputException(field, "is not valid " + format.name() + " (" + Validate.printable(problem)
                + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr())
                + ")");
    }

    /**
     * Refuses a key that the parser found twice in one object ({@code STRICT_DUPLICATE_DETECTION}), naming its path:
     * the parser's context still stands on that key when it refuses it. Any other problem is left to the caller.
     */
    private static void refuseDuplicateKey(Throwable e) {
        if (!(e instanceof JsonParseException parse) || parse.getProcessor() == null
                || !String.valueOf(parse.getOriginalMessage()).startsWith("Duplicate field")) {
            return;
        }
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext context = parse.getProcessor().getParsingContext(); context != null && !context.inRoot(); context = context.getParent()) {
            String segment = context.inArray() ? "[" + context.getCurrentIndex() + "]" : Validate.printable(context.getCurrentName());
            path.insert(0, !path.isEmpty() && path.charAt(0) != '[' ? segment + "." : segment);
        }
        throw new InvalidInputException(path.isEmpty() ? "(input)" : path.toString(), "appears twice in the same object; keep one");
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                // A field name is the sender's text too: an unknown one may hold anything.
                path.append(Validate.printable(ref.getFieldName()));
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "(input)" : path.toString();
    }

    private static String known(Collection<Object> ids) {
        return ids == null ? "" : ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    private static String typeName(Class<?> type, Format format) {
        if (type == null) {
            return "value";
        }
        String prefix = format.jsonTypeNames() ? "JSON " : "a ";
        if (Collection.class.isAssignableFrom(type)) {
            return format.jsonTypeNames() ? "JSON array" : "a list";
        }
        if (type == String.class) {
            return format.jsonTypeNames() ? "JSON string" : "a string (in quotes where it could read as a number or a date)";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (type.isRecord() || type == Object.class) {
            return format.jsonTypeNames() ? "JSON object" : "an object (key: value lines)";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return prefix + "number";
        }
        return type.getSimpleName();
    }

    /**
     * What stood there instead, for a document that is not JSON: "an object", "text", "a number", read from Jackson's
     * message ("... from Object value (token ...)"), since the parser has moved on when it refuses.
     */
    private static String found(MismatchedInputException e, Format format) {
        java.util.regex.Matcher value = FOUND.matcher(String.valueOf(e.getOriginalMessage()));
        if (format.jsonTypeNames() || !value.find()) {
            return "something else";
        }
        return switch (value.group(1)) {
            case "Object" -> "an object";
            case "Array" -> "a list";
            case "String" -> "text";
            case "Integer", "Floating-point", "Number" -> "a number";
            case "Boolean" -> "a boolean";
            default -> "something else";
        };
    }

    private static final java.util.regex.Pattern FOUND = java.util.regex.Pattern.compile("from ([A-Z][a-z-]+(?: [a-z]+)?) value");
}
