package com.auditremediation.buildreport;

import com.auditremediation.core.Json;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.Report;
import com.auditremediation.core.model.ReportRow;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Fits a whole report into a state's output: when its JSON would pass the byte budget, succeeded rows are left out
 * first, then the before/after evidence of the checks kept, then skipped and failed rows from the end (failures come
 * first in the row order, so as many failures as possible are kept), and the per-account list of changes since the
 * previous sweep. The summary, the counts (the changes' too) and the approval's plan and outcome are always kept; the note says what was left out and where the whole report is.
 */
final class ReportFitter {

    /** Step Functions' limit on a state's input and output, in bytes of UTF-8 JSON. */
    static final int STATE_PAYLOAD_LIMIT = 262_144;

    /** What the report may use of that limit; the rest is headroom for Step Functions' own serialisation. */
    static final int DEFAULT_BYTE_BUDGET = 240_000;

    private final int byteBudget;

    ReportFitter(int byteBudget) {
        if (byteBudget <= 0 || byteBudget > STATE_PAYLOAD_LIMIT) {
            throw new IllegalArgumentException("byteBudget must be between 1 and " + STATE_PAYLOAD_LIMIT + ", was " + byteBudget);
        }
        this.byteBudget = byteBudget;
    }

    /** The report as it goes out, and its size in bytes. */
    record Fitted(Report report, int bytes) {
    }

    /** {@code full} as it is when it fits; else shortened. {@code anomalies} (may be null) stays in the note. */
    Fitted fit(Report full, String anomalies, String fullReportUri) {
        int fullBytes = bytes(full);
        if (fullBytes <= byteBudget) {
            return new Fitted(full, fullBytes);
        }
        if (full.changes() != null && full.changes().accounts() != null) {
            // The per-account list of changes goes first: every row is worth more than it, and its counts stay.
            String where = fullReportUri != null ? " (in " + fullReportUri + ")" : "";
            full = full.withChanges(full.changes().withoutAccounts()).withNote(sentences(full.note(), "What changed since the previous sweep is"
                    + " counted here; the whole report lists it per account" + where + "."));
            int lighterBytes = bytes(full);
            if (lighterBytes <= byteBudget) {
                return new Fitted(full, lighterBytes);
            }
        }
        List<ReportRow> kept = full.accounts().stream().filter(row -> row.status() != AccountStatus.SUCCEEDED).toList();
        int succeededLeftOut = full.accounts().size() - kept.size();

        Report candidate = truncated(full, kept, succeededLeftOut, 0, false, anomalies, fullReportUri);
        int candidateBytes = bytes(candidate);
        if (candidateBytes <= byteBudget) {
            return new Fitted(candidate, candidateBytes);
        }
        List<ReportRow> bare = kept.stream().map(ReportRow::withoutEvidence).toList();
        candidate = truncated(full, bare, succeededLeftOut, 0, true, anomalies, fullReportUri);
        candidateBytes = bytes(candidate);
        if (candidateBytes <= byteBudget) {
            return new Fitted(candidate, candidateBytes);
        }
        int low = 0;
        int high = bare.size() - 1;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (bytes(truncated(full, bare.subList(0, middle), succeededLeftOut, bare.size() - middle, true, anomalies, fullReportUri)) <= byteBudget) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        candidate = truncated(full, bare.subList(0, low), succeededLeftOut, bare.size() - low, true, anomalies, fullReportUri);
        return new Fitted(candidate, bytes(candidate));
    }

    private static Report truncated(Report full, List<ReportRow> rows, int succeededLeftOut, int othersLeftOut,
                                    boolean evidenceLeftOut, String anomalies, String fullReportUri) {
        StringBuilder note = new StringBuilder("The full report did not fit the 256 KiB state output:");
        if (succeededLeftOut > 0) {
            note.append(' ').append(succeededLeftOut).append(" succeeded rows");
            if (othersLeftOut > 0) {
                note.append(" (and ").append(othersLeftOut).append(" failed or skipped rows)");
            }
            note.append(" are left out.");
        } else if (othersLeftOut > 0) {
            note.append(' ').append(othersLeftOut).append(" failed or skipped rows are left out.");
        }
        if (evidenceLeftOut) {
            note.append(" The before/after evidence of the checks is left out of the rows kept.");
        }
        if (fullReportUri != null) {
            note.append(" The whole report, every account with its evidence, is in ").append(fullReportUri).append('.');
        } else {
            note.append(" Every account is in the CheckAccount results of this execution's Map state (execution history);"
                    + " no whole copy was written to S3 (no report bucket is configured, or see deliveryWarnings).");
        }
        if (full.changes() != null && full.changes().madeComparison()) {
            note.append(" What changed since the previous sweep is counted here; the whole report lists it per account.");
        }
        if (anomalies != null) {
            note.append(' ').append(anomalies);
        }
        return full.truncatedTo(rows, note.toString());
    }

    private static String sentences(String first, String second) {
        return first == null || first.isBlank() ? second : first + " " + second;
    }

    static int bytes(Object value) {
        try {
            return Json.mapper().writeValueAsBytes(value).length;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
