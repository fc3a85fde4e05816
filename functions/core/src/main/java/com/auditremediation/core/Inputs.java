package com.auditremediation.core;

import com.auditremediation.core.error.InvalidInputException;
import com.fasterxml.jackson.core.JsonProcessingException;
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
            throw new InvalidInputException(path(e), "the value " + e.getValue() + " is not a valid " + typeName(e.getTargetType()));
        } catch (MismatchedInputException e) {
            throw new InvalidInputException(path(e), "expected " + typeName(e.getTargetType()) + ", got something else");
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvalidInputException invalid) {
                throw invalid;
            }
            if (cause instanceof IllegalArgumentException problem) {
                throw new InvalidInputException(path(e), problem.getMessage());
            }
            throw new InvalidInputException(path(e), e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("(input)", "is not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
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
