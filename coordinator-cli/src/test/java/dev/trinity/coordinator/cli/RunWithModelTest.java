package dev.trinity.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coordinator run} with the real Qwen3 router: the bundled tiny model adapted by the tiny router vector. */
class RunWithModelTest {

    @Test
    void the_bundled_demo_runs_to_pass_with_routes_from_the_model(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("trace.jsonl");
        CliRun run = CliRun.of("run", "--mock", "--device", "cpu", "--trace-out", trace.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("router: router vector").contains("SVF at load time, layers [2]");
        assertThat(run.out()).contains("turn 0  agent 0").endsWith("coordinator run: PASS" + System.lineSeparator());
        List<String> lines = Files.readAllLines(trace);
        // The tiny router picks the Thinker for this prompt (agent 0); its logits come from the model, so they are
        // the same in every route_decision event of the first turn.
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"route_decision\"").contains("\"agent_id\":0"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"slm_extracted\"").contains("\"token_count\":13"));
    }

    @Test
    void a_missing_bundle_is_one_line(@TempDir Path dir) {
        CliRun run = CliRun.of("run", "--mock", "--device", "cpu", "--model-dir",
                dev.trinity.coordinator.bundled.BundledData.resolve("priv/qwen3-tiny").toString(), "--artifact-dir",
                dir.resolve("nope").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.lastErrLine()).isEqualTo("coordinator run: --artifact-dir " + dir.resolve("nope")
                + ": no such directory");
    }
}
