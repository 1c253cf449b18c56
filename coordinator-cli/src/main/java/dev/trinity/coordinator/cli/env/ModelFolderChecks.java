package dev.trinity.coordinator.cli.env;

import dev.trinity.coordinator.cli.CliFailure;
import dev.trinity.coordinator.hub.SnapshotHashes;
import dev.trinity.coordinator.qwen3.ModelLocator;
import dev.trinity.coordinator.qwen3.Qwen3Checkpoint;
import dev.trinity.coordinator.qwen3.Qwen3Config;
import dev.trinity.coordinator.qwen3.RandomTensorSource;
import dev.trinity.coordinator.safetensors.TensorInfo;
import dev.trinity.coordinator.tokenizer.QwenTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Checks a Hugging Face Qwen3 model folder: config.json, the weights' names, shapes and finiteness, the tokenizer,
 * and (on request) the files' hashes.
 */
final class ModelFolderChecks {

    private static final String PROBE_TEXT = "user: hello";

    private ModelFolderChecks() {
    }

    /**
     * Checks the folder's config, then its weights (names, shapes, every value finite), then its tokenizer; with
     * {@code verifyHashes} also every file against the hash its Hugging Face cache blob is named by.
     */
    static void checkModel(Path dir, boolean verifyHashes, Map<String, String> facts, Consumer<String> progress)
            throws CheckProblem {
        progress.accept("model");
        facts.put("model_dir", dir.toString());
        if (!Files.isDirectory(dir)) {
            throw new CheckProblem("model directory \"" + dir + "\" does not exist or is not a directory. Point "
                    + "--model-dir at a Hugging Face snapshot folder, or run 'coordinator model fetch "
                    + ModelLocator.DEFAULT_REPO + "'");
        }
        Path configFile = dir.resolve("config.json");
        if (!Files.isRegularFile(configFile)) {
            throw new CheckProblem("model directory \"" + dir + "\" has no config.json. Point --model-dir at a "
                    + "Hugging Face snapshot folder (config.json, model.safetensors, tokenizer.json), or run "
                    + "'coordinator model fetch " + ModelLocator.DEFAULT_REPO + "'");
        }
        Qwen3Config config;
        try {
            config = Qwen3Config.read(configFile);
        } catch (IOException e) {
            throw new CheckProblem(CliFailure.messageOf(e) + ". Point --model-dir at a Qwen3 model folder such as "
                    + ModelLocator.DEFAULT_REPO);
        }
        facts.put("model_type", "qwen3");
        facts.put("model_shape", config.numHiddenLayers() + " layers, hidden " + config.hiddenSize() + ", vocab "
                + config.vocabSize());
        checkWeights(dir, config, facts);
        checkTokenizer(dir, config, facts);
        if (verifyHashes) {
            checkHashes(dir, facts, progress);
        } else {
            facts.put("model_hashes", "not checked (--verify-hashes compares the files with the hashes their Hugging "
                    + "Face cache blobs are named by)");
        }
    }

    private static void checkHashes(Path dir, Map<String, String> facts, Consumer<String> progress)
            throws CheckProblem {
        SnapshotHashes hashes;
        try {
            hashes = SnapshotHashes.verify(dir, progress);
        } catch (IOException e) {
            throw new CheckProblem("cannot hash the model files in \"" + dir + "\": " + CliFailure.messageOf(e)
                    + ". Check the folder's permissions");
        }
        if (!hashes.ok()) {
            throw new CheckProblem(hashes.problem());
        }
        facts.put("model_hashes", hashes.verified().isEmpty()
                ? "unknown (not a Hugging Face cache snapshot: no blob names to compare " + hashes.unnamed().size()
                        + " files with)"
                : "ok (" + hashes.verified().size() + " files match their Hugging Face cache blob names"
                        + (hashes.unnamed().isEmpty() ? "" : "; " + hashes.unnamed().size() + " unnamed") + ")");
    }

    private static void checkWeights(Path dir, Qwen3Config config, Map<String, String> facts) throws CheckProblem {
        String fix = ". Download the weights again ('coordinator model fetch " + ModelLocator.DEFAULT_REPO
                + " --dest DIR') or repair the folder";
        try (Qwen3Checkpoint checkpoint = Qwen3Checkpoint.open(dir);
             RandomTensorSource expected = new RandomTensorSource(config, 0)) {
            checkFinite(checkpoint);
            for (String name : expected.names()) {
                if (!checkpoint.names().contains(name)) {
                    throw new CheckProblem("the weights in \"" + dir + "\" have no tensor \"" + name + "\", which "
                            + "config.json implies" + fix);
                }
                TensorInfo actual = checkpoint.info(name);
                long[] wanted = expected.info(name).shape();
                if (!Arrays.equals(actual.shape(), wanted)) {
                    throw new CheckProblem("the weights in \"" + dir + "\" give tensor \"" + name + "\" the shape "
                            + Arrays.toString(actual.shape()) + ", but config.json implies "
                            + Arrays.toString(wanted) + fix);
                }
            }
            boolean single = Files.isRegularFile(dir.resolve("model.safetensors"));
            facts.put("model_weights", single ? "model.safetensors"
                    : "model.safetensors.index.json (" + shardCount(dir) + " shards)");
            facts.put("model_tensors", String.valueOf(checkpoint.names().size()));
            facts.put("model_weight_dtype", checkpoint.info("model.embed_tokens.weight").dtype().toString());
        } catch (IOException e) {
            throw new CheckProblem(CliFailure.messageOf(e) + fix);
        }
    }

    /** Every value of every tensor is finite (one pass over the mapped files); the message names tensor and file. */
    private static void checkFinite(Qwen3Checkpoint checkpoint) throws CheckProblem {
        for (String name : checkpoint.names()) {
            try {
                checkpoint.bytes(name);
            } catch (IOException e) {
                throw new CheckProblem(CliFailure.messageOf(e));
            }
        }
    }

    private static long shardCount(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".safetensors") && n.startsWith("model-")).count();
        }
    }

    private static void checkTokenizer(Path dir, Qwen3Config config, Map<String, String> facts)
            throws CheckProblem {
        String fix = ". Copy the tokenizer.json of " + ModelLocator.DEFAULT_REPO + " into \"" + dir + "\"";
        try (QwenTokenizer tokenizer = QwenTokenizer.load(dir)) {
            int[] ids = tokenizer.encode(PROBE_TEXT);
            if (ids.length == 0) {
                throw new CheckProblem("tokenizer \"" + tokenizer.file() + "\" turns \"" + PROBE_TEXT + "\" into no "
                        + "tokens" + fix);
            }
            int max = Arrays.stream(ids).max().orElse(0);
            if (max >= config.vocabSize()) {
                throw new CheckProblem("tokenizer \"" + tokenizer.file() + "\" gives token id " + max + ", outside "
                        + "the model's vocab_size " + config.vocabSize() + "; it belongs to another model" + fix);
            }
            facts.put("tokenizer", tokenizer.file().toString());
            facts.put("tokenizer_probe", "\"" + PROBE_TEXT + "\" -> " + ids.length + " tokens");
        } catch (IOException e) {
            throw new CheckProblem(CliFailure.messageOf(e) + fix);
        }
    }
}
