package com.auditremediation.core.exceptions;

import java.util.List;

/** The exceptions file as written: one key, {@code exceptions}, holding the list of entries ({@code []} for none). */
public record ExceptionsDocument(List<ExceptionEntry> exceptions) {
}
