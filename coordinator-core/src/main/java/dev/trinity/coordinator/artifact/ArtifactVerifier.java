package dev.trinity.coordinator.artifact;

import dev.trinity.coordinator.hash.Sha256;
import dev.trinity.coordinator.route.RouterHead;
import dev.trinity.coordinator.safetensors.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Checks an adapted-artifact bundle before it is deployed ({@code coordinator artifact verify}, env-check).
 *
 * <p>{@link Mode#FAST}: the manifest is complete (required keys, version, status, export_complete), the router head
 * matches its SHA-256, key and shape, and every checkpoint is present, parses, holds its tensor with the manifest's
 * shape and dtype, and has exactly the right byte size. {@link Mode#FULL} also hashes every checkpoint (or the
 * single adapted-tensors file) against the manifest. The first problem ends the check.
 */
public final class ArtifactVerifier {

    /** How thorough a verification is. */
    public enum Mode {
        /** Headers and sizes; hashes only the small router head. */
        FAST,
        /** Also the SHA-256 of every checkpoint. */
        FULL
    }

    private ArtifactVerifier() {
    }

    /**
     * Verifies a bundle.
     *
     * @param directory the bundle directory
     * @param mode fast or full
     * @return ok with facts, or the first problem; never throws for a bad bundle
     */
    public static ArtifactVerification verify(Path directory, Mode mode) {
        return verify(directory, mode, step -> { });
    }

    /**
     * Verifies a bundle, reporting each step (for progress output).
     *
     * @param directory the bundle directory
     * @param mode fast or full
     * @param progress receives a short description of each step, for example {@code sha256 checkpoints/0001_…}
     * @return ok with facts, or the first problem; never throws for a bad bundle
     */
    public static ArtifactVerification verify(Path directory, Mode mode, Consumer<String> progress) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(progress, "progress");
        Map<String, String> facts = new LinkedHashMap<>();
        try {
            check(directory, mode, progress, facts);
            return new ArtifactVerification(directory, mode, null, facts);
        } catch (MalformedArtifactException e) {
            return new ArtifactVerification(directory, mode, e.getMessage(), facts);
        } catch (IOException e) {
            return new ArtifactVerification(directory, mode, "cannot read the bundle in \"" + directory + "\": "
                    + e.getMessage() + ". Check the files and permissions, or fetch the bundle again", facts);
        }
    }

    private static void check(Path directory, Mode mode, Consumer<String> progress, Map<String, String> facts)
            throws IOException {
        progress.accept("manifest");
        AdaptedArtifact artifact = AdaptedArtifact.load(directory);
        ArtifactManifest manifest = artifact.manifest();
        ArtifactLayout layout;
        try {
            layout = manifest.layout();
        } catch (IllegalArgumentException e) {
            throw new MalformedArtifactException(artifact.manifestFile(), "manifest \"" + artifact.manifestFile()
                    + "\": " + e.getMessage(), e);
        }
        facts.put("manifest", artifact.manifestFile().toString());
        facts.put("manifest_sha256", artifact.manifestSha256());
        facts.put("artifact_version", String.valueOf(manifest.artifactVersion()));
        facts.put("status", manifest.status());
        facts.put("base_model_repo", manifest.baseModelRepo());
        facts.put("layout", layout.wireName());

        progress.accept("router head");
        RouterHead head = artifact.loadRouterHead();
        facts.put("router_head_shape", Arrays.toString(head.shape()));
        facts.put("router_head_sha256", Sha256.ofFile(artifact.routerHeadFile()));
        facts.put("agents", String.valueOf(head.numAgents()));

        List<SelectedTensor> entries = artifact.selectedTensors();
        long bytes = 0;
        if (layout == ArtifactLayout.SINGLE_FILE && !entries.isEmpty()) {
            Path file = artifact.tensorFile(entries.get(0));
            for (SelectedTensor entry : entries) {
                artifact.checkTensorFilePresent(entry, file);
            }
            bytes = checkHeaders(artifact, entries, file);
            if (mode == Mode.FULL) {
                progress.accept("sha256 " + directory.relativize(file));
                artifact.verifySingleFileSha256();
            }
        } else {
            for (SelectedTensor entry : entries) {
                Path file = artifact.tensorFile(entry);
                artifact.checkTensorFilePresent(entry, file);
                bytes += checkHeaders(artifact, List.of(entry), file);
                if (mode == Mode.FULL) {
                    progress.accept("sha256 " + directory.relativize(file));
                    artifact.verifyCheckpointSha256(entry, file);
                }
            }
        }
        facts.put("selected_tensors", String.valueOf(entries.size()));
        facts.put("tensor_bytes", String.valueOf(bytes));
        facts.put("hashes", mode == Mode.FULL ? "verified" : "router head only (use --full for every file)");
    }

    private static long checkHeaders(AdaptedArtifact artifact, List<SelectedTensor> entries, Path file)
            throws IOException {
        try (SafetensorsFile safetensors = openChecked(file)) {
            for (SelectedTensor entry : entries) {
                artifact.checkTensorHeader(entry, file, safetensors);
            }
            long expected = AdaptedArtifact.expectedFileSize(file, safetensors);
            long actual = Files.size(file);
            if (actual != expected) {
                throw new MalformedArtifactException(file, "checkpoint \"" + file + "\" is " + actual
                        + " bytes but its header describes " + expected + ". The file is damaged; delete it and run "
                        + "'coordinator artifact fetch' again");
            }
            return actual;
        }
    }

    private static SafetensorsFile openChecked(Path file) throws IOException {
        try {
            return SafetensorsFile.open(file);
        } catch (IOException e) {
            throw new MalformedArtifactException(file, e.getMessage() + ". The file is damaged; delete it and run "
                    + "'coordinator artifact fetch' again", e);
        }
    }
}
