package com.auditremediation.core.report;

import com.auditremediation.core.model.Report;

/** One way of writing a report to a file: its name (report.json, report.csv, report.html), media type and content. */
public interface ReportFormat {

    /** The file name under a report's folder, for example {@code report.csv}. */
    String fileName();

    /** The media type stored with the file, for example {@code text/csv; charset=utf-8}. */
    String contentType();

    /** The file's content, UTF-8. */
    byte[] render(Report report);
}
