package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.CheckFailures;
import com.auditremediation.core.model.CheckResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.ReportStateType;

/**
 * The IAM credential report of one account, read once and shared by the checks that need it (unused credentials
 * today; access-key rotation and the root account's MFA next): one row per IAM user and, on AWS, one for the root
 * user ({@value #ROOT_USER}; moto's report has none). Reading it needs {@code iam:GenerateCredentialReport} and
 * {@code iam:GetCredentialReport}. Immutable once read, so the checks running side by side can share it
 * ({@link #of(CheckContext)}).
 */
public final class IamCredentialReport {

    /** The user column of the root user's row. */
    public static final String ROOT_USER = "<root_account>";
    /** How often GenerateCredentialReport is asked, waiting 0.25 s, then 0.5 s, 1 s and 2 s between: about 20 s. */
    private static final int ATTEMPTS = 12;
    private static final Duration WAIT = Duration.ofSeconds(2);

    private final List<Row> rows;

    private IamCredentialReport(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    /**
     * The report of the context's account, read by the first check that asks for it; the checks that ask while it is
     * read wait for it rather than ask IAM again. What reading it throws is thrown to each of them.
     */
    public static Optional<IamCredentialReport> of(CheckContext context) {
        return context.shared(IamCredentialReport.class.getName(),
                () -> fetch(context.client(IamClient.builder(), context.homeRegion())));
    }

    /**
     * The account's report for the check {@code checkId} ({@link #of}), or the check's ERROR result when it could not
     * be read or was not ready; a transient failure is thrown, so that the state machine retries the account.
     */
    public static Reading read(CheckContext context, String checkId) {
        Optional<IamCredentialReport> report;
        try {
            report = of(context);
        } catch (SdkException e) {
            return new Reading(null, CheckFailures.errorOrThrow(checkId, null, "could not read the credential report", e, null));
        }
        return report.map(found -> new Reading(found, null)).orElseGet(() -> new Reading(null, CheckResult.error(checkId, null,
                "the IAM credential report was not ready after about 20 s; the next sweep will find it ready")));
    }

    /** The report, or (when {@code report} is null) the ERROR result that stands for it. */
    public record Reading(IamCredentialReport report, CheckResult error) {
    }

    /**
     * The account's report, or empty when IAM has not finished it after {@link #ATTEMPTS} tries.
     * GenerateCredentialReport starts a report unless one less than four hours old exists; a small account's takes a
     * second or two.
     */
    public static Optional<IamCredentialReport> fetch(IamClient iam) {
        for (int attempt = 1; iam.generateCredentialReport().state() != ReportStateType.COMPLETE; attempt++) {
            if (attempt >= ATTEMPTS) {
                return Optional.empty();
            }
            try {
                Thread.sleep(Math.min(WAIT.toMillis(), 125L << attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the credential report", e);
            }
        }
        return Optional.of(parse(iam.getCredentialReport().content().asString(StandardCharsets.UTF_8)));
    }

    /** The report from its CSV text: the first line names the columns. */
    public static IamCredentialReport parse(String csv) {
        List<List<String>> lines = csv(csv);
        List<Row> rows = new ArrayList<>();
        if (lines.isEmpty()) {
            return new IamCredentialReport(rows);
        }
        List<String> header = lines.get(0);
        for (List<String> line : lines.subList(1, lines.size())) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size() && i < line.size(); i++) {
                row.put(header.get(i), line.get(i));
            }
            rows.add(new Row(row));
        }
        return new IamCredentialReport(rows);
    }

    /** The IAM users' rows, in the report's order; the root user's row is not one of them. */
    public List<Row> users() {
        return rows.stream().filter(row -> row.user() != null && !ROOT_USER.equals(row.user())).toList();
    }

    /** The root user's row; AWS's report always has one. */
    public Optional<Row> root() {
        return rows.stream().filter(row -> ROOT_USER.equals(row.user())).findFirst();
    }

    /** RFC 4180 CSV: user names may hold a comma (IAM allows +=,.@_-), which the report then quotes. */
    static List<List<String>> csv(String text) {
        List<List<String>> lines = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                fields.add(field.toString());
                field.setLength(0);
                lines.add(fields);
                fields = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !fields.isEmpty()) {
            fields.add(field.toString());
            lines.add(fields);
        }
        return lines;
    }

    /** One line of the report, by column name (for example {@code password_enabled}, {@code access_key_1_active}). */
    public record Row(Map<String, String> columns) {

        public Row {
            columns = Map.copyOf(columns);
        }

        public String user() {
            return columns.get("user");
        }

        /** The column's value, or null when the report has no such column. */
        public String get(String column) {
            return columns.get(column);
        }

        /** True when the column says {@code true}. */
        public boolean isTrue(String column) {
            return "true".equals(columns.get(column));
        }

        /** The column's date, or null where it holds none ("N/A", "no_information", "not_supported"). */
        public Instant date(String column) {
            String value = columns.get(column);
            if (value == null || value.isEmpty() || !Character.isDigit(value.charAt(0))) {
                return null;
            }
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }

        /** The first of {@code columns} that holds a date, or null. */
        public Instant firstDate(String... columns) {
            for (String column : columns) {
                Instant date = date(column);
                if (date != null) {
                    return date;
                }
            }
            return null;
        }
    }
}
