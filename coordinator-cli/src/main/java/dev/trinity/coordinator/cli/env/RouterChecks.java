package dev.trinity.coordinator.cli.env;

import dev.trinity.coordinator.adapted.EsLog;
import dev.trinity.coordinator.adapted.RouterFit;
import dev.trinity.coordinator.artifact.AdaptedArtifact;
import dev.trinity.coordinator.artifact.ArtifactPin;
import dev.trinity.coordinator.cli.CliFailure;
import dev.trinity.coordinator.hash.Sha256;
import dev.trinity.coordinator.qwen3.Qwen3Config;
import dev.trinity.coordinator.route.RouterHead;
import dev.trinity.coordinator.route.RouterVectorSplit;
import dev.trinity.coordinator.safetensors.SafetensorsFile;
import dev.trinity.coordinator.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Checks the router against the model it will run on ({@link RouterFit}) and says whether its head is Sakana's
 * pinned one: a fact by default (a router trained by a user differs on purpose), a problem when the pin is required.
 */
final class RouterChecks {

    /** The pinned file whose SHA-256 identifies Sakana's head. */
    static final String PINNED_HEAD = "router_head.safetensors";

    private RouterChecks() {
    }

    /**
     * Checks a router vector: readable with its ES log, the fit with the model when one is given, the pin.
     *
     * @param modelDir the checked model folder, or null
     * @param pinFile the artifact pin naming Sakana's head, or null to skip the pin fact
     */
    static void checkVector(Path vector, Path esLog, Path modelDir, Path pinFile, boolean requirePin,
                            Map<String, String> facts, Consumer<String> progress) throws CheckProblem {
        progress.accept("router vector");
        facts.put("router_vector", vector.toString());
        RouterHead head;
        try {
            EsLog log = EsLog.read(esLog != null ? esLog : EsLog.besideVector(vector));
            facts.put("router_vector_layers", log.optLayerIndices().toString());
            int hidden;
            if (modelDir != null) {
                Qwen3Config config = Qwen3Config.read(modelDir.resolve("config.json"));
                fit(RouterFit.ofVector(config, vector, log), "the router vector " + vector, facts);
                hidden = config.hiddenSize();
            } else {
                hidden = impliedHidden(vector, log);
            }
            head = RouterVectorSplit.read(vector, RouterVectorSplit.SAKANA_OUTPUT_COUNT, hidden).head();
        } catch (IOException | IllegalArgumentException e) {
            throw new CheckProblem(CliFailure.messageOf(e) + ". Pass the router vector and its ES log (--es-log)");
        }
        byte[] file = SafetensorsWriter.builder().style(SafetensorsWriter.HeaderStyle.UNPADDED)
                .addFloats("trinity_router_head", new long[] {head.outputCount(), head.hiddenSize()}, head.weights())
                .toBytes();
        pin("router_vector_head_pinned", Sha256.of(file), pinFile, requirePin, facts);
    }

    /** Checks a verified bundle against the model (when given) and the pin. */
    static void checkArtifact(Path artifactDir, Path modelDir, Path pinFile, boolean requirePin,
                              Map<String, String> facts) throws CheckProblem {
        try {
            AdaptedArtifact artifact = AdaptedArtifact.load(artifactDir);
            if (modelDir != null) {
                fit(RouterFit.ofBundle(Qwen3Config.read(modelDir.resolve("config.json")), artifact),
                        "the artifact " + artifactDir, facts);
            }
            pin("artifact_router_head_pinned", Sha256.ofFile(artifact.routerHeadFile()), pinFile, requirePin, facts);
        } catch (IOException e) {
            throw new CheckProblem(CliFailure.messageOf(e));
        }
    }

    private static void fit(RouterFit fit, String router, Map<String, String> facts) throws CheckProblem {
        if (!fit.fits()) {
            throw new CheckProblem(router + " and the model cannot work together: " + fit.describe()
                    + ". Pass the model the router was built for (--model-dir), or the router made for this model");
        }
        facts.put("router_fits_model", "yes (" + fit.summary() + ")");
    }

    /**
     * Whether a head's file SHA-256 is the pinned one.
     *
     * @param headSha256 the SHA-256 of the head as {@code router_head.safetensors} stores it
     */
    private static void pin(String key, String headSha256, Path pinFile, boolean requirePin,
                            Map<String, String> facts) throws CheckProblem {
        if (pinFile == null) {
            return;
        }
        String pinned;
        try {
            pinned = ArtifactPin.read(pinFile).files().stream().filter(f -> f.path().equals(PINNED_HEAD))
                    .map(ArtifactPin.PinnedFile::sha256).findFirst().orElse(null);
        } catch (IOException e) {
            throw new CheckProblem(CliFailure.messageOf(e));
        }
        if (pinned == null) {
            throw new CheckProblem("artifact pin " + pinFile + " pins no " + PINNED_HEAD + ". Restore the pin file");
        }
        if (pinned.equalsIgnoreCase(headSha256)) {
            facts.put(key, "yes (sha256 " + headSha256 + " = Sakana's head pinned in " + pinFile + ")");
            return;
        }
        facts.put(key, "no (sha256 " + headSha256 + "; Sakana's head pinned in " + pinFile + " is " + pinned
                + "; expected for a router trained by you, --require-pin makes it a failure)");
        if (requirePin) {
            throw new CheckProblem("the router head is not Sakana's pinned head (sha256 " + headSha256 + ", pinned "
                    + pinned + " in " + pinFile + "). Use Sakana's vector or bundle, or drop --require-pin for a "
                    + "router you trained");
        }
    }

    /**
     * The hidden size a router vector implies without a model: Qwen3's selection takes {@code 2 + 7 × layers}
     * tensors whose smallest side is the hidden size, then the head has 10 rows of it.
     */
    private static int impliedHidden(Path vector, EsLog log) throws IOException {
        long length;
        try (SafetensorsFile file = SafetensorsFile.open(vector)) {
            length = file.tensors().size() == 1 ? file.tensors().get(0).elementCount()
                    : file.tensor(RouterVectorSplit.VECTOR_TENSOR_KEY).elementCount();
        }
        long parts = 2 + 7L * log.optLayerIndices().size() + RouterVectorSplit.SAKANA_OUTPUT_COUNT;
        if (length % parts != 0) {
            throw new IOException("router vector " + vector + " has " + length + " values, not a Qwen3 router vector "
                    + "for " + log.optLayerIndices().size() + " SVF layer(s) (a multiple of " + parts + ")");
        }
        return Math.toIntExact(length / parts);
    }
}
