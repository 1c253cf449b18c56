package dev.trinity.coordinator.adapted;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.artifact.ArtifactManifest;
import dev.trinity.coordinator.artifact.ArtifactVerification;
import dev.trinity.coordinator.artifact.ArtifactVerifier;
import dev.trinity.coordinator.artifact.SelectedTensor;
import dev.trinity.coordinator.hash.Sha256;
import dev.trinity.coordinator.qwen3.Qwen3Checkpoint;
import dev.trinity.coordinator.qwen3.Qwen3Config;
import dev.trinity.coordinator.route.RouterVectorSplit;
import dev.trinity.coordinator.safetensors.DType;
import dev.trinity.coordinator.safetensors.SafetensorsFile;
import dev.trinity.coordinator.safetensors.SafetensorsWriter;
import dev.trinity.coordinator.setting.MissingInputException;
import dev.trinity.coordinator.setting.Setting;
import dev.trinity.coordinator.setting.Wording;
import dev.trinity.coordinator.svf.SvfAdapter;
import dev.trinity.coordinator.svf.SvfEntry;
import dev.trinity.coordinator.svf.SvfSelection;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes an adapted bundle in the reference's format from a base model and a router vector: BF16 checkpoints of W'
 * (round to nearest even; layer kernels transposed to the Axon orientation), the router head as F32 with the
 * reference's unpadded header, and a manifest with the sha256 of every file.
 *
 * <p>Resumable: the manifest is rewritten after each checkpoint, and a rerun skips checkpoints whose recorded
 * sha256 still matches. A folder holding a bundle built from other inputs is refused, never overwritten.
 * Re-derived checkpoints do not byte-match the published bundle (a different SVD), but route the same.
 */
public final class BundleBuilder {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BundleBuilder() {
    }

    /** What the weights are computed from: a resumed build must share it with the bundle on disk. */
    private record Identity(String sourceVectorSha256, String baseConfigSha256, List<Integer> layers,
                            int offsetCount) {
        /** The manifest's {@code export_spec}. */
        JsonNode toJson() {
            ObjectNode spec = JSON.createObjectNode();
            spec.put("source_vector_sha256", sourceVectorSha256);
            spec.put("base_config_sha256", baseConfigSha256);
            layers.forEach(spec.putArray("opt_layer_indices")::add);
            spec.put("scale_offset_count", offsetCount);
            return spec;
        }
    }

    /** What a build did. */
    public record Result(Path directory, int written, int reused, ArtifactVerification verification) {
    }

    /**
     * Builds (or finishes) a bundle.
     *
     * @param esLog the vector's ES log, or null to find it beside the vector
     * @param progress one message per step
     * @throws IOException naming the file or mismatch, with the fix
     */
    public static Result build(Path modelDir, Path vectorFile, Path esLog, Path out, Consumer<String> progress)
            throws IOException {
        EsLog log = EsLog.read(esLog != null ? esLog : EsLog.besideVector(vectorFile));
        Qwen3Config config = Qwen3Config.read(modelDir.resolve("config.json"));
        SvfSelection selection = SvfSelection.of(config, log.optLayerIndices());
        RouterVectorSplit split = RouterVectorSplit.read(vectorFile, RouterVectorSplit.SAKANA_OUTPUT_COUNT,
                config.hiddenSize());
        if (split.scaleCount() != selection.offsetCount()) {
            throw new IOException("router vector " + vectorFile + " has " + split.scaleCount() + " offsets, but "
                    + "layers " + log.optLayerIndices() + " of " + modelDir + " need " + selection.offsetCount());
        }
        Identity identity = new Identity(Sha256.ofFile(vectorFile),
                Sha256.ofFile(modelDir.resolve("config.json")), log.optLayerIndices(), selection.offsetCount());
        Files.createDirectories(out.resolve("checkpoints"));
        Path manifestFile = out.resolve(ArtifactManifest.FILE_NAME);
        ArtifactManifest manifest = resumeOrCreate(manifestFile, identity, modelDir, vectorFile, split, config, log,
                selection);
        if (manifest.isComplete()) {
            progress.accept("bundle already complete; verifying");
            return new Result(out, 0, selection.entries().size(), verify(out));
        }
        manifest = writeHead(out, split, manifest);
        manifest.write(manifestFile);
        int written = 0;
        int reused = 0;
        try (Qwen3Checkpoint base = Qwen3Checkpoint.open(modelDir)) {
            SvfAdapter.Basis embedding = null;
            long start = System.nanoTime();
            for (SvfEntry entry : selection.entries()) {
                Path file = out.resolve(entry.checkpointPath());
                String done = manifest.completedSha256(entry.index());
                if (done != null && Files.isRegularFile(file) && done.equals(Sha256.ofFile(file))) {
                    reused++;
                    progress.accept(String.format("%d/%d %s: already complete", entry.index(),
                            selection.entries().size(), entry.checkpointPath()));
                    continue;
                }
                boolean onEmbedding = entry.isEmbedding() || entry.isLmHead();
                SvfAdapter.Basis basis = onEmbedding && embedding != null ? embedding : basis(base, entry);
                if (onEmbedding) {
                    embedding = basis;
                }
                float[] adapted = SvfAdapter.adapt(basis, Arrays.copyOfRange(split.offsets(), entry.offsetStart(),
                        entry.offsetEnd())).weights();
                float[] stored = entry.transposedInBundle()
                        ? RouterAssembly.transpose(adapted, entry.rows(), entry.cols()) : adapted;
                writeAtomically(file, SafetensorsWriter.builder().style(SafetensorsWriter.HeaderStyle.UNPADDED)
                        .addBf16(entry.artifactKey(), entry.bundleShape(), stored));
                manifest = manifest.withCheckpoint(entry.index(), Sha256.ofFile(file), now());
                manifest.write(manifestFile);
                written++;
                progress.accept(String.format("%d/%d %s (%.1f s)", entry.index(), selection.entries().size(),
                        entry.checkpointPath(), (System.nanoTime() - start) / 1e9));
            }
        }
        manifest = manifest.completed(now());
        manifest.write(manifestFile);
        return new Result(out, written, reused, verify(out));
    }

