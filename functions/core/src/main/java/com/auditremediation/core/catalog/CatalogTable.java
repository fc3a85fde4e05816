package com.auditremediation.core.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The catalog as a table for people: Markdown for the README, aligned plain text for the terminal. */
public final class CatalogTable {

    private static final List<String> HEADINGS = List.of("Check", "Title", "Security Hub", "CIS v3.0.0", "Severity",
            "Reads", "Remediate mode calls");

    private CatalogTable() {
    }

    /** The README's table; {@code CatalogFilesTest} fails when the README's copy differs. */
    public static String markdown(CheckCatalog catalog) {
        StringBuilder out = new StringBuilder();
        out.append("| ").append(String.join(" | ", HEADINGS)).append(" |\n");
        out.append("|").append("---|".repeat(HEADINGS.size())).append("\n");
        for (CheckDescriptor check : catalog.descriptors()) {
            out.append("| ").append(String.join(" | ", cells(check, CatalogTable::code))).append(" |\n");
        }
        return out.toString();
    }

    /** Columns padded to their widest cell; the title column is left out, it makes lines too long for a terminal. */
    public static String text(CheckCatalog catalog) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(without(HEADINGS, 1));
        catalog.descriptors().forEach(check -> rows.add(without(cells(check, value -> value), 1)));
        int[] widths = new int[rows.get(0).size()];
        rows.forEach(row -> {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        });
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == 0 ? "" : "  ").append(String.format("%-" + widths[i] + "s", row.get(i)));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static List<String> cells(CheckDescriptor check, Function<String, String> code) {
        return List.of(
                code.apply(check.id()) + (check.regional() ? " (regional)" : ""),
                check.title(),
                check.controls().isEmpty() ? "-" : String.join(", ", check.controls()),
                check.cis().isEmpty() ? "-" : String.join(", ", check.cis()),
                check.severity().name(),
                String.join(", ", check.readActions().stream().map(code).toList()),
                check.fixActions().isEmpty() ? "none (audit only)" : String.join(", ", check.fixActions().stream().map(code).toList()));
    }

    private static String code(String value) {
        return "`" + value + "`";
    }

    private static List<String> without(List<String> row, int index) {
        List<String> copy = new ArrayList<>(row);
        copy.remove(index);
        return copy;
    }
}
