package dev.trinity.coordinator.artifact;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of {@link ArtifactVerifier#verify}: ok with the facts checked, or the first problem found.
 *
 * @param directory the bundle directory
 * @param mode fast (sizes and headers) or full (every SHA-256)
 * @param problem null when ok; otherwise one line naming the file, what is wrong and what to do
 * @param facts what was established, in check order (for {@code key=value} output)
 */
public record ArtifactVerification(Path directory, ArtifactVerifier.Mode mode, String problem,
                                   Map<String, String> facts) {

    /** Copies the facts, keeping their order. */
    public ArtifactVerification {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(mode, "mode");
        facts = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(facts, "facts")));
    }

    /** Whether every check passed. */
    public boolean ok() {
        return problem == null;
    }
}
