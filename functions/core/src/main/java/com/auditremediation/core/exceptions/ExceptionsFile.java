package com.auditremediation.core.exceptions;

import com.auditremediation.core.Inputs;
import com.auditremediation.core.Json;
import com.auditremediation.core.Validate;
import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.core.error.InvalidInputException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates the exceptions file (docs/exceptions.md): YAML ({@code .yaml}, {@code .yml}) or JSON
 * ({@code .json}), through the project's one mapper configuration ({@link Json#configure}): unknown keys and a key
 * twice in one object are refused, and so is a number where text belongs (an account id that YAML reads as a number
 * loses its leading zeros). Every problem is an {@link InvalidInputException} naming the entry and the field
 * ({@code exceptions[2].expires}) and saying what to write instead; the first one found is reported.
 *
 * <p>Refused: an unknown check or control id; an account id that is not 12 digits (or {@code "*"}); an OU id of the
 * wrong shape; a missing {@code accounts}/{@code organizationalUnits}, {@code checks}/{@code controls}, {@code reason},
 * {@code owner} or {@code expires}; an {@code expires} that is not a date or is more than {@value #MAX_DAYS_AHEAD} days
 * ahead; {@code regions} beside a check that is not regional; an entry that covers every account and every check; text
 * longer than Security Hub's note can carry. An entry whose {@code expires} has passed is valid: it no longer applies,
 * and the report lists it as expired.
 */
public final class ExceptionsFile {

    /** An exception is reviewed at least once a year. */
    public static final int MAX_DAYS_AHEAD = 366;
    /**
     * The longest reason, owner and ticket: with the entry's number and its expiry they make the finding's note, and
     * Security Hub's {@code Note.Text} takes at most 512 characters.
     */
    public static final int MAX_REASON = 300;
    public static final int MAX_OWNER = 100;
    public static final int MAX_TICKET = 100;
    /** The largest file read: far above hundreds of entries, far below what a Lambda's memory minds. */
    public static final int MAX_BYTES = 1024 * 1024;

    /** Where the template's ExceptionsKey points by default; every exceptions object lives under {@link #KEY_PREFIX}. */
    public static final String DEFAULT_KEY = "config/exceptions.yaml";
    /** ListAccounts may read only this prefix of the report bucket (least privilege): every exceptions key is under it. */
    public static final String KEY_PREFIX = "config/";

    static final String EVERY = "*";
    private static final Pattern KEY = Pattern.compile("config/[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*\\.(yaml|yml|json)");
    private static final Pattern ROOT_ID = Pattern.compile("r-[0-9a-z]{4,32}");
    private static final Inputs.Format YAML = new Inputs.Format("YAML", "exceptions: []", false);
    private static final Inputs.Format JSON = new Inputs.Format("JSON", "{\"exceptions\": []}", true);

    private final CheckCatalog catalog;
    private final String partition;

    /** Validates against {@code catalog}'s checks and controls and the regions of {@code partition}. */
    public ExceptionsFile(CheckCatalog catalog, String partition) {
        this.catalog = catalog;
        this.partition = partition;
    }

    /**
     * An S3 key of an exceptions object: under {@value #KEY_PREFIX}, of letters, digits, {@code . _ -} and {@code /}
     * between non-empty segments (no {@code ..}), ending in .yaml, .yml or .json; else INVALID_INPUT on {@code field}.
     */
    public static String validateKey(String field, String key) {
        if (key == null || key.length() > 1024 || !KEY.matcher(key).matches() || key.contains("..")) {
            throw new InvalidInputException(field, Validate.describe(key) + " is not an exceptions object's key; use a key under "
                    + KEY_PREFIX + " ending in .yaml, .yml or .json, for example \"" + DEFAULT_KEY + "\" (ListAccounts may read only "
                    + KEY_PREFIX + " in the report bucket)");
        }
        return key;
    }

    /** The YAML mapper, made only when a YAML file is read: the functions that never read one never load its classes. */
    private static final class YamlMapper {
        static final ObjectMapper MAPPER = Json.configure(YAMLMapper.builder()).build();
    }

    /**
     * The entries of the file {@code name} holding {@code bytes}, each validated as of {@code today} (UTC); expired ones
     * included (see {@link ValidatedEntry#expiredOn}).
     */
    public List<ValidatedEntry> read(String name, byte[] bytes, LocalDate today) {
        return validate(parse(name, bytes), today);
    }

    /** The file as written, its format from {@code name}'s extension; shape errors are INVALID_INPUT naming the field. */
    public static ExceptionsDocument parse(String name, byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new InvalidInputException("(file)", Validate.describe(name) + " holds " + bytes.length + " bytes, more than the "
                    + MAX_BYTES + " an exceptions file may; merge entries that share their reason and owner");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        ExceptionsDocument document;
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            document = Inputs.readDocument(bytes, ExceptionsDocument.class, YamlMapper.MAPPER, YAML);
        } else if (lower.endsWith(".json")) {
            document = Inputs.readDocument(bytes, ExceptionsDocument.class, Json.mapper(), JSON);
        } else {
            throw new InvalidInputException("(file)", Validate.describe(name) + " is neither YAML nor JSON by its name; name it"
                    + " .yaml, .yml or .json");
        }
        if (document.exceptions() == null) {
            throw new InvalidInputException("exceptions", "is missing; the file holds one key, exceptions, with a list of entries"
                    + " (exceptions: [] for none)");
        }
        return document;
    }

    /** Every entry of {@code document} validated as of {@code today}. */
    public List<ValidatedEntry> validate(ExceptionsDocument document, LocalDate today) {
        List<ValidatedEntry> entries = new ArrayList<>();
        for (int i = 0; i < document.exceptions().size(); i++) {
            entries.add(validate(i, document.exceptions().get(i), today));
        }
        return List.copyOf(entries);
    }

    private ValidatedEntry validate(int index, ExceptionEntry entry, LocalDate today) {
        String at = "exceptions[" + index + "]";
        if (entry == null) {
            throw new InvalidInputException(at, "is empty; an entry has accounts or organizationalUnits, checks or controls, reason,"
                    + " owner and expires");
        }
        Set<String> accounts = new LinkedHashSet<>();
        boolean everyAccount = false;
        if (entry.accounts() != null) {
            accounts.addAll(ids(at + ".accounts", entry.accounts(), "an account id such as \"123456789012\", or \"*\" for every account",
                    Validate::accountId));
            everyAccount = accounts.contains(EVERY);
            accounts.remove(EVERY);
        }
        Set<String> units = new LinkedHashSet<>();
        if (entry.organizationalUnits() != null) {
            units.addAll(Validate.parentIds(at + ".organizationalUnits", entry.organizationalUnits()));
            everyAccount |= units.stream().anyMatch(unit -> ROOT_ID.matcher(unit).matches());
        }
        if (entry.accounts() == null && entry.organizationalUnits() == null) {
            throw new InvalidInputException(at + ".accounts", "is missing; name the accounts the risk is accepted in: accounts (12-digit"
                    + " ids, or \"*\" for every account) and/or organizationalUnits (OU ids, covering every account beneath)");
        }

        List<String> checks = checks(at, entry);
        List<String> regions = entry.regions() == null ? null : Validate.regions(at + ".regions", entry.regions(), partition);
        if (regions != null) {
            List<String> global = (checks == null ? List.<String>of() : checks).stream()
                    .filter(id -> !catalog.get(id).regional()).toList();
            if (!global.isEmpty()) {
                throw new InvalidInputException(at + ".regions", "applies only to regional checks, and " + String.join(", ", global)
                        + (global.size() == 1 ? " is" : " are") + " not regional (one result per account); put "
                        + (global.size() == 1 ? "it" : "them") + " in an entry without regions");
            }
        }
        if (everyAccount && (checks == null || checks.containsAll(catalog.ids()))) {
            throw new InvalidInputException(at, "covers every account and every check, which would silence the whole sweep; name the"
                    + " accounts or OUs, or the checks, that the accepted risk is about (to leave a region out of the sweep, drop it"
                    + " from Regions or the template's DefaultRegions instead)");
        }

        String reason = text(at + ".reason", entry.reason(), MAX_REASON, true, "why the risk is accepted, for example \"sandbox:"
                + " no production data\"");
        String owner = text(at + ".owner", entry.owner(), MAX_OWNER, true, "who answers for it, for example a team's address");
        String ticket = text(at + ".ticket", entry.ticket(), MAX_TICKET, false, "");
        LocalDate expires = expires(at + ".expires", entry.expires(), today);
        return new ValidatedEntry(index, everyAccount, Set.copyOf(accounts), Set.copyOf(units), checks, regions, reason, owner, expires,
                ticket);
    }

    /** The checks an entry covers, in catalog order; null for {@code checks: ["*"]}. */
    private List<String> checks(String at, ExceptionEntry entry) {
        if (entry.checks() == null && entry.controls() == null) {
            throw new InvalidInputException(at + ".checks", "is missing; name what the risk is about: checks (check ids, or \"*\" for"
                    + " every check) and/or controls (Security Hub control ids such as \"GuardDuty.1\")");
        }
        Set<String> wanted = new LinkedHashSet<>();
        if (entry.checks() != null) {
            List<String> named = ids(at + ".checks", entry.checks(), "a check id, or \"*\" for every check", (field, value) -> {
                if (!catalog.find(value).isPresent()) {
                    throw new InvalidInputException(field, Validate.describe(value) + " is not a check; valid checks: "
                            + String.join(", ", catalog.ids()));
                }
                return value;
            });
            if (named.contains(EVERY)) {
                return null;
            }
            wanted.addAll(named);
        }
        if (entry.controls() != null) {
            wanted.addAll(catalog.idsForControls(catalog.validateControls(at + ".controls", entry.controls())));
        }
        return catalog.ids().stream().filter(wanted::contains).toList();
    }

    /**
     * A list of ids, each checked by {@code check} unless it is {@code "*"}, which must then stand alone; never empty,
     * never an id twice (both named by the element's index).
     */
    private static List<String> ids(String field, List<String> values, String example, IdCheck check) {
        if (values.isEmpty()) {
            throw new InvalidInputException(field, "is an empty list; give at least one: " + example);
        }
        List<String> ids = Validate.each(field, values, example, (element, value) -> {
            if (!EVERY.equals(value)) {
                check.accept(element, value);
            }
        });
        if (ids.contains(EVERY) && ids.size() > 1) {
            throw new InvalidInputException(field + "[" + ids.indexOf(EVERY) + "]", "\"*\" covers them all; remove the other values,"
                    + " or the \"*\"");
        }
        return ids;
    }

    @FunctionalInterface
    private interface IdCheck {
        String accept(String field, String value);
    }

    private static String text(String field, String value, int max, boolean required, String example) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new InvalidInputException(field, "is missing; every exception says " + example);
            }
            return null;
        }
        String text = value.strip();
        if (text.length() > max) {
            throw new InvalidInputException(field, "is " + text.length() + " characters, more than " + max + "; shorten it (the"
                    + " finding's note in Security Hub carries it, and takes at most 512 characters); link a ticket for the rest");
        }
        if (text.chars().anyMatch(c -> c < 0x20 && c != '\t' && c != '\n')) {
            throw new InvalidInputException(field, Validate.describe(text) + " holds a control character; write plain text");
        }
        return text.replaceAll("\\s+", " ");
    }

    private static LocalDate expires(String field, String value, LocalDate today) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "is missing; every exception expires: give its last day as YYYY-MM-DD, at most "
                    + MAX_DAYS_AHEAD + " days ahead, for example \"" + today.plusDays(90) + "\"");
        }
        LocalDate date;
        try {
            date = LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, Validate.describe(value) + " is not a date; write it as YYYY-MM-DD, for example \""
                    + today.plusDays(90) + "\"");
        }
        LocalDate latest = today.plusDays(MAX_DAYS_AHEAD);
        if (date.isAfter(latest)) {
            throw new InvalidInputException(field, "'" + date + "' is more than " + MAX_DAYS_AHEAD + " days ahead (today is " + today
                    + ", UTC); an accepted risk is reviewed at least once a year: set " + latest + " or earlier, and renew it then");
        }
        return date;
    }
}
