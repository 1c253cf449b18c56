package dev.trinity.coordinator.adapted;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.djl.DeviceSpec;
import dev.trinity.coordinator.qwen3.Qwen3Options;
import dev.trinity.coordinator.route.HiddenStateExtractor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The model side of training on the bundled tiny router: a candidate re-patched through the load-time SVF path
 * ({@code RouterAssembly.fromVector}) computes exactly what {@code route --router-vector} computes.
 */
class QwenTrainableRouterTest {

    static final Path MODEL = Installation.resolve(Installation.TINY_MODEL);
    static final Path VECTOR = Installation.resolve(Installation.TINY_VECTOR);
    static final List<Message> CONVERSATION = List.of(Message.user("What is 17 + 25? Answer briefly."));

    @Test
    void candidates_go_through_the_load_time_svf_path_and_the_state_key_follows_the_offsets() throws Exception {
        Qwen3Options options = Qwen3Options.builder().device(DeviceSpec.CPU).threads(2).build();
        try (QwenTrainableRouter router = QwenTrainableRouter.load(MODEL, VECTOR, null, options, line -> { });
             LoadedRouter route = RouterLoader.builder()
                     .setSource(RouterSource.routerVector(VECTOR).withModelDir(MODEL)).optEngine(options).build().load()) {
            assertThat(router.scaleCount()).isEqualTo(576);
            assertThat(router.routerVector()).hasSize(1216);
            assertThat(router.svfLayers()).containsExactly(2);
            assertThat(router.agentLabels()).hasSize(7);
            float[] routed = route.conversationRouter().route(CONVERSATION).hidden().vector();
            assertThat(router.extractor().extract(CONVERSATION).vector()).containsExactly(routed);
            float[] offsets = Arrays.copyOf(router.routerVector(), router.scaleCount());
            try (HiddenStateExtractor same = router.adapted(offsets)) {
                assertThat(same.extract(CONVERSATION).vector()).containsExactly(routed);
            }
            offsets[0] += 0.5f;
            offsets[100] -= 0.5f;
            try (HiddenStateExtractor other = router.adapted(offsets)) {
                assertThat(other.extract(CONVERSATION).vector()).isNotEqualTo(routed);
            }
            String key = router.stateKey();
            assertThat(key).hasSize(64).isEqualTo(router.stateKey());
        }
    }
}
