package com.auditremediation.core.report;

import com.auditremediation.core.Json;
import com.auditremediation.core.model.Report;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;

/** The report exactly as the execution's output has it, indented for people who open the file. */
public final class JsonReportFormat implements ReportFormat {

    @Override
    public String fileName() {
        return "report.json";
    }

    @Override
    public String contentType() {
        return "application/json";
    }

    @Override
    public byte[] render(Report report) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(report);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
