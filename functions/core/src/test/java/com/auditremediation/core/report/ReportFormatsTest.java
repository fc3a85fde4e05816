package com.auditremediation.core.report;

import com.auditremediation.core.Json;
import com.auditremediation.core.model.Report;
import java.io.IOException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportFormatsTest {

    @Test
    void jsonCsvAndHtmlInThatOrder() {
        assertThat(ReportFormats.all()).extracting(ReportFormat::fileName).containsExactly("report.json", "report.csv", "report.html");
        assertThat(ReportFormats.all()).extracting(ReportFormat::contentType)
                .containsExactly("application/json", "text/csv; charset=utf-8; header=present", "text/html; charset=utf-8");
    }

    @Test
    void theJsonFileReadsBackAsTheSameReport() throws IOException {
        Report report = SampleReports.truncated();

        Report read = Json.mapper().readValue(ReportFormats.all().get(0).render(report), Report.class);

        assertThat(read).isEqualTo(report);
    }
}
