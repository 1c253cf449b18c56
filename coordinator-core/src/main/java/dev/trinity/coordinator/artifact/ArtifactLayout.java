package dev.trinity.coordinator.artifact;

import java.util.Locale;

/** Where a bundle keeps its adapted tensors. */
public enum ArtifactLayout {
    /** One file per selected tensor: {@code checkpoints/000N_<artifact_key>.safetensors} (the default). */
    CHECKPOINT_DIRECTORY("checkpoint_directory"),
    /** All selected tensors in one file ({@code adapted_tensors_artifact}, hash {@code adapted_tensors_sha256}). */
    SINGLE_FILE("single_file");

    private final String wireName;

    ArtifactLayout(String wireName) {
        this.wireName = wireName;
    }

    /** The manifest value. */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a manifest {@code artifact_layout}; null means {@link #CHECKPOINT_DIRECTORY}.
     *
     * @param value the manifest value
     * @return the layout
     * @throws IllegalArgumentException for another value
     */
    public static ArtifactLayout parse(String value) {
        if (value == null) {
            return CHECKPOINT_DIRECTORY;
        }
        for (ArtifactLayout layout : values()) {
            if (layout.wireName.equals(value.trim().toLowerCase(Locale.ROOT))) {
                return layout;
            }
        }
        throw new IllegalArgumentException("unknown artifact_layout \"" + value
                + "\"; expected checkpoint_directory or single_file");
    }
}
