package dev.trinity.coordinator.cli.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trinity.coordinator.adapted.Installation;
import dev.trinity.coordinator.djl.DjlRuntime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The library check: fact order, steps, the device requirement. The CLI test covers the broken directories. */
class EnvironmentCheckTest {

    private static final Path TINY_MODEL = Installation.resolve(Installation.TINY_MODEL);
    private static final Path TINY_ARTIFACT = Installation.resolve("coordinator-core/src/test/resources/tiny-artifact");
    private static final Path TINY_VECTOR = Installation.resolve("priv/qwen3-tiny-svf/router_vector.safetensors");
    private static final Path PIN = Installation.resolve("priv/sakana/artifact_pin.json");

    @Test
    void a_full_check_reports_its_facts_in_check_order_and_each_step() {
        List<String> steps = new ArrayList<>();
        EnvironmentReport report = EnvironmentCheck.builder().modelDir(TINY_MODEL).routerVector(TINY_VECTOR)
                .pinFile(PIN).require(EnvironmentCheck.Requirement.CPU).progress(steps::add).build().run();
        assertThat(report.ok()).as(report.problem()).isTrue();
        assertThat(report.problem()).isNull();
        assertThat(steps).startsWith("java", "djl engine", "device", "model", "router vector");
        List<String> keys = new ArrayList<>(report.facts().keySet());
        assertThat(keys).containsSubsequence("java_version", "djl_offline", "djl_tracking_opt_out", "djl_version",
                "libtorch_version", "gpu_count", "device", "device_probe", "require", "model_dir", "model_type",
                "model_weights", "tokenizer", "model_hashes", "router_vector", "router_vector_layers",
                "router_fits_model", "router_vector_head_pinned");
        assertThat(report.facts()).containsEntry("model_shape", "4 layers, hidden 64, vocab 151936")
                .containsEntry("model_tensors", "46")
                .containsEntry("libtorch_version", DjlRuntime.libtorchVersion());
        assertThat(report.facts().get("router_vector_head_pinned")).startsWith("no (sha256 ");

        EnvironmentReport artifact = EnvironmentCheck.builder().artifactDir(TINY_ARTIFACT).pinFile(PIN).build().run();
        assertThat(artifact.ok()).as(artifact.problem()).isTrue();
        assertThat(new ArrayList<>(artifact.facts().keySet())).containsSubsequence("artifact_dir", "artifact_manifest",
                "artifact_router_head_sha256", "artifact_hashes", "artifact_router_head_pinned");
        assertThat(artifact.facts()).containsEntry("artifact_status", "complete");
    }

    @Test
    void the_tiny_artifact_cannot_work_with_the_tiny_model() {
        EnvironmentReport report = EnvironmentCheck.builder().modelDir(TINY_MODEL).artifactDir(TINY_ARTIFACT).build()
                .run();
        assertThat(report.ok()).isFalse();
        assertThat(report.problem()).contains("the bundle's router head [5, 8] is for hidden size 8, but the model's "
                + "hidden_size is 64");
        assertThat(report.facts()).containsKey("artifact_router_head_sha256").doesNotContainKey("router_fits_model");
    }

    @Test
    void verify_hashes_marks_the_artifact_hashes_verified() {
        EnvironmentReport report = EnvironmentCheck.builder().artifactDir(TINY_ARTIFACT).verifyHashes(true).build()
                .run();
        assertThat(report.ok()).as(report.problem()).isTrue();
        assertThat(report.facts()).containsEntry("artifact_hashes", "verified");
    }

    @Test
    void require_cuda_without_a_gpu_stops_after_the_device_facts() {
        Assumptions.assumeTrue(DjlRuntime.gpuCount() == 0, "this machine has a GPU");
        EnvironmentReport report = EnvironmentCheck.builder().modelDir(TINY_MODEL)
                .require(EnvironmentCheck.Requirement.CUDA).build().run();
        assertThat(report.ok()).isFalse();
        assertThat(report.problem()).startsWith("--require cuda, but no CUDA GPU is usable: libtorch ")
                .doesNotContain("\n");
        assertThat(report.facts()).containsEntry("gpu_count", "0").containsEntry("device", "cpu()")
                .containsEntry("require", "cuda").doesNotContainKey("model_dir");
    }

    @Test
    void requirement_values_parse_and_bad_ones_name_the_choices() {
        assertThat(EnvironmentCheck.Requirement.parse(" CUDA ")).isEqualTo(EnvironmentCheck.Requirement.CUDA);
        assertThat(EnvironmentCheck.Requirement.parse("cpu")).isEqualTo(EnvironmentCheck.Requirement.CPU);
        assertThatThrownBy(() -> EnvironmentCheck.Requirement.parse("cuda12"))
                .hasMessage("--require must be cpu or cuda, got \"cuda12\"");
    }

    @Test
    void cuda_numbers_are_printed_as_versions() {
        assertThat(EnvironmentCheck.cudaVersion(13000)).isEqualTo("13.0");
        assertThat(EnvironmentCheck.cudaVersion(12080)).isEqualTo("12.8");
        assertThat(EnvironmentCheck.computeCapability("90")).isEqualTo("9.0");
        assertThat(EnvironmentCheck.computeCapability("120")).isEqualTo("12.0");
    }
}
