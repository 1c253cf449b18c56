package dev.trinity.coordinator.cli.env;

import dev.trinity.coordinator.artifact.ArtifactVerification;
import dev.trinity.coordinator.artifact.ArtifactVerifier;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/** Checks an adapted-artifact bundle through {@link ArtifactVerifier}, recording its facts as {@code artifact_*}. */
final class ArtifactChecks {

    private ArtifactChecks() {
    }

    /** Verifies the bundle: the router head only, or every file when {@code verifyHashes} is set. */
    static void checkArtifact(Path artifactDir, boolean verifyHashes, Map<String, String> facts,
                              Consumer<String> progress) throws CheckProblem {
        progress.accept("artifact");
        facts.put("artifact_dir", artifactDir.toString());
        ArtifactVerifier.Mode mode = verifyHashes ? ArtifactVerifier.Mode.FULL : ArtifactVerifier.Mode.FAST;
        ArtifactVerification verification = ArtifactVerifier.verify(artifactDir, mode, progress);
        verification.facts().forEach((key, value) ->
                facts.put(key.startsWith("artifact_") ? key : "artifact_" + key, value));
        if (!verification.ok()) {
            throw new CheckProblem(verification.problem());
        }
        if (!verifyHashes) {
            facts.put("artifact_hashes", "router head only (use --verify-hashes for every file)");
        }
    }
}
