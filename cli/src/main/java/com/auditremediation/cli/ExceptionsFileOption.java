package com.auditremediation.cli;

import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.exceptions.ExceptionsFile;
import com.auditremediation.core.exceptions.ValidatedEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * An exceptions file named on the command line ({@code exceptions validate}, {@code exceptions push}, {@code local
 * --exceptions}): read and validated exactly as ListAccounts validates the deployed one, as of today (UTC), before
 * anything is uploaded or started. A refusal is one line naming the file, the entry and the field, and exit code 2.
 */
record ExceptionsFileOption(Path file, byte[] bytes, List<ValidatedEntry> entries, LocalDate today) {

    /** {@code file} read and validated against the shipped checks and the regions of {@code partition}. */
    static ExceptionsFileOption read(Path file, String partition, Clock clock) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw CliException.badInput("cannot read the exceptions file " + file + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "): give a readable YAML or JSON file, for example events/exceptions.yaml");
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        try {
            return new ExceptionsFileOption(file, bytes, new ExceptionsFile(CheckCatalog.shipped(), partition)
                    .read(file.getFileName().toString(), bytes, today), today);
        } catch (InvalidInputException e) {
            throw CliException.badInput(file + ": " + e.getMessage());
        }
    }

    long expired() {
        return entries.stream().filter(entry -> entry.expiredOn(today)).count();
    }

    /** One line for the file, then one per entry: what it covers, whose it is, until when (or that it expired). */
    void describe(PrintWriter out) {
        out.println(file + ": " + entries.size() + (entries.size() == 1 ? " entry" : " entries") + ", valid; "
                + (entries.size() - expired()) + " in force, " + expired() + " expired (as of " + today + ", UTC)");
        for (ValidatedEntry entry : entries) {
            String accounts = entry.allAccounts() ? "every account" : String.join(", ", concat(entry.accounts(), entry.organizationalUnits()));
            out.println("  exceptions[" + entry.index() + "] " + (entry.expiredOn(today) ? "EXPIRED " + entry.expires() : "until " + entry.expires())
                    + ", owner " + entry.owner() + (entry.ticket() == null ? "" : ", " + entry.ticket()) + ": "
                    + (entry.checks() == null ? "every check" : String.join(", ", entry.checks()))
                    + (entry.regions() == null ? "" : " in " + String.join(", ", entry.regions())) + " in " + accounts);
        }
    }

    private static List<String> concat(java.util.Collection<String> a, java.util.Collection<String> b) {
        return java.util.stream.Stream.concat(a.stream().sorted(), b.stream().sorted()).toList();
    }
}
