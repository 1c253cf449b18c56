package dev.trinity.coordinator.cli;

import dev.trinity.coordinator.route.RoutingOptions;
import java.nio.file.Path;

/**
 * The router flags of a command; null paths mean "use the default" (see {@link RouterOptions}).
 *
 * @param modelDir {@code --model-dir}: a Qwen3 snapshot folder, or null
 * @param artifactDir {@code --artifact-dir}: an adapted bundle, or null
 * @param routerVector {@code --router-vector}: the router vector safetensors, or null
 * @param esLog {@code --es-log}: the router vector's ES log (SVF layers, slot labels), or null to find it
 * @param device {@code --device}: {@code auto}, {@code cpu} or {@code cuda[:N]}
 * @param dtype {@code --dtype}: {@code fp32} or {@code fp16}
 * @param threads {@code --threads}: libtorch intra-op threads, 0 for all cores
 * @param prefixCacheMb {@code --prefix-cache-mb}: the prefix cache's size, 0 for none, null for the default
 * @param prefixCacheDtype {@code --prefix-cache-dtype}, or null for the compute dtype
 * @param routing {@code --selection}, {@code --temperature}, {@code --seed}: how logits become a decision
 */
public record RouterSpec(Path modelDir, Path artifactDir, Path routerVector, Path esLog, String device, String dtype,
                         int threads, Long prefixCacheMb, String prefixCacheDtype, RoutingOptions routing) {

    /** Defaults the routing to argmax. */
    public RouterSpec {
        routing = routing == null ? RoutingOptions.defaults() : routing;
    }
}
