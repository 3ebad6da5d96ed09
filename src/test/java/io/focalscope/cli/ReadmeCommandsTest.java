package io.focalscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The README and docs/ in step with the command line, and every relative link in them leading somewhere. */
class ReadmeCommandsTest {

    private static final Path README = Path.of("README.md");
    private static final Path DOCS = Path.of("docs");
    /** A command's row in the README's table under "## Commands": {@code | `name` | what it does |}. */
    private static final Pattern COMMAND_ROW = Pattern.compile("^\\|\\s*`([a-z][a-z-]*)`\\s*\\|");
    /** A Markdown link or image target, up to its closing bracket (none of ours holds a space or ')'). */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");

    /** The commands focalscope registers, but {@code help}, which picocli adds. */
    private static Set<String> registered() {
        Set<String> names = new TreeSet<>(FocalscopeCli.commandLine().getSubcommands().keySet());
        names.remove("help");
        return names;
    }

    @Test
    void readmeListsExactlyTheRegisteredCommands() throws IOException {
        List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
        int heading = lines.indexOf("## Commands");
        assertTrue(heading >= 0, "README.md has no heading '## Commands'");
        List<String> listed = new ArrayList<>();
        for (String line : lines.subList(heading + 1, lines.size())) {
            if (line.startsWith("#")) {
                break;
            }
            Matcher row = COMMAND_ROW.matcher(line);
            if (row.find()) {
                listed.add(row.group(1));
            }
        }
        assertEquals(listed.size(), new HashSet<>(listed).size(), "a command listed twice in README.md: " + listed);
        assertEquals(registered(), new TreeSet<>(listed),
                "README.md's table under '## Commands' against the subcommands FocalscopeCli registers");
    }

    @Test
    void commandLinePageShowsEveryCommand() throws IOException {
        String page = Files.readString(DOCS.resolve("command-line.md"), StandardCharsets.UTF_8);
        for (String command : registered()) {
            assertTrue(Pattern.compile("(?m)^focalscope " + Pattern.quote(command) + "\\b").matcher(page).find(),
                    "docs/command-line.md shows no 'focalscope " + command + "' line");
        }
    }

    @Test
    void everyRelativeLinkLeadsToAFileAndHeading() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(README));
        try (Stream<Path> docs = Files.list(DOCS)) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path page : pages) {
            for (String target : relativeLinks(page)) {
                links++;
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                Path to = file.isEmpty() ? page : page.toAbsolutePath().getParent().resolve(file).normalize();
                if (!Files.exists(to)) {
                    broken.add(page + ": " + target + " (no such file)");
                } else if (anchor != null && to.toString().endsWith(".md") && !anchors(to).contains(anchor)) {
                    broken.add(page + ": " + target + " (no such heading in " + to.getFileName() + ")");
                }
            }
        }
        assertTrue(links > 20, "found only " + links + " links: the pattern no longer matches them");
        assertEquals(List.of(), broken, "broken links");
    }

    /** The relative targets of a page's links and images, outside code blocks and code spans. */
    static List<String> relativeLinks(Path page) throws IOException {
        List<String> targets = new ArrayList<>();
        boolean fence = false;
        for (String line : Files.readAllLines(page, StandardCharsets.UTF_8)) {
            if (line.strip().startsWith("```")) {
                fence = !fence;
                continue;
            }
            if (fence) {
                continue;
            }
            Matcher link = LINK.matcher(CODE_SPAN.matcher(line).replaceAll("code"));
            while (link.find()) {
                String target = link.group(1);
                if (!target.matches("^[a-zA-Z][a-zA-Z+.-]*:.*")) { // http:, https:, mailto: are not ours to check
                    targets.add(target);
                }
            }
        }
        return targets;
    }

    /** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as '-', repeats numbered. */
    static Set<String> anchors(Path page) throws IOException {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fence = false;
        for (String line : Files.readAllLines(page, StandardCharsets.UTF_8)) {
            if (line.strip().startsWith("```")) {
                fence = !fence;
            }
            if (fence || !line.matches("^#{1,6} .*")) {
                continue;
            }
            String slug = line.replaceFirst("^#+ ", "").strip().toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{M}\\p{Nd}\\p{Pc}\\- ]", "").replace(' ', '-');
            int n = seen.merge(slug, 1, Integer::sum);
            anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
        }
        return anchors;
    }

    @Test
    void anchorsAreGitHubs() throws IOException {
        Path page = Files.createTempFile("anchors", ".md");
        try {
            Files.writeString(page, "# Calibration: `--calibration`\n## Start-up\n```\n# not a heading\n```\n## Start-up\n");
            assertEquals(Set.of("calibration---calibration", "start-up", "start-up-1"), anchors(page));
            assertFalse(anchors(page).contains("not-a-heading"));
        } finally {
            Files.delete(page);
        }
    }
}
