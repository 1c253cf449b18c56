package dev.trinity.coordinator.adapted;

import dev.trinity.coordinator.hash.Sha256;
import dev.trinity.coordinator.qwen3.Qwen3Config;
import dev.trinity.coordinator.qwen3.Qwen3Options;
import dev.trinity.coordinator.route.HiddenStateExtractor;
import dev.trinity.coordinator.route.RouterVectorSplit;
import dev.trinity.coordinator.svf.SvfSelection;
import dev.trinity.coordinator.train.TrainableRouter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The Qwen3 router as the trainer sees it: the base model adapted at load time with a router vector's SVF offsets
 * ({@link RouterSource#routerVector}). Head+svf candidates re-patch the model through the same load-time SVF path
 * as {@link RouterLoader} takes for a router vector file, one fresh model per candidate.
 */
public final class QwenTrainableRouter implements TrainableRouter {

    private final Path modelDir;
    private final EsLog log;
    private final float[] vector;
    private final Qwen3Options options;
    private final LoadedRouter loaded;
    private final String modelSha256;
    private final int hidden;

    private QwenTrainableRouter(Path modelDir, EsLog log, float[] vector, Qwen3Options options, LoadedRouter loaded,
                                String modelSha256, int hidden) {
        this.modelDir = modelDir;
        this.log = log;
        this.vector = vector;
        this.options = options;
        this.loaded = loaded;
        this.modelSha256 = modelSha256;
        this.hidden = hidden;
    }

    /**
     * Loads the model adapted with a router vector file.
     *
     * @param modelDir the Qwen3 model folder
     * @param vectorFile the router vector (SVF offsets + head)
     * @param esLog its ES log, or null to find it beside the vector
     * @param options device, dtype, threads
     * @param progress loading progress lines
     * @throws IOException naming what is missing or inconsistent
     */
    public static QwenTrainableRouter load(Path modelDir, Path vectorFile, Path esLog, Qwen3Options options,
                                           Consumer<String> progress) throws IOException {
        EsLog log = EsLog.read(esLog != null ? esLog : EsLog.besideVector(vectorFile));
        Qwen3Config config = Qwen3Config.read(modelDir.resolve("config.json"));
        float[] vector;
        RouterVectorSplit split = RouterVectorSplit.read(vectorFile, RouterVectorSplit.SAKANA_OUTPUT_COUNT,
                config.hiddenSize());
        vector = new float[split.scaleCount() + split.headCount()];
        System.arraycopy(split.offsets(), 0, vector, 0, split.scaleCount());
        System.arraycopy(split.headWeights(), 0, vector, split.scaleCount(), split.headCount());
        int needed = SvfSelection.of(config, log.optLayerIndices()).offsetCount();
        if (split.scaleCount() != needed) {
            throw new IOException("router vector " + vectorFile + " has " + split.scaleCount() + " SVF offsets, its ES "
                    + "log's layers need " + needed + "; the vector, its ES log and the model do not match");
        }
        String modelSha = weightsSha256(modelDir);
        LoadedRouter loaded = RouterAssembly.fromVector(modelDir, vector, log, options, progress);
        return new QwenTrainableRouter(modelDir, log, vector, options, loaded, modelSha, config.hiddenSize());
    }

    /** SHA-256 over the SHA-256 of each weight file of the model folder, in name order. */
    static String weightsSha256(Path modelDir) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(modelDir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList();
        }
        StringBuilder all = new StringBuilder();
        for (Path file : files) {
            all.append(file.getFileName()).append(':').append(Sha256.ofFile(file)).append('\n');
        }
        return Sha256.of(all.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public float[] routerVector() {
        return vector.clone();
    }

    @Override
    public int outputCount() {
        return RouterVectorSplit.SAKANA_OUTPUT_COUNT;
    }

    @Override
    public int hiddenSize() {
        return hidden;
    }

    @Override
    public int scaleCount() {
        return vector.length - outputCount() * hidden; // the default would copy the whole vector to count it
    }

    @Override
    public HiddenStateExtractor extractor() {
        return loaded.extractor();
    }

    @Override
    public HiddenStateExtractor adapted(float[] offsets) throws IOException {
        float[] candidate = vector.clone();
        if (offsets.length != scaleCount()) {
            throw new IllegalArgumentException("expected " + scaleCount() + " offsets, got " + offsets.length);
        }
        System.arraycopy(offsets, 0, candidate, 0, offsets.length);
        return RouterAssembly.fromVector(modelDir, candidate, log, options, line -> { }).extractor();
    }

    @Override
    public String stateKey() {
        try {
            MessageDigest digest = Sha256.newDigest();
            digest.update(("model " + modelSha256 + "\nlayers " + log.optLayerIndices() + "\ndevice "
                    + loaded.extractor().model().deviceName().replaceAll("\\(.*", "") + "\ndtype "
                    + loaded.extractor().model().computeType().label() + "\noffsets ").getBytes(StandardCharsets.UTF_8));
            ByteBuffer offsets = ByteBuffer.allocate(scaleCount() * 4).order(ByteOrder.LITTLE_ENDIAN);
            offsets.asFloatBuffer().put(Arrays.copyOf(vector, scaleCount()));
            digest.update(offsets.array());
            return HexFormat.of().formatHex(digest.digest());
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException("cannot hash the model state", e));
        }
    }

    @Override
    public List<Integer> svfLayers() {
        return log.optLayerIndices();
    }

    @Override
    public List<String> agentLabels() {
        return loaded.slots().labels();
    }

    @Override
    public String describe() {
        return "Qwen3 " + modelDir + " adapted at load time (SVF layers " + log.optLayerIndices() + ")";
    }

    @Override
    public void close() {
        loaded.close();
    }
}
