package dev.trinity.coordinator.route;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which adapted artifact produced a route: the identity fields of its manifest.
 *
 * @param manifestSha256 SHA-256 of the manifest file bytes
 * @param manifestPath where the manifest was read
 * @param baseModelRepo {@code base_model_repo}, for example {@code Qwen/Qwen3-0.6B}
 * @param bumblebeeModule {@code bumblebee_module}
 * @param architecture {@code architecture}
 * @param sourceVectorSha256 {@code source_vector_sha256}
 */
public record ArtifactIdentity(String manifestSha256, String manifestPath, String baseModelRepo,
                               String bumblebeeModule, String architecture, String sourceVectorSha256) {

    /**
     * The reference's runtime metadata map ({@code trinity_artifact_manifest_*} keys), for traces.
     *
     * @return six string keys in a fixed order; null values are kept
     */
    public Map<String, String> toTraceMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("trinity_artifact_manifest_hash", manifestSha256);
        map.put("trinity_artifact_manifest_path", manifestPath);
        map.put("trinity_artifact_base_model_repo", baseModelRepo);
        map.put("trinity_artifact_bumblebee_module", bumblebeeModule);
        map.put("trinity_artifact_architecture", architecture);
        map.put("trinity_artifact_source_vector_sha256", sourceVectorSha256);
        return map;
    }
}
