package dev.trinity.coordinator.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trinity.coordinator.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coordinator run} with the real Qwen3 router: the bundled tiny model adapted by the tiny router vector. */
class RunWithModelTest {

    @Test
    void the_readme_demo_shows_the_whole_loop_a_revise_then_an_accept_of_a_real_answer(@TempDir Path dir)
            throws Exception {
        Path trace = dir.resolve("trace.jsonl");
        CliRun run = CliRun.of("run", "--mock", "--device", "cpu", "--trace-out", trace.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("router: router vector").contains("SVF at load time, layers [2]");
        // a real default task, and why the tiny router's picks should not be read as routing
        assertThat(run.out()).contains("task: What is 17 * 24? Show the working.")
                .contains("note: the bundled tiny router is real but has random weights");
        List<String> turns = run.out().lines().filter(l -> l.startsWith("turn ")).toList();
        assertThat(turns).anySatisfy(l -> assertThat(l).contains(" Worker "));
        assertThat(turns).filteredOn(l -> l.contains(" Verifier ")).hasSize(2)
                .satisfiesExactly(first -> assertThat(first).contains("  REVISE"),
                        second -> assertThat(second).contains("  ACCEPT"));
        // the result answers the task: 17 * 24, computed here
        String result = run.out().lines().filter(l -> l.startsWith("result: ")).findFirst().orElseThrow();
        assertThat(result).endsWith("= " + 17 * 24 + ".").contains("17 * 24 = 17 * 20 + 17 * 4");
        assertThat(run.out()).contains("verifier: ACCEPT: ")
                .containsPattern("termination: accepted: the Verifier accepted the latest answer at turn \\d+, after 1 "
                        + "revision\\(s\\)")
                .doesNotContain("verdict -").endsWith("coordinator run: PASS" + System.lineSeparator());

        List<String> lines = Files.readAllLines(trace);
        // the routes come from the model: one slm_extracted per turn, with the transcript's real token count
        assertThat(lines).filteredOn(l -> l.contains("\"event\":\"slm_extracted\"")).hasSize(turns.size());
        assertThat(lines).filteredOn(l -> l.contains("\"event\":\"turn_completed\""))
                .filteredOn(l -> l.contains("\"selected_role\":\"Verifier\"")).hasSize(2);
        assertThat(lines.get(lines.size() - 1)).contains("\"final_status\":\"accepted\"");
    }

    @Test
    void a_missing_bundle_is_one_line(@TempDir Path dir) {
        CliRun run = CliRun.of("run", "--mock", "--device", "cpu", "--model-dir",
                dev.trinity.coordinator.cli.BundledData.resolve("priv/qwen3-tiny").toString(), "--artifact-dir",
                dir.resolve("nope").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.lastErrLine()).isEqualTo("coordinator run: --artifact-dir " + dir.resolve("nope")
                + ": no such directory");
    }
}
