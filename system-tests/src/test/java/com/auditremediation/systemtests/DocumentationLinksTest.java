package com.auditremediation.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every relative link in README.md and docs/ leads somewhere: the file or folder exists in the checkout, and an anchor
 * names a heading of the Markdown file it points into, as GitHub makes anchors. External links are not followed.
 */
class DocumentationLinksTest {

    private static final Pattern EXTERNAL = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*");

    @Test
    void everyRelativeLinkOfTheDocumentationResolves() {
        List<Path> documents = documents(ProjectFiles.ROOT);
        Links links = new Links(ProjectFiles.ROOT);

        documents.forEach(links::check);

        assertThat(documents).as("README.md and the pages under docs/")
                .contains(ProjectFiles.ROOT.resolve("README.md"), ProjectFiles.ROOT.resolve("docs/cold-start.md"));
        assertThat(links.broken).as("broken links (file:line: target: why)").isEmpty();
        assertThat(links.checked).as("relative links followed, so that a reader finding none cannot pass").isGreaterThan(50);
    }

    @Test
    void aMissingFileOrAnchorIsReportedWithItsLine(@TempDir Path checkout) throws IOException {
        Files.createDirectories(checkout.resolve("docs"));
        Files.writeString(checkout.resolve("README.md"), """
                # Tool

                ## Report (the execution's output)

                See [the page](docs/page.md#report-csv), [gone](docs/gone.md), [here](#report-the-executions-output)
                and [a wrapped
                link](#nowhere).

                ```bash
                echo "[not a link](missing.md)"
                ```
                """);
        Files.writeString(checkout.resolve("docs/page.md"), "# Page\n\n## report.csv\n\n[back](../README.md#tool) `[code](missing.md)`\n");
        Links links = new Links(checkout);

        documents(checkout).forEach(links::check);

        assertThat(links.broken).containsExactly(
                "README.md:5: docs/page.md#report-csv: no heading of docs/page.md has the anchor report-csv (its anchors: page, reportcsv)",
                "README.md:5: docs/gone.md: no such file",
                "README.md:6: #nowhere: no heading of README.md has the anchor nowhere (its anchors: tool, report-the-executions-output)");
        assertThat(links.checked).isEqualTo(5);
    }

    @Test
    void anchorsAreMadeAsGitHubMakesThem() {
        MarkdownDocument document = MarkdownDocument.parse("""
                # audit-remediation
                ## Security Hub: findings out, and runs started by a failed control
                ### Report (the execution's output)
                ### report.csv
                ### Runtime: `java21`
                ## The path Lambda runs: AWS's runtime interface client
                ## Limits
                ## Limits
                ## [Linked](x.md) _emphasis_ and snake_case
                """);

        assertThat(document.anchors()).containsExactly("audit-remediation",
                "security-hub-findings-out-and-runs-started-by-a-failed-control", "report-the-executions-output", "reportcsv",
                "runtime-java21", "the-path-lambda-runs-awss-runtime-interface-client", "limits", "limits-1",
                "linked-emphasis-and-snake_case");
    }

    private static List<Path> documents(Path root) {
        List<Path> documents = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> pages = Files.walk(root.resolve("docs"))) {
            pages.filter(path -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    /** Follows the links of one document after another, keeping what is broken. */
    private static final class Links {
        private final Path root;
        private final Map<Path, MarkdownDocument> parsed = new HashMap<>();
        private final List<String> broken = new ArrayList<>();
        private int checked;

        Links(Path root) {
            this.root = root;
        }

        void check(Path document) {
            for (MarkdownDocument.Link link : read(document).links()) {
                if (EXTERNAL.matcher(link.target()).matches()) {
                    continue;
                }
                checked++;
                String problem = problem(document, link.target());
                if (problem != null) {
                    broken.add(root.relativize(document) + ":" + link.line() + ": " + link.target() + ": " + problem);
                }
            }
        }

        private String problem(Path document, String target) {
            int hash = target.indexOf('#');
            String file = URLDecoder.decode(hash < 0 ? target : target.substring(0, hash), StandardCharsets.UTF_8);
            String anchor = hash < 0 ? null : target.substring(hash + 1);
            Path resolved = file.isEmpty() ? document : document.getParent().resolve(file).normalize();
            if (!resolved.startsWith(root)) {
                return "leads out of the checkout";
            }
            if (!Files.exists(resolved)) {
                return "no such file";
            }
            if (anchor == null) {
                return null;
            }
            if (!resolved.toString().endsWith(".md")) {
                return "an anchor into a file that is not Markdown cannot be checked";
            }
            List<String> anchors = List.copyOf(read(resolved).anchors());
            return anchors.contains(anchor) ? null : "no heading of " + root.relativize(resolved) + " has the anchor " + anchor
                    + " (its anchors: " + String.join(", ", anchors) + ")";
        }

        private MarkdownDocument read(Path document) {
            return parsed.computeIfAbsent(document, path -> MarkdownDocument.parse(ProjectFiles.read(path)));
        }
    }
}
