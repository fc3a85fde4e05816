package com.auditremediation.core.report;

import java.util.List;

/** Every format a report is written in, in the order they are written: JSON (the contract), CSV, HTML. */
public final class ReportFormats {

    private static final List<ReportFormat> ALL = List.of(new JsonReportFormat(), new CsvReportFormat(), new HtmlReportFormat());

    private ReportFormats() {
    }

    /** report.json, report.csv and report.html's formats, in that order. */
    public static List<ReportFormat> all() {
        return ALL;
    }
}
