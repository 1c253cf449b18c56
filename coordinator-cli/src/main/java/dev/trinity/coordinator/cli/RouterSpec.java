package dev.trinity.coordinator.cli;

import java.nio.file.Path;

/**
 * The router flags of a command; null fields mean "use the bundled default" (the tiny model and tiny artifact).
 *
 * @param modelDir {@code --model-dir}: a Qwen3 snapshot folder, or null
 * @param artifactDir {@code --artifact-dir}: an adapted bundle, or null
 * @param routerVector {@code --router-vector}: the router vector safetensors, or null
 * @param device {@code --device}: {@code auto}, {@code cpu} or {@code cuda[:N]}
 */
public record RouterSpec(Path modelDir, Path artifactDir, Path routerVector, String device) {
}
