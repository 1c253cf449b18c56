package dev.trinity.coordinator.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.hash.Sha256;
import dev.trinity.coordinator.route.RouteDecision;
import dev.trinity.coordinator.route.RouterHead;
import dev.trinity.coordinator.safetensors.DType;
import dev.trinity.coordinator.safetensors.SafetensorsWriter;
import dev.trinity.coordinator.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdaptedArtifactTest {

    @TempDir
    Path tmp;

    @Test
    void should_read_every_field_of_the_tiny_reference_manifest_and_route_with_its_head() throws IOException {
        AdaptedArtifact artifact = AdaptedArtifact.load(Bundles.tinyCopy(tmp.resolve("tiny")));
        ArtifactManifest m = artifact.manifest();
        assertThat(m.artifactVersion()).isEqualTo(1);
        assertThat(m.status()).isEqualTo("complete");
        assertThat(m.exportComplete()).isTrue();
        assertThat(m.layout()).isEqualTo(ArtifactLayout.CHECKPOINT_DIRECTORY);
        assertThat(m.routerHeadShape()).containsExactly(5, 8);
        assertThat(m.sourceSplit()).isEqualTo(new ArtifactManifest.SourceSplit(0, 8, 5));
        assertThat(m.split()).isEqualTo(new ArtifactManifest.Split(0, 40));
        assertThat(m.architecture()).isEqualTo("for_routing_only");
        assertThat(m.importer()).isEqualTo("TrinityCoordinator.Test.SakanaTinyArtifactFactory");
        assertThat(m.pythonManifestPath()).isNull();
        assertThat(m.createdAt()).isEqualTo("2026-05-20T00:00:00Z");
        assertThat(m.selectedTensors()).isEmpty();
        assertThat(artifact.manifestSha256()).isEqualTo(Sha256.ofFile(artifact.manifestFile()));
        assertThat(artifact.identity().baseModelRepo()).isEqualTo("synthetic/tiny-router");

        RouterHead head = artifact.loadRouterHead();
        float[] half = new float[8];
        Arrays.fill(half, 0.5f);
        RouteDecision decision = head.route(half).withArtifactIdentity(artifact.identity());
        assertThat(decision.agentId()).isEqualTo(1);
        assertThat(decision.roleId()).isEqualTo(2);
        assertThat(decision.roleMargin()).isCloseTo(0.4, within(1e-6));
        assertThat(decision.toTraceMap()).containsKeys("agent_id", "role_id", "role_name", "margins",
                "selection_modes", "transcript_hash", "artifact_identity").hasSize(7);

        // the tiny artifact only carries a head
        assertThatThrownBy(() -> artifact.loadAdaptedTensors(true)).isInstanceOf(MalformedArtifactException.class)
                .hasMessageContaining("has no selected_tensors");
    }

    @Test
    void should_round_trip_the_manifest_model_through_json() throws IOException {
        Path dir = Bundles.synthetic(tmp.resolve("syn"));
        ArtifactManifest m = ArtifactManifest.read(dir.resolve("manifest.json"));
        ArtifactManifest again = ArtifactManifest.parse(m.toJson(), dir.resolve("manifest.json"));
        assertThat(again).isEqualTo(m);
        assertThat(new String(m.toJson(), java.nio.charset.StandardCharsets.UTF_8))
                .startsWith("{\"adapted_tensors_artifact\":").contains("\"selected_tensors\":[{");
    }

    @Test
    void should_name_the_missing_or_null_key() throws IOException {
        Path dir = Bundles.tinyCopy(tmp.resolve("tiny"));
        Bundles.editManifest(dir, m -> m.remove("split"));
        assertThatThrownBy(() -> AdaptedArtifact.open(dir)).isInstanceOf(MalformedArtifactException.class)
                .hasMessageContaining("missing required key \"split\"").hasMessageContaining(dir.toString());
        Bundles.editManifest(dir, m -> m.putObject("split").put("scale_count", 0).put("head_count", 40));
        Bundles.editManifest(dir, m -> m.putNull("xla_target"));
        assertThatThrownBy(() -> AdaptedArtifact.open(dir)).hasMessageContaining("\"xla_target\"");
        Bundles.editManifest(dir, m -> m.put("xla_target", "cpu").put("selected_tensors", "none"));
        assertThatThrownBy(() -> AdaptedArtifact.open(dir)).hasMessageContaining("selected_tensors must be a list");
        Files.writeString(dir.resolve("manifest.json"), "{\"artifact_version\": ");
        assertThatThrownBy(() -> AdaptedArtifact.open(dir)).hasMessageContaining("is not valid JSON");
    }

    @Test
    void should_refuse_incomplete_manifests_with_the_reference_texts() throws IOException {
        Path dir = Bundles.tinyCopy(tmp.resolve("tiny"));
        Bundles.editManifest(dir, m -> m.put("partial_debug_only", true));
        assertThatThrownBy(() -> AdaptedArtifact.load(dir)).hasMessageContaining("artifact is partial_debug_only");
        Bundles.editManifest(dir, m -> m.put("partial_debug_only", false).put("artifact_version", 2));
        assertThatThrownBy(() -> AdaptedArtifact.load(dir)).hasMessageContaining("unsupported artifact version 2");
        Bundles.editManifest(dir, m -> m.put("artifact_version", 1).put("status", "partial"));
        assertThatThrownBy(() -> AdaptedArtifact.load(dir))
                .hasMessageContaining("manifest status \"partial\" is incomplete");
        Bundles.editManifest(dir, m -> m.put("status", "complete").put("export_complete", false));
        assertThatThrownBy(() -> AdaptedArtifact.load(dir)).hasMessageContaining("manifest export_complete=false");
        Bundles.editManifest(dir, m -> m.put("export_complete", true));
        assertThat(AdaptedArtifact.load(dir).manifest().status()).isEqualTo("complete");
    }

    @Test
    void should_name_missing_directory_and_manifest() throws IOException {
        Path none = tmp.resolve("none");
        assertThatThrownBy(() -> AdaptedArtifact.open(none))
                .hasMessageStartingWith("artifact directory \"" + none + "\" does not exist or is not a directory.");
        Files.createDirectories(none);
        assertThatThrownBy(() -> AdaptedArtifact.open(none)).hasMessageContaining("exists but \"" + none
                + "/manifest.json\" is missing. The directory may be partially populated");
    }

    @Test
    void should_check_the_router_head_sha_key_and_shape() throws IOException {
        Path dir = Bundles.tinyCopy(tmp.resolve("tiny"));
        Path headFile = dir.resolve("router_head.safetensors");
        byte[] bytes = Files.readAllBytes(headFile);
        bytes[bytes.length - 1] ^= 1;
        Files.write(headFile, bytes);
        assertThatThrownBy(() -> AdaptedArtifact.load(dir).loadRouterHead())
                .hasMessageStartingWith("router_head sha256 mismatch: expected "
                        + "32cede39079136e3ec92b386ce9dc963ee03b6e0c82f86c4607244817e36408c, got ");

        // a head under another key (manifest sha updated, so the key check is what fails)
        SafetensorsWriter.builder().addFloats("other", new long[] {5, 8}, new float[40]).write(headFile);
        String sha = Sha256.ofFile(headFile);
        Bundles.editManifest(dir, m -> m.put("router_head_sha256", sha));
        assertThatThrownBy(() -> AdaptedArtifact.load(dir).loadRouterHead())
                .hasMessageStartingWith("missing tensor \"trinity_router_head\" in \"" + headFile + "\"");

        // a {6, 8} head against router_head_shape [5, 8]
        SafetensorsWriter.builder().addFloats("trinity_router_head", new long[] {6, 8}, new float[48]).write(headFile);
        String sha6 = Sha256.ofFile(headFile);
        Bundles.editManifest(dir, m -> m.put("router_head_sha256", sha6));
        assertThatThrownBy(() -> AdaptedArtifact.load(dir).loadRouterHead()).hasMessageStartingWith(
                "router head shape mismatch: manifest declares output_count=5 but built head has num_agents=3 "
                        + "+ num_roles=3 = 6");

        // an empty router_head_sha256 skips the hash check, as in the reference
        Bundles.editManifest(dir, m -> m.put("router_head_sha256", "").putArray("router_head_shape").add(6).add(8));
        assertThat(AdaptedArtifact.load(dir).loadRouterHead().numAgents()).isEqualTo(3);

        Files.delete(headFile);
        assertThatThrownBy(() -> AdaptedArtifact.load(dir).loadRouterHead())
                .hasMessageStartingWith("router head \"" + headFile + "\" is missing.");
    }

    @Test
    void should_load_adapted_tensors_with_shape_dtype_and_sha_checks() throws IOException {
        Path dir = Bundles.synthetic(tmp.resolve("syn"));
        AdaptedArtifact artifact = AdaptedArtifact.load(dir);
        List<AdaptedTensor> tensors = artifact.loadAdaptedTensors(true);
        assertThat(tensors).hasSize(2);
        assertThat(tensors.get(1).shape()).containsExactly(8, 12);
        assertThat(tensors.get(1).dtype()).isEqualTo(DType.BF16);
        assertThat(tensors.get(1).entry().isLayerKernel()).isTrue();
        assertThat(tensors.get(0).entry().isLayerKernel()).isFalse();
        assertThat(tensors.get(0).values()[3]).isCloseTo((float) Math.sin(4), within(4e-3f));
        assertThat(tensors.get(1).entry().canonicalCheckpointPath())
                .isEqualTo(tensors.get(1).entry().checkpointPath());

        // wrong shape in the manifest
        Bundles.editManifest(dir, m -> ((ObjectNode) m.get("selected_tensors").get(1)).putArray("shape").add(12)
                .add(8));
        SelectedTensor swapped = AdaptedArtifact.load(dir).selectedTensors().get(1);
        assertThatThrownBy(() -> AdaptedArtifact.load(dir).loadAdaptedTensor(swapped, false))
                .hasMessageContaining("has shape [8, 12] but the manifest says [12, 8]");
        // wrong dtype in the manifest
        Bundles.editManifest(dir, m -> {
            ObjectNode e = (ObjectNode) m.get("selected_tensors").get(1);
            e.putArray("shape").add(8).add(12);
            e.put("type", "{:f, 32}");
        });
        SelectedTensor f32 = AdaptedArtifact.load(dir).selectedTensors().get(1);
        assertThatThrownBy(() -> AdaptedArtifact.load(dir).loadAdaptedTensor(f32, false))
                .hasMessageContaining("is BF16 but the manifest says type {:f, 32}");
        // an entry that is not complete
        Bundles.editManifest(dir, m -> ((ObjectNode) m.get("selected_tensors").get(0)).put("status", "pending"));
        SelectedTensor pending = AdaptedArtifact.load(dir).selectedTensors().get(0);
        assertThatThrownBy(() -> AdaptedArtifact.load(dir).loadAdaptedTensor(pending, false))
                .hasMessageContaining("cannot load incomplete adapted tensor \"embedder.token_embedding.kernel\"");
        // a checkpoint path that leaves the bundle
        Bundles.editManifest(dir, m -> ((ObjectNode) m.get("selected_tensors").get(0)).put("status", "complete")
                .put("checkpoint_path", "../outside.safetensors"));
        SelectedTensor outside = AdaptedArtifact.load(dir).selectedTensors().get(0);
        assertThatThrownBy(() -> AdaptedArtifact.load(dir).loadAdaptedTensor(outside, false))
                .hasMessageContaining("points outside the bundle");
    }

    @Test
    void should_load_the_single_file_layout() throws IOException {
        Path dir = Bundles.synthetic(tmp.resolve("single"));
        float[] a = new float[16 * 8];
        float[] b = new float[8 * 12];
        Arrays.fill(a, 0.5f);
        Arrays.fill(b, -2f);
        Path single = dir.resolve("adapted_tensors.safetensors");
        SafetensorsWriter.builder().addBf16("embedder.token_embedding.kernel", new long[] {16, 8}, a)
                .addBf16("decoder.blocks.1.self_attention.query.kernel", new long[] {8, 12}, b).write(single);
        String sha = Sha256.ofFile(single);
        Bundles.editManifest(dir, m -> m.put("artifact_layout", "single_file").put("adapted_tensors_sha256", sha));
        List<AdaptedTensor> tensors = AdaptedArtifact.load(dir).loadAdaptedTensors(true);
        assertThat(tensors.get(1).values()).containsOnly(-2f);
        assertThat(tensors.get(1).file()).isEqualTo(single);
        assertThat(ArtifactVerifier.verify(dir, ArtifactVerifier.Mode.FULL).ok()).isTrue();
        Bundles.editManifest(dir, m -> m.put("adapted_tensors_sha256", "0".repeat(64)));
        assertThatThrownBy(() -> AdaptedArtifact.load(dir).loadAdaptedTensors(true))
                .hasMessageStartingWith("adapted_tensors sha256 mismatch: expected " + "0".repeat(64));
        assertThat(ArtifactVerifier.verify(dir, ArtifactVerifier.Mode.FAST).ok()).isTrue();
        assertThat(ArtifactVerifier.verify(dir, ArtifactVerifier.Mode.FULL).problem())
                .startsWith("adapted_tensors sha256 mismatch");
    }

}
