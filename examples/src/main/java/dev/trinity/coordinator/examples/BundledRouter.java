package dev.trinity.coordinator.examples;

import dev.trinity.coordinator.adapted.LoadedRouter;
import dev.trinity.coordinator.adapted.RouterLoader;
import dev.trinity.coordinator.bundled.BundledData;
import dev.trinity.coordinator.djl.DeviceSpec;
import dev.trinity.coordinator.qwen3.Qwen3Options;
import java.io.IOException;

/** Loads the bundled tiny demo router: {@code priv/qwen3-tiny} with the tiny router vector (SVF at load time). */
final class BundledRouter {

    private BundledRouter() {
    }

    /**
     * Loads the tiny router on the CPU. For the real router, pass a Qwen3-0.6B folder and
     * {@code priv/sakana/trinity_router_es_vector.safetensors} (or use {@code RouterLoader.fromBundle}).
     *
     * @throws IOException when the bundled files are missing
     */
    static LoadedRouter load() throws IOException {
        Qwen3Options options = Qwen3Options.builder().device(DeviceSpec.CPU).threads(2).build();
        return RouterLoader.fromRouterVector(BundledData.resolve(BundledData.TINY_MODEL),
                BundledData.resolve("priv/qwen3-tiny-svf/router_vector.safetensors"),
                BundledData.resolve("priv/qwen3-tiny-svf/tiny_es_log.json"), true, options, message -> { });
    }
}
