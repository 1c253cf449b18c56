package dev.trinity.coordinator.cli.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trinity.coordinator.cli.BundledData;
import dev.trinity.coordinator.cli.CliRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coordinator artifact build}, then {@code artifact verify --full} and {@code route} on what it wrote. */
class ArtifactBuildCommandTest {

    private static final String TINY = BundledData.resolve("priv/qwen3-tiny").toString();
    private static final String VECTOR = BundledData.resolve("priv/qwen3-tiny-svf/router_vector.safetensors").toString();

    @Test
    void builds_a_bundle_that_verifies_and_routes(@TempDir Path dir) {
        String out = dir.resolve("bundle").toString();
        CliRun build = CliRun.of("artifact", "build", "--model-dir", TINY, "--router-vector", VECTOR, "--out", out);
        assertThat(build.exitCode()).as(build.err()).isZero();
        assertThat(build.out()).contains("coordinator artifact build: ok").contains("9 checkpoint(s) written");
        assertThat(build.err()).contains("9/9 checkpoints/0009_language_modeling_head.output.kernel.safetensors");

        CliRun again = CliRun.of("artifact", "build", "--model-dir", TINY, "--router-vector", VECTOR, "--out", out);
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("0 checkpoint(s) written, 9 reused");

        CliRun verify = CliRun.of("artifact", "verify", out, "--full");
        assertThat(verify.exitCode()).as(verify.err()).isZero();

        CliRun route = CliRun.of("route", "--prompt", "What is 17 + 25? Answer briefly.", "--device", "cpu",
                "--model-dir", TINY, "--artifact-dir", out);
        assertThat(route.exitCode()).as(route.err()).isZero();
        assertThat(route.out()).contains("router: bundle").contains("agent 4: google/gemma-3-27b-it")
                .contains("role  1: Thinker");
    }

    @Test
    void a_missing_out_is_a_usage_error() {
        CliRun run = CliRun.of("artifact", "build", "--model-dir", TINY);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.lastErrLine()).startsWith("coordinator artifact build: ").contains("--out");
    }
}
