package dev.trinity.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every documented command that uses only bundled data, so the docs cannot rot.
 *
 * <p>Convention: inside a fenced {@code console} block of {@code README.md} or {@code docs/*.md}, each line that
 * starts with {@code $ coordinator } is run in-process with {@link CoordinatorCli#execute} and must exit 0. Commands
 * that need the network, a GPU, the real model or the reader's own files go in {@code bash} blocks, which are not
 * run. Arguments are split on spaces, with double quotes grouping; an argument naming an existing path below the
 * repository root is made absolute (tests run in the module folder).
 */
class DocsCommandsTest {

    static final Path ROOT = BundledData.root();

    /** One runnable command and where it is written. */
    record DocCommand(Path file, int line, List<String> args) {
        @Override
        public String toString() {
            return ROOT.relativize(file) + ":" + line + " coordinator " + String.join(" ", args);
        }
    }

    static List<Path> documents() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        try (Stream<Path> fixtures = Files.list(ROOT.resolve("examples/fixtures"))) {
            fixtures.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    /** The runnable commands of one Markdown text. */
    static List<DocCommand> commands(Path file, List<String> lines) {
        List<DocCommand> found = new ArrayList<>();
        boolean console = false;
        boolean inFence = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("```")) {
                console = !inFence && line.substring(3).strip().equals("console");
                inFence = !inFence;
                continue;
            }
            if (console && line.startsWith("$ coordinator ")) {
                found.add(new DocCommand(file, i + 1, split(line.substring("$ coordinator ".length()))));
            }
        }
        return found;
    }

    /** Splits on spaces; double quotes group; a trailing backslash continuation is not supported. */
    static List<String> split(String command) {
        if (command.endsWith("\\")) {
            throw new IllegalArgumentException("runnable doc commands must fit on one line: " + command);
        }
        List<String> args = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : command.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any) {
                    args.add(current.toString());
                }
                current.setLength(0);
                any = false;
            } else {
                current.append(c);
                any = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unbalanced quote in doc command: " + command);
        }
        if (any) {
            args.add(current.toString());
        }
        return args.stream().map(DocsCommandsTest::absolute).toList();
    }

    private static String absolute(String arg) {
        if (arg.startsWith("-") || arg.isEmpty()) {
            return arg;
        }
        Path candidate = ROOT.resolve(arg);
        return Files.exists(candidate) ? candidate.toString() : arg;
    }

    @TestFactory
    Stream<DynamicTest> every_runnable_command_in_the_docs_exits_0() throws IOException {
        List<DocCommand> all = new ArrayList<>();
        for (Path file : documents()) {
            all.addAll(commands(file, Files.readAllLines(file)));
        }
        // guards the extractor itself: operations.md has three runnable commands, the fixtures README one
        assertThat(all).as("runnable doc commands").hasSizeGreaterThanOrEqualTo(4);
        return all.stream().map(command -> DynamicTest.dynamicTest(command.toString(), () -> {
            CliRun run = CliRun.of(command.args().toArray(String[]::new));
            assertThat(run.exitCode()).as(command + "\nstdout:\n" + run.out() + "\nstderr:\n" + run.err())
                    .isZero();
        }));
    }

    @Test
    void only_dollar_coordinator_lines_of_console_blocks_are_runnable() {
        List<String> markdown = List.of(
                "```console",
                "$ coordinator prompt-eval --list-cases --cases \"a b.json\"",
                "coordinator: output lines are not commands",
                "```",
                "```bash",
                "$ coordinator artifact fetch",
                "```",
                "$ coordinator outside-a-fence",
                "```console",
                "  $ coordinator prompt-eval --help",
                "```");
        List<DocCommand> found = commands(Path.of("x.md"), markdown);
        assertThat(found).extracting(DocCommand::args).containsExactly(
                List.of("prompt-eval", "--list-cases", "--cases", "a b.json"), List.of("prompt-eval", "--help"));
        assertThat(found).extracting(DocCommand::line).containsExactly(2, 10);
        assertThatThrownBy(() -> split("prompt-eval \\")).hasMessageContaining("one line");
        assertThatThrownBy(() -> split("prompt-eval \"x")).hasMessageContaining("unbalanced quote");
    }
}
