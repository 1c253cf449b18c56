package dev.trinity.coordinator.adapted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.artifact.AdaptedArtifact;
import dev.trinity.coordinator.artifact.SelectedTensor;
import dev.trinity.coordinator.hash.Sha256;
import dev.trinity.coordinator.route.RoutedConversation;
import dev.trinity.coordinator.safetensors.SafetensorsFile;
import dev.trinity.coordinator.setting.Worded;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code artifact build}: the tiny bundle rebuilt from the tiny model and router vector, against the fixture. */
class BundleBuilderTest {

    private static final Path TINY = GoldenRouteTest.TINY;
    private static final Path VECTOR = GoldenRouteTest.VECTOR;
    private static final Path FIXTURE_BUNDLE = TinySvfBundle.FIXTURE.resolve("bundle");

    @TempDir
    static Path dir;
    private static Path built;
    private static BundleBuilder.Result result;

    @BeforeAll
    static void build() throws IOException {
        built = dir.resolve("bundle");
        List<String> steps = new ArrayList<>();
        result = BundleBuilder.build(TINY, VECTOR, null, built, steps::add);
        assertThat(steps).hasSize(9);
    }

    @Test
    void the_build_verifies_and_writes_the_reference_head_byte_for_byte() throws IOException {
        assertThat(result.verification().ok()).as(result.verification().problem()).isTrue();
        assertThat(result.written()).isEqualTo(9);
        assertThat(Sha256.ofFile(built.resolve("router_head.safetensors")))
                .isEqualTo("f9a0ef18d883c073eebdd780431b659f3228798a0dbe7fec777d7fd2d74eb865");
    }

    @Test
    void the_manifest_selects_what_the_reference_bundle_selects() throws IOException {
        List<SelectedTensor> ours = AdaptedArtifact.load(built).selectedTensors();
        List<SelectedTensor> theirs = AdaptedArtifact.load(FIXTURE_BUNDLE).selectedTensors();
        assertThat(ours).hasSameSizeAs(theirs);
        for (int i = 0; i < ours.size(); i++) {
            assertThat(ours.get(i).artifactKey()).isEqualTo(theirs.get(i).artifactKey());
            assertThat(ours.get(i).checkpointPath()).isEqualTo(theirs.get(i).checkpointPath());
            assertThat(ours.get(i).sourceName()).isEqualTo(theirs.get(i).sourceName());
            assertThat(ours.get(i).shapeArray()).containsExactly(theirs.get(i).shapeArray());
            assertThat(ours.get(i).offsetStart()).isEqualTo(theirs.get(i).offsetStart());
        }
    }

    @Test
    void layer_checkpoints_agree_with_pytorchs_within_a_bf16_step() throws IOException {
        try (var files = Files.list(FIXTURE_BUNDLE.resolve("checkpoints"))) {
            for (Path theirs : files.toList()) {
                Path ours = built.resolve("checkpoints").resolve(theirs.getFileName());
                try (SafetensorsFile a = SafetensorsFile.open(ours); SafetensorsFile b = SafetensorsFile.open(theirs)) {
                    String key = b.tensors().get(0).name();
                    assertThat(a.tensor(key).shape()).containsExactly(b.tensor(key).shape());
                    float[] x = a.readFloats(key);
                    float[] y = b.readFloats(key);
                    double max = 0;
                    for (int i = 0; i < x.length; i++) {
                        max = Math.max(max, Math.abs(x[i] - y[i]));
                    }
                    assertThat(max).as(theirs.getFileName().toString()).isLessThanOrEqualTo(1e-3);
                }
            }
        }
    }

    @Test
    void the_built_bundle_routes_like_the_float64_reference() throws IOException {
        JsonNode golden = new ObjectMapper().readTree(TinySvfBundle.FIXTURE.resolve("golden_route.json").toFile());
        try (LoadedRouter router = GoldenRouteTest.bundle(built)) {
            for (JsonNode c : golden.get("cases")) {
                RoutedConversation routed = router.conversationRouter().route(GoldenRouteTest.messages(c));
                JsonNode exact = c.get("f64_reference_adapted");
                // BF16 storage of W' moves hidden states by up to ~2e-2, cosine 0.999984 (fixture README);
                // decisions must hold.
                GoldenRouteTest.assertVector(c.get("id").asText() + " hidden", routed.hidden().vector(),
                        GoldenRouteTest.floats(exact.get("hidden_vector")), 5e-2, 0.9999);
                JsonNode adapted = c.get("routes").get("adapted_bundle_bf16");
                assertThat(routed.decision().agentId()).isEqualTo(adapted.get("agent_id").asInt());
                assertThat(routed.decision().roleId()).isEqualTo(adapted.get("role_id").asInt());
            }
        }
    }

    @Test
    void an_interrupted_build_resumes_with_only_the_missing_checkpoint(@TempDir Path tmp) throws IOException {
        Path copy = tmp.resolve("bundle");
        BundleBuilder.build(TINY, VECTOR, null, copy, m -> { });
        String lost = "checkpoints/0005_decoder.blocks.2.self_attention.output.kernel.safetensors";
        Files.delete(copy.resolve(lost));
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = (ObjectNode) json.readTree(copy.resolve("manifest.json").toFile());
        manifest.put("status", "partial").put("export_complete", false);
        Files.write(copy.resolve("manifest.json"), json.writeValueAsBytes(manifest));
        BundleBuilder.Result resumed = BundleBuilder.build(TINY, VECTOR, null, copy, m -> { });
        assertThat(resumed.written()).isEqualTo(1);
        assertThat(resumed.reused()).isEqualTo(8);
        assertThat(resumed.verification().ok()).as(resumed.verification().problem()).isTrue();
        assertThat(Files.readAllBytes(copy.resolve(lost))).isEqualTo(Files.readAllBytes(built.resolve(lost)));
    }

    @Test
    void a_folder_with_a_bundle_from_another_vector_is_refused(@TempDir Path tmp) throws IOException {
        Path vectorDir = Files.createDirectories(tmp.resolve("vector"));
        Path other = vectorDir.resolve("router_vector.safetensors");
        byte[] bytes = Files.readAllBytes(VECTOR);
        ByteBuffer data = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int first = (int) (8 + data.getLong(0));
        data.putFloat(first, data.getFloat(first) + 0.01f); // a different first offset
        Files.write(other, bytes);
        Files.copy(Installation.resolve("priv/qwen3-tiny-svf/tiny_es_log.json"), vectorDir.resolve("tiny_es_log.json"));
        Path copy = tmp.resolve("bundle");
        BundleBuilder.build(TINY, VECTOR, null, copy, m -> { });
        String before = Sha256.ofFile(copy.resolve("manifest.json"));
        assertThatThrownBy(() -> BundleBuilder.build(TINY, other, null, copy, m -> { }))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("already holds a different bundle")
                .hasMessageContaining("choose another output folder or delete it")
                .satisfies(e -> assertThat(((Worded) e).wording().render(s -> "--out"))
                        .contains("choose another --out or delete it"));
        assertThat(Sha256.ofFile(copy.resolve("manifest.json"))).isEqualTo(before);
    }
}
