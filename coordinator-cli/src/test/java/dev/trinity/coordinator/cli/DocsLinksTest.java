package dev.trinity.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Markdown of the repository stays whole: every link and every path it names inside the repository exists
 * (nothing points at the project's materials kept outside it), and every table has its header.
 */
class DocsLinksTest {

    private static final Path ROOT = BundledData.root();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");
    private static final Pattern CODE_PATH = Pattern.compile("`([A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+)`");
    /** First segments that name repository paths, or places outside it that docs must not send readers to. */
    private static final Set<String> REPOSITORY_ROOTS = Set.of("coordinator-core", "coordinator-cuda",
            "coordinator-cli", "docs", "examples", "priv", "tools", "shared", "spec", "seeds");

    private static List<Path> markdown() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> !ROOT.relativize(p).toString().contains("target/"))
                    .filter(p -> !ROOT.relativize(p).startsWith(".")).sorted().toList();
        }
    }

    /** Paths the build or a command creates (git-ignored), which docs may name before they exist. */
    private static List<String> ignored() throws IOException {
        return Files.readAllLines(ROOT.resolve(".gitignore")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).map(l -> l.startsWith("/") ? l.substring(1) : l)
                .toList();
    }

    @Test
    void every_link_and_repository_path_in_the_docs_exists() throws IOException {
        List<String> generated = ignored();
        List<String> missing = new ArrayList<>();
        for (Path file : markdown()) {
            String text = Files.readString(file);
            Matcher link = LINK.matcher(text);
            while (link.find()) {
                String target = link.group(1);
                if (!target.startsWith("http") && !Files.exists(file.getParent().resolve(target))) {
                    missing.add(ROOT.relativize(file) + " links to " + target);
                }
            }
            Matcher code = CODE_PATH.matcher(text);
            while (code.find()) {
                String path = code.group(1);
                if (REPOSITORY_ROOTS.contains(path.substring(0, path.indexOf('/'))) && !Files.exists(ROOT.resolve(path))
                        && !Files.exists(file.getParent().resolve(path))
                        && generated.stream().noneMatch(path::startsWith)) {
                    missing.add(ROOT.relativize(file) + " names " + path);
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void every_table_starts_with_a_header_and_its_separator() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path file : markdown()) {
            List<String> lines = Files.readAllLines(file);
            boolean inFence = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.startsWith("```")) {
                    inFence = !inFence;
                }
                boolean starts = line.startsWith("|") && (i == 0 || !lines.get(i - 1).strip().startsWith("|"));
                if (!inFence && starts && (i + 1 >= lines.size()
                        || !lines.get(i + 1).strip().matches("\\|( *:?-{3,}:? *\\|)+"))) {
                    broken.add(ROOT.relativize(file) + ":" + (i + 1) + " " + line);
                }
            }
        }
        assertThat(broken).isEmpty();
    }
}
