package dev.trinity.coordinator.adapted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinity.coordinator.artifact.AdaptedArtifact;
import dev.trinity.coordinator.artifact.AdaptedTensor;
import dev.trinity.coordinator.artifact.ArtifactVerification;
import dev.trinity.coordinator.artifact.ArtifactVerifier;
import dev.trinity.coordinator.artifact.SelectedTensor;
import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.djl.DeviceSpec;
import dev.trinity.coordinator.qwen3.Qwen3Options;
import dev.trinity.coordinator.route.RoutedConversation;
import dev.trinity.coordinator.safetensors.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end routes on the tiny model against PyTorch/transformers ({@code qwen3-tiny-svf/golden_route.json}):
 * the unadapted base model, the load-time SVF from the router vector, and the adapted bundle.
 */
class GoldenRouteTest {

    static final Path TINY = Installation.resolve(Installation.TINY_MODEL);
    static final Path VECTOR = Installation.resolve("priv/qwen3-tiny-svf/router_vector.safetensors");
    static final Qwen3Options CPU = Qwen3Options.builder().device(DeviceSpec.CPU).threads(2).build();

    @TempDir
    static Path dir;
    private static JsonNode golden;
    private static LoadedRouter base;
    private static LoadedRouter svf;
    private static LoadedRouter bundle;
    private static Path bundleDir;

    @BeforeAll
    static void load() throws IOException {
        golden = new ObjectMapper().readTree(TinySvfBundle.FIXTURE.resolve("golden_route.json").toFile());
        RouterLoader vector = RouterLoader.builder().setSource(RouterSource.routerVector(VECTOR).withModelDir(TINY))
                .optEngine(CPU).build();
        base = vector.toBuilder().optAdapt(false).build().load();
        svf = vector.load();
        bundleDir = TinySvfBundle.build(dir.resolve("bundle"));
        bundle = bundle(bundleDir);
    }

    /** The tiny bundle's router on the tiny model, on the CPU. */
    static LoadedRouter bundle(Path bundleDir) throws IOException {
        return RouterLoader.builder().setSource(RouterSource.artifact(bundleDir).withModelDir(TINY)).optEngine(CPU)
                .build().load();
    }

    @AfterAll
    static void close() {
        base.close();
        svf.close();
        bundle.close();
    }

    @Test
    void the_base_model_routes_as_transformers() {
        for (JsonNode c : golden.get("cases")) {
            RoutedConversation routed = base.conversationRouter().route(messages(c));
            assertThat(routed.hidden().inputIds()).as(id(c)).containsExactly(ints(c.get("token_ids")));
            assertThat(routed.hidden().hiddenIndex()).isEqualTo(c.get("hidden_index").asInt());
            assertRoute(id(c) + " base", routed, c.get("routes").get("base"), 1e-4, 1e-3);
        }
    }

    @Test
    void load_time_svf_matches_the_float64_reference_route() {
        for (JsonNode c : golden.get("cases")) {
            RoutedConversation routed = svf.conversationRouter().route(messages(c));
            JsonNode exact = c.get("f64_reference_adapted");
            // Our SVF runs in float64, so the tolerance is far tighter than the fixture's 5e-3 for a float32 SVD.
            assertVector(id(c) + " svf hidden vs f64", routed.hidden().vector(), floats(exact.get("hidden_vector")),
                    1e-4);
            assertVector(id(c) + " svf logits vs f64", routed.decision().logits(), floats(exact.get("logits")), 1e-3);
            JsonNode adapted = c.get("routes").get("adapted_f32");
            assertThat(routed.decision().agentId()).as(id(c)).isEqualTo(adapted.get("agent_id").asInt());
            assertThat(routed.decision().roleId()).as(id(c)).isEqualTo(adapted.get("role_id").asInt());
        }
    }

    @Test
    void the_bundle_routes_as_transformers_with_the_bundle_weights() {
        for (JsonNode c : golden.get("cases")) {
            assertRoute(id(c) + " bundle", bundle.conversationRouter().route(messages(c)),
                    c.get("routes").get("adapted_bundle_bf16"), 1e-4, 1e-3);
        }
        assertThat(bundle.identity().manifestPath()).contains("manifest.json");
        assertThat(bundle.slots().labels()).hasSize(7).startsWith("gpt-5");
    }

