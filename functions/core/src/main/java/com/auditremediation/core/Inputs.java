package com.auditremediation.core;

import com.auditremediation.core.error.InvalidInputException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;
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
            byte[] bytes = input.readAllBytes();
            if (bytes.length == 0 || new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
                throw new InvalidInputException("(input)", "the input is empty; send a JSON object, for example {}");
            }
            T value = Json.mapper().readValue(bytes, type);
            if (value == null) {
                throw new InvalidInputException("(input)", "the input is null; send a JSON object, for example {}");
            }
            return value;
        } catch (InvalidInputException e) {
            throw e;
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidInputException(path(e), "is not a known field; known fields: " + known(e.getKnownPropertyIds()));
        } catch (InvalidFormatException e) {
            throw new InvalidInputException(path(e), "the value " + Validate.describe(String.valueOf(e.getValue()))
                    + " is not a valid " + typeName(e.getTargetType()));
        } catch (MismatchedInputException e) {
            if (String.valueOf(e.getOriginalMessage()).startsWith("Trailing token")) {
                throw new InvalidInputException("(input)", "has something after its JSON value; send exactly one JSON object");
            }
            throw new InvalidInputException(path(e), "expected " + typeName(e.getTargetType()) + ", got something else");
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause();
            refuseDuplicateKey(cause);
            if (cause instanceof InvalidInputException invalid) {
                throw invalid;
            }
            if (cause instanceof IllegalArgumentException problem) {
                throw new InvalidInputException(path(e), problem.getMessage());
            }
            throw new InvalidInputException(path(e), Validate.printable(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            refuseDuplicateKey(e);
            throw new InvalidInputException("(input)", "is not valid JSON (" + Validate.printable(e.getOriginalMessage()) + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
            path.insert(0, context.inObject() && !path.isEmpty() && path.charAt(0) != '[' ? segment + "." : segment);
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

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "JSON array";
        }
        if (type == String.class) {
            return "JSON string";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (type.isRecord() || type == Object.class) {
            return "JSON object";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "JSON number";
        }
        return type.getSimpleName();
    }
}