    private static ArtifactManifest resumeOrCreate(Path manifestFile, Identity identity, Path modelDir,
                                                   Path vectorFile, RouterVectorSplit split, Qwen3Config config,
                                                   EsLog log, SvfSelection selection) throws IOException {
        if (Files.isRegularFile(manifestFile)) {
            ArtifactManifest existing = ArtifactManifest.read(manifestFile);
            JsonNode recorded = existing.exportSpec();
            if (recorded == null || !recorded.equals(identity.toJson())) {
                throw new MissingInputException(Wording.of(manifestFile.getParent() + " already holds a different "
                        + "bundle (built from " + (recorded == null ? "unknown inputs" : "source vector "
                        + recorded.path("source_vector_sha256").asText()) + "); choose another ", Setting.OUTPUT_DIR,
                        " or delete it"));
            }
            return existing;
        }
        String repo = modelDir.toString().contains("models--Qwen--Qwen3-0.6B") ? "Qwen/Qwen3-0.6B"
                : modelDir.toString();
        String sourceType;
        try (SafetensorsFile probe = firstWeights(modelDir)) {
            sourceType = probe.tensors().get(0).dtype() == DType.BF16 ? "{:bf, 16}" : "{:f, 32}";
        }
        List<SelectedTensor> tensors = new ArrayList<>();
        for (SvfEntry entry : selection.entries()) {
            tensors.add(SelectedTensor.pending(entry.index(), entry.artifactKey(), List.of(entry.segments()),
                    entry.sourceName(), List.of(entry.bundleShape()[0], entry.bundleShape()[1]), sourceType,
                    entry.offsetStart(), entry.offsetEnd(), entry.checkpointPath()));
        }
        return ArtifactManifest.pendingExport(identity.toJson(), repo, vectorFile.toString(),
                identity.sourceVectorSha256(),
                split.scaleCount() + split.headCount(), config.hiddenSize(), split.outputCount(),
                log.optLayerIndices(), log.agentLabels(), tensors, now());
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static SafetensorsFile firstWeights(Path modelDir) throws IOException {
        Path single = modelDir.resolve("model.safetensors");
        if (Files.isRegularFile(single)) {
            return SafetensorsFile.open(single);
        }
        try (var files = Files.list(modelDir)) {
            Path shard = files.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().findFirst()
                    .orElseThrow(() -> new IOException("no safetensors weights in " + modelDir));
            return SafetensorsFile.open(shard);
        }
    }

    private static SvfAdapter.Basis basis(Qwen3Checkpoint base, SvfEntry entry) throws IOException {
        String name = entry.isLmHead() && !base.names().contains("lm_head.weight")
                ? "model.embed_tokens.weight" : entry.sourceName();
        float[] weights = new float[entry.rows() * entry.cols()];
        base.readFloats(name, FloatBuffer.wrap(weights));
        return SvfAdapter.basis(weights, entry.rows(), entry.cols());
    }

    private static ArtifactManifest writeHead(Path out, RouterVectorSplit split, ArtifactManifest manifest)
            throws IOException {
        Path head = out.resolve(ArtifactManifest.ROUTER_HEAD_FILE);
        writeAtomically(head, SafetensorsWriter.builder().style(SafetensorsWriter.HeaderStyle.UNPADDED)
                .addFloats(ArtifactManifest.ROUTER_HEAD_KEY, new long[] {split.outputCount(), split.hiddenSize()},
                        split.headWeights()));
        return manifest.withRouterHeadSha256(Sha256.ofFile(head));
    }

    private static void writeAtomically(Path file, SafetensorsWriter writer) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".part");
        writer.write(temp);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static ArtifactVerification verify(Path out) {
        return ArtifactVerifier.verify(out, ArtifactVerifier.Mode.FULL);
    }
}
