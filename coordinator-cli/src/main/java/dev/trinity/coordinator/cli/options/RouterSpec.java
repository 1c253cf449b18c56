package dev.trinity.coordinator.cli.options;

import dev.trinity.coordinator.djl.DeviceSpec;
import dev.trinity.coordinator.qwen3.Qwen3Options;
import dev.trinity.coordinator.route.RoutingOptions;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The router flags of a command, parsed: null paths mean "use the default" (see {@link RouterOptions}).
 *
 * @param modelDir {@code --model-dir}: a Qwen3 snapshot folder, or null
 * @param artifactDir {@code --artifact-dir}: an adapted bundle, or null
 * @param routerVector {@code --router-vector}: the router vector safetensors, or null
 * @param esLog {@code --es-log}: the router vector's ES log (SVF layers, slot labels), or null to find it
 * @param engine {@code --device}, {@code --dtype}, {@code --threads}, {@code --prefix-cache-mb},
 *     {@code --prefix-cache-dtype}: how the model runs
 * @param routing {@code --selection}, {@code --temperature}, {@code --seed}: how logits become a decision
 */
public record RouterSpec(Path modelDir, Path artifactDir, Path routerVector, Path esLog, Qwen3Options engine,
                         RoutingOptions routing) {

    /** Defaults the routing to argmax. */
    public RouterSpec {
        Objects.requireNonNull(engine, "engine");
        routing = routing == null ? RoutingOptions.defaults() : routing;
    }

    /** Where the model runs ({@code --device}). */
    public DeviceSpec device() {
        return engine.device();
    }

    /** Whether no model flag was given, so the bundled tiny demo router runs. */
    public boolean bundledDemo() {
        return modelDir == null && artifactDir == null && routerVector == null;
    }
}
