package dev.trinity.coordinator.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trinity.coordinator.artifact.ArtifactVerifier.Mode;
import dev.trinity.coordinator.testing.TestFiles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactVerifierTest {

    @TempDir
    Path tmp;

    @Test
    void should_pass_good_bundles_in_both_modes() throws IOException {
        Path tiny = Bundles.tinyCopy(tmp.resolve("tiny"));
        ArtifactVerification fast = ArtifactVerifier.verify(tiny, Mode.FAST);
        assertThat(fast.ok()).as(fast.problem()).isTrue();
        assertThat(fast.facts()).containsEntry("router_head_shape", "[5, 8]").containsEntry("agents", "2")
                .containsEntry("router_head_sha256",
                        "32cede39079136e3ec92b386ce9dc963ee03b6e0c82f86c4607244817e36408c");

        Path syn = Bundles.synthetic(tmp.resolve("syn"));
        List<String> steps = new ArrayList<>();
        ArtifactVerification full = ArtifactVerifier.verify(syn, Mode.FULL, steps::add);
        assertThat(full.ok()).as(full.problem()).isTrue();
        assertThat(full.facts()).containsEntry("selected_tensors", "2").containsEntry("hashes", "verified");
        assertThat(steps).contains("manifest", "router head",
                "sha256 checkpoints/0002_decoder.blocks.1.self_attention.query.kernel.safetensors");
    }

    @Test
    void should_catch_a_flipped_byte_only_in_full_mode() throws IOException {
        Path syn = Bundles.synthetic(tmp.resolve("syn"));
        Path checkpoint = syn.resolve("checkpoints/0001_embedder.token_embedding.kernel.safetensors");
        try (RandomAccessFile file = new RandomAccessFile(checkpoint.toFile(), "rw")) {
            file.seek(file.length() - 3);
            int b = file.read();
            file.seek(file.length() - 3);
            file.write(b ^ 0x40);
        }
        assertThat(ArtifactVerifier.verify(syn, Mode.FAST).ok()).isTrue();
        ArtifactVerification full = ArtifactVerifier.verify(syn, Mode.FULL);
        assertThat(full.problem()).startsWith("checkpoint sha256 mismatch for \"" + checkpoint + "\"")
                .contains("delete it and run 'coordinator artifact fetch' again");
    }

    @Test
    void should_catch_truncated_padded_and_missing_checkpoints_in_fast_mode() throws IOException {
        Path syn = Bundles.synthetic(tmp.resolve("syn"));
        Path checkpoint = syn.resolve("checkpoints/0002_decoder.blocks.1.self_attention.query.kernel.safetensors");
        byte[] bytes = Files.readAllBytes(checkpoint);

        Files.write(checkpoint, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        assertThat(ArtifactVerifier.verify(syn, Mode.FAST).problem()).contains(checkpoint.toString())
                .contains("The file is damaged");

        Files.write(checkpoint, java.util.Arrays.copyOf(bytes, bytes.length + 4));
        assertThat(ArtifactVerifier.verify(syn, Mode.FAST).problem())
                .contains("is " + (bytes.length + 4) + " bytes but its header describes " + bytes.length);

        Files.delete(checkpoint);
        assertThat(ArtifactVerifier.verify(syn, Mode.FAST).problem())
                .startsWith("checkpoint \"" + checkpoint + "\" for \"decoder.blocks.1.self_attention.query.kernel\" "
                        + "is missing.");
    }

    @Test
    void should_report_directory_manifest_and_head_problems() throws IOException {
        Path none = tmp.resolve("absent");
        assertThat(ArtifactVerifier.verify(none, Mode.FAST).problem()).contains("does not exist");
        Path tiny = Bundles.tinyCopy(tmp.resolve("tiny"));
        Bundles.editManifest(tiny, m -> m.put("status", "failed"));
        assertThat(ArtifactVerifier.verify(tiny, Mode.FAST).problem())
                .contains("manifest status \"failed\" is incomplete");
        Bundles.editManifest(tiny, m -> m.put("status", "complete").put("artifact_layout", "zip"));
        assertThat(ArtifactVerifier.verify(tiny, Mode.FAST).problem()).contains("unknown artifact_layout \"zip\"");
        Bundles.editManifest(tiny, m -> m.put("artifact_layout", "checkpoint_directory"));
        Files.write(tiny.resolve("router_head.safetensors"), new byte[] {1, 2, 3});
        assertThat(ArtifactVerifier.verify(tiny, Mode.FAST).problem()).startsWith("router_head sha256 mismatch");
    }

}
