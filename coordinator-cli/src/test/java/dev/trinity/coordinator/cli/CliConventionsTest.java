package dev.trinity.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trinity.coordinator.bundled.BundledData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Conventions every command keeps: version flags, one-line failures, the same wording for the same mistake. */
class CliConventionsTest {

    /** Every command path, for example {@code [artifact, fetch]}. */
    private static List<List<String>> commandPaths(CommandLine command, List<String> prefix) {
        List<List<String>> paths = new ArrayList<>();
        for (CommandLine sub : command.getSubcommands().values()) {
            if (sub.getCommandName().equals("help")) {
                continue;
            }
            List<String> path = new ArrayList<>(prefix);
            path.add(sub.getCommandName());
            paths.add(path);
            paths.addAll(commandPaths(sub, path));
        }
        return paths;
    }

    @Test
    void every_subcommand_prints_the_version_with_dash_v_and_dash_dash_version() {
        List<List<String>> paths = commandPaths(new CommandLine(new CoordinatorCli()), List.of());
        assertThat(paths).extracting(p -> String.join(" ", p)).contains("run", "route", "artifact fetch",
                "model fetch", "env-check", "prompt-eval");
        for (List<String> path : paths) {
            for (String flag : List.of("-V", "--version")) {
                List<String> args = new ArrayList<>(path);
                args.add(flag);
                CliRun run = CliRun.of(args.toArray(String[]::new));
                assertThat(run.exitCode()).as(args.toString()).isZero();
                assertThat(run.out()).as(args.toString()).startsWith("coordinator ")
                        .contains("java " + System.getProperty("java.version"));
            }
        }
    }

    /** A run that shows progress (SVF steps) and then fails: fp16 is refused on the CPU after the SVF work. */
    private static CliRun failingAfterProgress() {
        return CliRun.of("route", "--prompt", "hi", "--model-dir", BundledData.resolve("priv/qwen3-tiny").toString(),
                "--router-vector", BundledData.resolve("priv/qwen3-tiny-svf/router_vector.safetensors").toString(),
                "--device", "cpu", "--dtype", "fp16");
    }

    @Test
    void progress_is_plain_lines_when_stderr_is_not_a_terminal_and_the_failure_is_a_line_of_its_own() {
        CliRun run = failingAfterProgress();

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).doesNotContain("\r").contains("SVF 1/8 ").contains("SVF 8/8 ");
        assertThat(run.err().lines()).filteredOn(l -> l.startsWith("SVF ")).hasSize(8);
        assertThat(run.lastErrLine()).startsWith("coordinator route: ").contains("fp16");
    }

    @Test
    void on_a_terminal_progress_is_rewritten_in_place_and_a_failure_starts_a_new_line() {
        System.setProperty(StatusLine.TTY_PROPERTY, "true");
        try {
            CliRun run = failingAfterProgress();

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("\r\033[KSVF 2/8 ");
            String[] lines = run.err().split("\n");
            assertThat(lines[lines.length - 1]).startsWith("coordinator route: ").contains("fp16");
        } finally {
            System.clearProperty(StatusLine.TTY_PROPERTY);
        }
    }
}