    @Test
    void the_svf_changes_every_route_and_the_math_direct_agent() {
        for (JsonNode c : golden.get("cases")) {
            float[] plain = base.conversationRouter().route(messages(c)).decision().logits();
            float[] adapted = svf.conversationRouter().route(messages(c)).decision().logits();
            double max = 0;
            for (int i = 0; i < plain.length; i++) {
                max = Math.max(max, Math.abs(plain[i] - adapted[i]));
            }
            assertThat(max).as(id(c) + " logit change from the SVF").isGreaterThan(1.0);
        }
        JsonNode math = golden.get("cases").get(0);
        assertThat(id(math)).isEqualTo("math_direct");
        assertThat(base.conversationRouter().route(messages(math)).decision().agentId()).isZero();
        assertThat(svf.conversationRouter().route(messages(math)).decision().agentId()).isEqualTo(4);
    }

    @Test
    void the_built_bundle_verifies_fully_and_stores_layer_kernels_transposed() throws IOException {
        ArtifactVerification full = ArtifactVerifier.verify(bundleDir, ArtifactVerifier.Mode.FULL);
        assertThat(full.ok()).as(full.problem()).isTrue();
        assertThat(full.facts()).containsEntry("selected_tensors", "9").containsEntry("router_head_shape", "[10, 64]");
        AdaptedArtifact artifact = AdaptedArtifact.load(bundleDir);
        SelectedTensor query = artifact.selectedTensors().get(1);
        AdaptedTensor stored = artifact.loadAdaptedTensor(query, true);
        assertThat(stored.shape()).containsExactly(64, 128);
        float[] expected;
        try (SafetensorsFile file = SafetensorsFile.open(TinySvfBundle.FIXTURE.resolve("expected_adapted.safetensors"))) {
            expected = file.readFloats(query.sourceName()); // (128, 64): PyTorch orientation
        }
        float[] back = RouterAssembly.transpose(stored.values(), 64, 128);
        double max = 0;
        for (int i = 0; i < back.length; i++) {
            max = Math.max(max, Math.abs(back[i] - expected[i]));
        }
        assertThat(max).as("BF16 checkpoint vs F32 W'").isLessThanOrEqualTo(2.45e-4); // half a BF16 step
    }

    private static void assertRoute(String label, RoutedConversation routed, JsonNode expected, double hiddenTol,
                                    double logitTol) {
        assertVector(label + " hidden", routed.hidden().vector(), floats(expected.get("hidden_vector")), hiddenTol);
        assertVector(label + " logits", routed.decision().logits(), floats(expected.get("logits")), logitTol);
        assertThat(routed.decision().agentId()).as(label + " agent").isEqualTo(expected.get("agent_id").asInt());
        assertThat(routed.decision().roleId()).as(label + " role").isEqualTo(expected.get("role_id").asInt());
        assertThat(routed.decision().roleName()).as(label).isEqualTo(expected.get("role_name").asText());
        assertThat(routed.decision().agentMargin()).as(label).isCloseTo(expected.get("agent_margin").asDouble(),
                within(2e-3));
        assertThat(routed.decision().roleMargin()).as(label).isCloseTo(expected.get("role_margin").asDouble(),
                within(2e-3));
    }

    static void assertVector(String label, float[] actual, float[] expected, double maxAbs) {
        assertVector(label, actual, expected, maxAbs, 0.99999);
    }

    static void assertVector(String label, float[] actual, float[] expected, double maxAbs, double minCosine) {
        assertThat(actual).as(label).hasSameSizeAs(expected);
        double max = 0;
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < actual.length; i++) {
            max = Math.max(max, Math.abs((double) actual[i] - expected[i]));
            dot += (double) actual[i] * expected[i];
            na += (double) actual[i] * actual[i];
            nb += (double) expected[i] * expected[i];
        }
        assertThat(max).as(label + " max abs").isLessThanOrEqualTo(maxAbs);
        assertThat(dot / Math.sqrt(na * nb)).as(label + " cosine").isGreaterThanOrEqualTo(minCosine);
    }

    static List<Message> messages(JsonNode c) {
        List<Message> out = new ArrayList<>();
        c.get("messages").forEach(m -> out.add(Message.of(m.get("role").asText(), m.get("content").asText())));
        return out;
    }

    private static String id(JsonNode c) {
        return c.get("id").asText();
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Float.parseFloat(array.get(i).asText());
        }
        return out;
    }
}
