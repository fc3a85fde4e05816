package com.auditremediation.systemtests;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Markdown file as GitHub reads it, for what links need: the anchors its headings get and the links it holds.
 * Fenced code blocks and inline code hold neither.
 */
final class MarkdownDocument {

    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}#{1,6}[ \\t]+(.*?)(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)[\\s\\S]*?\\1");
    /** An inline link or image, {@code [text](target "title")}; its text may wrap onto the next line. */
    private static final Pattern INLINE_LINK = Pattern.compile("!?\\[([^\\]]*)\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern REFERENCE_DEFINITION = Pattern.compile("(?m)^ {0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s+.*)?$");
    private static final Pattern HTML_TAG = Pattern.compile("<[^>]+>");
    private static final Pattern UNDERSCORE_EMPHASIS = Pattern.compile("(?<![\\p{L}\\p{N}])_{1,2}(.+?)_{1,2}(?![\\p{L}\\p{N}])");
    /** What GitHub's slugger drops from a heading: everything but letters, marks, numbers, '_', '-' and spaces. */
    private static final Pattern NOT_IN_ANCHOR = Pattern.compile("[^\\p{L}\\p{M}\\p{N}\\p{Pc}\\- ]");

    /** One link as written, with the line it starts on. */
    record Link(String target, int line) {
    }

    private final List<String> headings = new ArrayList<>();
    private final List<Link> links = new ArrayList<>();

    private MarkdownDocument(String text) {
        List<String> lines = text.lines().toList();
        StringBuilder paragraph = new StringBuilder();
        int paragraphStart = 0;
        String fence = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher fenceMatch = FENCE.matcher(line);
            if (fence != null) {
                if (fenceMatch.find() && fenceMatch.group(1).charAt(0) == fence.charAt(0) && fenceMatch.group(1).length() >= fence.length()) {
                    fence = null;
                }
                continue;
            }
            if (fenceMatch.find()) {
                collectLinks(paragraph, paragraphStart);
                paragraph.setLength(0);
                fence = fenceMatch.group(1);
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                headings.add(heading.group(1));
            }
            if (line.isBlank() || heading.matches()) {
                collectLinks(paragraph, paragraphStart);
                paragraph.setLength(0);
                if (heading.matches()) {
                    collectLinks(new StringBuilder(line), i + 1);
                }
                continue;
            }
            if (paragraph.isEmpty()) {
                paragraphStart = i + 1;
            }
            paragraph.append(line).append('\n');
        }
        collectLinks(paragraph, paragraphStart);
    }

    static MarkdownDocument parse(String text) {
        return new MarkdownDocument(text);
    }

    /** The heading texts, in order, as written. */
    List<String> headings() {
        return List.copyOf(headings);
    }

    /** Every anchor the headings get on GitHub, a repeated one numbered ({@code -1}, {@code -2}, ...). */
    Set<String> anchors() {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String heading : headings) {
            String slug = slug(heading);
            int count = seen.merge(slug, 1, Integer::sum) - 1;
            anchors.add(count == 0 ? slug : slug + "-" + count);
        }
        return anchors;
    }

    /** Every link target outside code, with its line. */
    List<Link> links() {
        return List.copyOf(links);
    }

    /** GitHub's anchor for a heading: its text as shown, lower-case, punctuation dropped, each space a '-'. */
    static String slug(String heading) {
        String shown = CODE_SPAN.matcher(heading).replaceAll(match -> Matcher.quoteReplacement(
                match.group().substring(match.group(1).length(), match.group().length() - match.group(1).length())));
        shown = INLINE_LINK.matcher(shown).replaceAll(match -> Matcher.quoteReplacement(match.group(1)));
        shown = HTML_TAG.matcher(shown).replaceAll("");
        shown = UNDERSCORE_EMPHASIS.matcher(shown).replaceAll(match -> Matcher.quoteReplacement(match.group(1)));
        return NOT_IN_ANCHOR.matcher(shown.strip().toLowerCase(Locale.ROOT)).replaceAll("").replace(' ', '-');
    }

    private void collectLinks(CharSequence block, int firstLine) {
        String text = block.toString();
        String withoutCode = CODE_SPAN.matcher(text).replaceAll(match -> "\n".repeat(newlines(match.group())));
        for (Pattern pattern : List.of(INLINE_LINK, REFERENCE_DEFINITION)) {
            Matcher link = pattern.matcher(withoutCode);
            while (link.find()) {
                String target = pattern == INLINE_LINK ? link.group(2) : link.group(1);
                links.add(new Link(target, firstLine + newlines(withoutCode.substring(0, link.start()))));
            }
        }
    }

    private static int newlines(String text) {
        return (int) text.chars().filter(c -> c == '\n').count();
    }
}
