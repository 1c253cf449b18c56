package dev.trinity.coordinator.adapted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.djl.DeviceSpec;
import dev.trinity.coordinator.loop.TurnRoute;
import dev.trinity.coordinator.qwen3.ComputeType;
import dev.trinity.coordinator.route.RoutedConversation;
import dev.trinity.coordinator.route.RoutingOptions;
import dev.trinity.coordinator.route.SelectionMode;
import dev.trinity.coordinator.setting.MissingInputException;
import dev.trinity.coordinator.setting.Setting;
import dev.trinity.coordinator.setting.SettingException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The router loader as a builder, and the loaded router as the loop's {@code Router}. */
class RouterLoaderTest {

    private static final List<Message> MATH = List.of(Message.user("What is 17 + 25? Answer briefly."));

    @TempDir
    Path dir;

    private static RouterLoader.Builder tiny() {
        return RouterLoader.builder().setSource(RouterSource.bundledTiny()).optDevice(DeviceSpec.CPU).optThreads(2);
    }

    @Test
    void should_route_the_bundled_tiny_router_as_a_router_and_explain_the_same_decision() throws IOException {
        try (LoadedRouter router = tiny().build().load()) {
            TurnRoute route = router.route(MATH);
            RoutedConversation explained = router.explain(MATH);

            // the tiny router's recorded decision for this transcript (examples/fixtures/tiny_prompt_eval_cases.json)
            assertThat(route.agentId()).isEqualTo(4).isEqualTo(explained.decision().agentId());
            assertThat(route.roleName()).isEqualTo("Thinker");
            assertThat(route.extraction().tokenCount()).isEqualTo(15);
            assertThat(router.numAgents()).isEqualTo(7);
            assertThat(router.runtimeMetadata()).isEmpty();
            assertThat(router.description()).startsWith("router vector ");
        }
    }

    @Test
    void should_route_a_batch_as_each_conversation_alone() throws IOException {
        List<List<Message>> batch = List.of(MATH, List.of(Message.user("Plan a trip"), Message.assistant("Where?")),
                List.of(Message.user("Check: 6 * 7 = 42")));
        try (LoadedRouter router = tiny().optRouting(RoutingOptions.builder().agentSelection(SelectionMode.SOFTMAX)
                .roleSelection(SelectionMode.SOFTMAX).returnProbabilities(true).build()).build().load()) {
            List<TurnRoute> routes = router.routeAll(batch);

            assertThat(routes).hasSize(3);
            for (int i = 0; i < batch.size(); i++) {
                TurnRoute alone = router.route(batch.get(i));
                assertThat(routes.get(i).agentId()).isEqualTo(alone.agentId());
                assertThat(routes.get(i).roleId()).isEqualTo(alone.roleId());
                assertThat(routes.get(i).selectionMode()).isEqualTo("softmax");
                assertThat(routes.get(i).agentMargin()).isCloseTo(alone.agentMargin(),
                        org.assertj.core.data.Offset.offset(1e-4));
            }
        }
    }

    @Test
    void should_require_a_source_and_keep_settings_through_to_builder() {
        assertThatThrownBy(() -> RouterLoader.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("setSource(RouterSource.bundledTiny())");

        RouterLoader loader = tiny().optComputeType(ComputeType.FP32).optAdapt(false).build();
        RouterLoader copy = loader.toBuilder().build();
        assertThat(copy.source()).isEqualTo(loader.source());
        assertThat(copy.engine().device()).isEqualTo(DeviceSpec.CPU);
        assertThat(copy.engine().threads()).isEqualTo(2);
    }

    @Test
    void should_refuse_fp16_on_the_cpu_in_the_librarys_words_before_any_work() {
        RouterLoader fp16 = RouterLoader.builder().setSource(RouterSource.routerVector(dir.resolve("none.safetensors"))
                .withModelDir(dir.resolve("none"))).optDevice(DeviceSpec.CPU).optComputeType(ComputeType.FP16).build();

        assertThatThrownBy(fp16::load).isInstanceOf(SettingException.class)
                .hasMessage("compute type fp16 runs only on a GPU (about 100x slower than fp32 on a CPU) and this run "
                        + "is on the CPU; use compute type fp32, or device cuda on a machine with a GPU");
    }

    @Test
    void should_name_the_model_folder_setting_when_it_is_missing() {
        RouterLoader missing = RouterLoader.builder().setSource(RouterSource.artifact(dir)
                .withModelDir(dir.resolve("no-model"))).optDevice(DeviceSpec.CPU).build();

        assertThatThrownBy(missing::load).isInstanceOf(MissingInputException.class)
                .hasMessageContaining("does not exist; point model folder at a Hugging Face snapshot folder")
                .satisfies(e -> assertThat(((MissingInputException) e).wording()
                        .render(s -> s == Setting.MODEL_DIR ? "--model-dir" : s.libraryName()))
                        .contains("point --model-dir at"));
    }
}
