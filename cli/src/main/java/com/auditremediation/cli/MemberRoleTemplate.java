package com.auditremediation.cli;

import com.auditremediation.core.Json;
import com.auditremediation.core.catalog.CheckCatalog;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * member-role.yaml's two policy documents, written from the check catalog exactly as {@code policy --mode remediate}
 * and {@code policy --mode audit} print them, between the template's marker comments. The JSON goes in as it is: YAML
 * reads a JSON object as a flow mapping, so the template shows the same text that {@code policy} prints.
 */
final class MemberRoleTemplate {

    static final String FILE = "member-role.yaml";
    /** What the lead runs after the catalog changed (new checks): MemberRoleTemplateTest fails until then. */
    static final String REGENERATE = "bin/audit-remediation policy --update-member-role member-role.yaml";

    private static final Pattern BLOCK = Pattern.compile(
            "(?ms)^( *)# policy --mode (audit|remediate): start\\n.*?^ *# policy --mode \\2: end$");

    private MemberRoleTemplate() {
    }

    /** {@code template} with both documents written from {@code catalog}; fails if a marker pair is missing. */
    static String render(String template, CheckCatalog catalog) {
        Matcher matcher = BLOCK.matcher(template);
        StringBuilder out = new StringBuilder();
        int blocks = 0;
        while (matcher.find()) {
            String indent = matcher.group(1);
            String mode = matcher.group(2);
            Object document = PolicyCommand.document(catalog, catalog.ids(), mode.equals("remediate"), true);
            StringBuilder block = new StringBuilder(indent).append("# policy --mode ").append(mode).append(": start\n");
            String[] lines = Json.writePretty(document).split("\n");
            block.append(indent).append("- ").append(lines[0]).append('\n');
            for (int i = 1; i < lines.length; i++) {
                block.append(indent).append("  ").append(lines[i]).append('\n');
            }
            block.append(indent).append("# policy --mode ").append(mode).append(": end");
            matcher.appendReplacement(out, Matcher.quoteReplacement(block.toString()));
            blocks++;
        }
        matcher.appendTail(out);
        if (blocks != 2) {
            throw new IllegalArgumentException("expected the markers '# policy --mode remediate: start/end' and '# policy --mode audit:"
                    + " start/end' in " + FILE + ", found " + blocks + " marked blocks");
        }
        return out.toString();
    }
}
