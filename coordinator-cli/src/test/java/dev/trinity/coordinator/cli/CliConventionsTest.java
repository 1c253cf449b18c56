package dev.trinity.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trinity.coordinator.djl.CudaErrors;
import dev.trinity.coordinator.djl.CudaException;
import dev.trinity.coordinator.djl.DjlRuntime;
import dev.trinity.coordinator.safetensors.SafetensorsFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Conventions every command keeps: version flags, one-line failures, the same wording for the same mistake. */
class CliConventionsTest {

    private static final String TINY_MODEL = BundledData.resolve("priv/qwen3-tiny").toString();

    @TempDir
    Path dir;

    /** The commands that read a conversation with {@code --messages}. */
    private static final List<String> MESSAGE_COMMANDS = List.of("route", "run", "extract");

    /** Runs a {@code --messages} command offline (run on the mock pool, extract on the tiny model). */
    private static CliRun withMessages(String command, Path messages) {
        List<String> args = new ArrayList<>(List.of(command, "--messages", messages.toString()));
        if (command.equals("run")) {
            args.add("--mock");
        }
        if (command.equals("extract")) {
            args.addAll(List.of("--model-dir", TINY_MODEL));
        }
        return CliRun.of(args.toArray(String[]::new));
    }

    /** Checks a usage error: exit 2, one line on stderr, the expected text after the command prefix. */
    private static void assertUsage(CliRun run, String command, String message) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
        assertThat(run.lastErrLine()).isEqualTo("coordinator " + command + ": " + message);
    }

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

    @Test
    void every_commands_summary_in_the_command_list_is_a_whole_sentence() {
        CommandLine root = new CommandLine(new CoordinatorCli());
        List<CommandLine> commands = new ArrayList<>();
        for (List<String> path : commandPaths(root, List.of())) {
            CommandLine command = root;
            for (String name : path) {
                command = command.getSubcommands().get(name);
            }
            commands.add(command);
        }
        for (CommandLine command : commands) {
            String[] description = command.getCommandSpec().usageMessage().description();
            assertThat(description).as(command.getCommandSpec().qualifiedName()).isNotEmpty();
            assertThat(description[0]).as(command.getCommandSpec().qualifiedName() + ": the line 'coordinator --help' "
                    + "lists").endsWith(".");
        }
    }

    @Test
    void an_unknown_command_is_named_with_the_commands_there_are() {
        CliRun run = CliRun.of("bogus");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.lastErrLine()).startsWith("coordinator: unknown command 'bogus'; the commands are run, route, ")
                .endsWith(". Run 'coordinator --help' for usage.");
        CliRun nested = CliRun.of("checkpoints", "lst");
        assertThat(nested.exitCode()).isEqualTo(2);
        assertThat(nested.lastErrLine()).startsWith("coordinator checkpoints: unknown command 'lst'; the commands are "
                + "migrate, list, show, export");
    }

    /**
     * A run that shows progress (the 8 SVF steps, then layers loading) and then fails: the tiny model's last layer
     * holds NaN, found when that layer's weights are read.
     */
    private CliRun failingAfterProgress() throws IOException {
        Path model = Files.createDirectories(dir.resolve("model"));
        for (String name : List.of("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json")) {
            Files.copy(Path.of(TINY_MODEL).resolve(name), model.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        Path weights = model.resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(weights);
        long at = 8 + ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong(); // data start
        try (SafetensorsFile file = SafetensorsFile.open(weights)) {
            at += file.tensor("model.layers.3.mlp.down_proj.weight").begin();
        }
        bytes[(int) at] = (byte) 0xC0; // BF16 0x7FC0 (little-endian): a NaN
        bytes[(int) at + 1] = (byte) 0x7F;
        Files.write(weights, bytes);
        return CliRun.of("route", "--prompt", "hi", "--model-dir", model.toString(), "--router-vector",
                BundledData.resolve("priv/qwen3-tiny-svf/router_vector.safetensors").toString(), "--device", "cpu");
    }

    @Test
    void progress_is_plain_lines_when_stderr_is_not_a_terminal_and_the_failure_is_a_line_of_its_own()
            throws IOException {
        CliRun run = failingAfterProgress();

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).doesNotContain("\r").contains("SVF 1/8 ").contains("SVF 8/8 ");
        assertThat(run.err().lines()).filteredOn(l -> l.startsWith("SVF ")).hasSize(8);
        assertThat(run.err().lines()).filteredOn(l -> l.startsWith("loading weights: ")).hasSize(3);
        assertThat(run.lastErrLine()).startsWith("coordinator route: tensor \"model.layers.3.mlp.down_proj.weight\"");
    }

    @Test
    void on_a_terminal_progress_is_rewritten_in_place_and_a_failure_starts_a_new_line() throws IOException {
        System.setProperty(StatusLine.TTY_PROPERTY, "true");
        try {
            CliRun run = failingAfterProgress();

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("\r\033[KSVF 2/8 ");
            String[] lines = run.err().split("\n");
            assertThat(lines[lines.length - 1]).startsWith("coordinator route: tensor \"model.layers.3.");
        } finally {
            System.clearProperty(StatusLine.TTY_PROPERTY);
        }
    }

    @Test
    void a_missing_messages_file_is_the_same_usage_error_in_every_command() {
        Path missing = dir.resolve("missing.json");
        for (String command : MESSAGE_COMMANDS) {
            assertUsage(withMessages(command, missing), command, "--messages " + missing + ": no such file");
        }
    }

    @Test
    void a_malformed_messages_file_names_line_and_column_and_no_parser_internals() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.json"), "[{\"role\": \"user\", \"content\": x}]");
        for (String command : MESSAGE_COMMANDS) {
            CliRun run = withMessages(command, broken);
            assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
            assertThat(run.lastErrLine()).startsWith("coordinator " + command + ": --messages " + broken
                    + " is not valid JSON (line 1, column 30: Unrecognized token 'x'")
                    .doesNotContain("Source:").doesNotContain("REDACTED").doesNotContain("StreamReadFeature");
        }
    }

    @Test
    void an_unclosed_bracket_points_at_where_it_opened_without_parser_internals() throws IOException {
        Path unclosed = Files.writeString(dir.resolve("unclosed.json"), "[{\"role\": \"user\", \"content\": \"hi\"}\n");
        CliRun route = withMessages("route", unclosed);
        assertThat(route.exitCode()).as(route.err()).isEqualTo(2);
        assertThat(route.lastErrLine()).isEqualTo("coordinator route: --messages " + unclosed + " is not valid JSON "
                + "(line 2, column 1: Unexpected end-of-input: expected close marker for Array (start marker at line 1, "
                + "column 1))");
        Path pool = Files.writeString(dir.resolve("pool.json"), "{\"name\": \"team\", \"defaults\": {\n");
        CliRun run = CliRun.of("run", "--allow-live", "--provider-pool", pool.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.lastErrLine()).contains("line 2, column 1: Unexpected end-of-input")
                .contains("(start marker at line 1, column 30)").doesNotContain("Source:").doesNotContain("REDACTED");
    }

    @Test
    void a_bad_role_in_a_messages_file_is_named_the_same_way_everywhere() throws IOException {
        Path file = Files.writeString(dir.resolve("m.json"), "[{\"role\": \"user\", \"content\": \"hi\"}, "
                + "{\"role\": \"tool\", \"content\": \"x\"}]");
        assertThat(CliRun.of("route", "--messages", file.toString()).lastErrLine())
                .isEqualTo(CliRun.of("run", "--mock", "--messages", file.toString()).lastErrLine()
                        .replace("coordinator run:", "coordinator route:"))
                .contains("--messages " + file + ": message 1").contains("tool");
    }

    @Test
    void message_and_messages_together_are_refused_by_run_as_by_route() throws IOException {
        Path file = Files.writeString(dir.resolve("m.json"), "[{\"role\": \"user\", \"content\": \"hi\"}]");
        for (String command : List.of("route", "run")) {
            CliRun run = command.equals("run")
                    ? CliRun.of("run", "--mock", "--message", "X", "--messages", file.toString())
                    : CliRun.of("route", "--prompt", "X", "--messages", file.toString());
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.lastErrLine()).startsWith("coordinator " + command + ": --").contains("mutually exclusive")
                    .doesNotContain("Error:");
        }
    }

    @Test
    void a_missing_model_dir_is_the_same_usage_error_in_every_command() {
        Path missing = dir.resolve("no-model");
        String message = "--model-dir " + missing + ": no such directory";
        assertUsage(CliRun.of("route", "--prompt", "hi", "--model-dir", missing.toString()), "route", message);
        assertUsage(CliRun.of("run", "--mock", "--model-dir", missing.toString()), "run", message);
        assertUsage(CliRun.of("extract", "--text", "hi", "--model-dir", missing.toString()), "extract", message);
        assertUsage(CliRun.of("env-check", "--model-dir", missing.toString()), "env-check", message);
        assertUsage(CliRun.of("prompt-eval", "--model-dir", missing.toString()), "prompt-eval", message);
        assertUsage(CliRun.of("artifact", "build", "--model-dir", missing.toString(), "--out",
                dir.resolve("out").toString()), "artifact build", message);
    }

    @Test
    void fp16_on_the_cpu_is_refused_before_any_work() {
        CliRun run = CliRun.of("route", "--prompt", "hi", "--device", "cpu", "--dtype", "fp16");
        assertUsage(run, "route", "--dtype fp16 runs only on a GPU (about 100x slower than fp32 on a CPU) and this "
                + "run is on the CPU; use --dtype fp32, or --device cuda on a machine with a GPU");
    }

    @Test
    void library_messages_name_the_flags_on_the_command_line() {
        // the library speaks of its settings ("device cuda:0 needs a CUDA GPU ... or use device cpu"); the CLI
        // renders the same message with the flags that give them
        Assumptions.assumeTrue(DjlRuntime.gpuCount() == 0, "this machine has a GPU");
        CliRun run = CliRun.of("route", "--prompt", "hi", "--device", "cuda");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.lastErrLine()).startsWith("coordinator route: --device cuda:0 needs a CUDA GPU, but libtorch "
                + DjlRuntime.libtorchVersion()).endsWith("(docs/gpu.md), or use --device cpu");
        assertThat(CliFailure.messageOf(new CudaException(CudaErrors.wording(new IllegalStateException("CUDA out "
                + "of memory"), "x").orElseThrow(), null))).contains("use --dtype fp16 to halve the weights")
                .endsWith("or run on the CPU with --device cpu");
    }

    @Test
    void a_missing_pool_file_is_named_as_a_file() {
        Path missing = dir.resolve("pool.json");
        assertUsage(CliRun.of("run", "--allow-live", "--provider-pool", missing.toString()), "run",
                "--provider-pool " + missing + ": no such file (built-in pools: mock, default, gemini)");
    }
}
