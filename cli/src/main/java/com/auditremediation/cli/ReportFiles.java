package com.auditremediation.cli;

import com.auditremediation.core.model.Report;
import com.auditremediation.core.report.JsonReportFormat;
import com.auditremediation.core.report.ReportFormat;
import com.auditremediation.core.report.ReportFormats;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** report.csv and report.html written beside a report.json, in the formats BuildReport uses, and their paths printed. */
final class ReportFiles {

    private ReportFiles() {
    }

    /** Every format but JSON (report.json is the execution's output, saved as it came) into {@code directory}. */
    static void writeBeside(Report report, Path directory, PrintWriter out) {
        for (ReportFormat format : ReportFormats.all()) {
            if (format instanceof JsonReportFormat) {
                continue;
            }
            Path file = save(directory.resolve(format.fileName()), format.render(report));
            out.println((format.fileName().endsWith(".html") ? "HTML report: " : "CSV report: ") + file);
        }
        out.flush();
    }

    /** Writes the file, creating its folder; a failure is exit code 3 with the path and the way out. */
    static Path save(Path file, byte[] content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, content);
            return file.toAbsolutePath().normalize();
        } catch (IOException e) {
            throw new CliException(ExitCodes.UNAVAILABLE, "cannot write " + file + " (" + e.getMessage() + "): choose another --out", e);
        }
    }
}
