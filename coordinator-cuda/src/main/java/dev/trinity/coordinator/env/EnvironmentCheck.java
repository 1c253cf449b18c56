package dev.trinity.coordinator.env;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.util.Utils;
import ai.djl.util.cuda.CudaUtils;
import dev.trinity.coordinator.artifact.ArtifactVerification;
import dev.trinity.coordinator.artifact.ArtifactVerifier;
import dev.trinity.coordinator.djl.CudaErrors;
import dev.trinity.coordinator.djl.DjlRuntime;
import dev.trinity.coordinator.qwen3.ModelLocator;
import dev.trinity.coordinator.qwen3.Qwen3Checkpoint;
import dev.trinity.coordinator.qwen3.Qwen3Config;
import dev.trinity.coordinator.qwen3.RandomTensorSource;
import dev.trinity.coordinator.safetensors.TensorInfo;
import dev.trinity.coordinator.tokenizer.QwenTokenizer;
import java.io.IOException;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Checks that this machine can run the router: Java, DJL's PyTorch engine loaded offline, the device (and a tiny op on
 * it), optionally a required device kind, a Qwen3 model folder and an adapted artifact.
 *
 * <p>Checks run in that order and stop at the first problem; the report keeps every fact established before it.
 * Nothing here touches the network: DJL runs offline, and the artifact and model are read from disk.
 *
 * <pre>{@code
 * EnvironmentReport report = EnvironmentCheck.builder()
 *         .modelDir(Path.of("priv/qwen3-tiny"))
 *         .require(EnvironmentCheck.Requirement.CUDA)
 *         .build()
 *         .run();
 * }</pre>
 */
public final class EnvironmentCheck {

    /** The device kind an operator requires. */
    public enum Requirement {
        /** Any device (no requirement). */
        NONE,
        /** The CPU (always available once the engine loads). */
        CPU,
        /** A CUDA GPU that libtorch can run on. */
        CUDA;

        /**
         * Parses {@code cpu} or {@code cuda}.
         *
         * @throws IllegalArgumentException naming the accepted values
         */
        public static Requirement parse(String text) {
            String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
            return switch (value) {
                case "cpu" -> CPU;
                case "cuda" -> CUDA;
                default -> throw new IllegalArgumentException("--require must be cpu or cuda, got \"" + text + "\"");
            };
        }
    }

    private static final int MINIMUM_JAVA = 17;
    private static final String PROBE_TEXT = "user: hello";

    private final Path artifactDir;
    private final Path modelDir;
    private final Requirement requirement;
    private final boolean verifyHashes;
    private final Consumer<String> progress;

    private EnvironmentCheck(Builder builder) {
        this.artifactDir = builder.artifactDir;
        this.modelDir = builder.modelDir;
        this.requirement = builder.requirement;
        this.verifyHashes = builder.verifyHashes;
        this.progress = builder.progress;
    }

    /** A check with no model, no artifact and no device requirement. */
    public static Builder builder() {
        return new Builder();
    }

    /** Runs every check in order; never throws for a bad environment. */
    public EnvironmentReport run() {
        Map<String, String> facts = new LinkedHashMap<>();
        try {
            checkJava(facts);
            checkEngine(facts);
            Device device = checkDevice(facts);
            checkRequirement(device, facts);
            if (modelDir != null) {
                checkModel(facts);
            }
            if (artifactDir != null) {
                checkArtifact(facts);
            }
            return new EnvironmentReport(null, facts);
        } catch (Problem problem) {
            return new EnvironmentReport(problem.getMessage(), facts);
        }
    }

    private void checkJava(Map<String, String> facts) throws Problem {
        progress.accept("java");
        int feature = Runtime.version().feature();
        facts.put("java_version", System.getProperty("java.version"));
        facts.put("java_vm", System.getProperty("java.vm.name") + " (" + System.getProperty("java.vendor") + ")");
        if (feature < MINIMUM_JAVA) {
            throw new Problem("Java " + feature + " is too old; the coordinator needs Java " + MINIMUM_JAVA
                    + " or newer. Install a Java " + MINIMUM_JAVA + "+ runtime and put it first on PATH (or set "
                    + "JAVA_HOME)");
        }
    }

    private void checkEngine(Map<String, String> facts) throws Problem {
        progress.accept("djl engine");
        DjlRuntime.configureOffline();
        // What DJL itself decides: DJL_OFFLINE in the environment overrides the system property.
        if (!Utils.isOfflineMode()) {
            throw new Problem("DJL is not in offline mode (DJL_OFFLINE=" + System.getenv("DJL_OFFLINE")
                    + " overrides it), so it may try downloads. Unset DJL_OFFLINE or set DJL_OFFLINE=true");
        }
        facts.put("djl_offline", "true");
        String tracking = Utils.getEnvOrSystemProperty("OPT_OUT_TRACKING");
        if (!Boolean.parseBoolean(tracking)) {
            throw new Problem("DJL usage tracking is on (OPT_OUT_TRACKING=" + tracking + "), so it contacts a cloud "
                    + "metadata address. Unset OPT_OUT_TRACKING or set OPT_OUT_TRACKING=true");
        }
        facts.put("djl_tracking_opt_out", "true");
        Engine engine;
        try {
            engine = DjlRuntime.engine();
        } catch (EngineException e) {
            throw new Problem("the PyTorch engine does not load offline (" + rootMessage(e) + "). Check that "
                    + "pytorch-native-cpu is on the class path, or that PYTORCH_LIBRARY_PATH points at a libtorch "
                    + "folder with matching PYTORCH_VERSION and PYTORCH_FLAVOR (docs/gpu.md)");
        }
        facts.put("djl_version", Engine.getDjlVersion());
        facts.put("djl_engine", engine.getEngineName());
        facts.put("libtorch_version", DjlRuntime.libtorchVersion());
        facts.put("libtorch_path", DjlRuntime.libtorchPath());
        facts.put("libtorch_cuda_build", String.valueOf(DjlRuntime.libtorchHasCuda()));
        String flavor = Utils.getEnvOrSystemProperty("PYTORCH_FLAVOR");
        if (flavor != null && !flavor.isBlank()) {
            facts.put("pytorch_flavor", flavor);
        }
        facts.put("cpu_threads", String.valueOf(DjlRuntime.threads()));
    }

    private Device checkDevice(Map<String, String> facts) throws Problem {
        progress.accept("device");
        int gpus = DjlRuntime.gpuCount();
        facts.put("gpu_count", String.valueOf(gpus));
        if (gpus > 0) {
            facts.put("cuda_runtime", guarded(() -> cudaVersion(CudaUtils.getCudaVersion())));
            List<String> models = driverGpuModels();
            if (!models.isEmpty()) {
                facts.put("gpu_models", String.join(", ", models));
            }
            for (int i = 0; i < gpus; i++) {
                int index = i;
                facts.put("gpu" + i + "_compute_capability",
                        guarded(() -> computeCapability(CudaUtils.getComputeCapability(index))));
                facts.put("gpu" + i + "_memory", guarded(() -> memory(CudaUtils.getGpuMemory(Device.gpu(index)))));
            }
        }
        Device device = gpus > 0 ? Device.gpu(0) : Device.cpu();
        probe(device);
        facts.put("device", device.toString());
        facts.put("device_probe", "ok");
        return device;
    }

    /** Runs a tiny computation on the device: proves that the JNI library, libtorch and (on a GPU) CUDA all work. */
    private static void probe(Device device) throws Problem {
        float sum;
        try (NDManager manager = NDManager.newBaseManager(device, "PyTorch")) {
            NDArray values = manager.arange(4f);
            sum = values.mul(values).sum().getFloat();
        } catch (RuntimeException e) {
            String action = "a test computation on " + device;
            throw new Problem(CudaErrors.describe(e, action).orElse(action + " failed (" + rootMessage(e)
                    + "). Check the libtorch installation with the facts above, or use --device cpu"));
        }
        if (sum != 14f) {
            throw new Problem("a test computation on " + device + " gave " + sum + " instead of 14. libtorch is "
                    + "broken on this device; reinstall it or use another device");
        }
    }

    private void checkRequirement(Device device, Map<String, String> facts) throws Problem {
        if (requirement == Requirement.NONE) {
            return;
        }
        facts.put("require", requirement.name().toLowerCase(Locale.ROOT));
        if (requirement == Requirement.CUDA && !device.isGpu()) {
            throw new Problem("--require cuda, but no CUDA GPU is usable: " + DjlRuntime.noGpuCause() + ". "
                    + DjlRuntime.noGpuFix() + ", or run on the CPU (--require cpu)");
        }
    }

    private void checkModel(Map<String, String> facts) throws Problem {
        progress.accept("model");
        Path dir = modelDir;
        facts.put("model_dir", dir.toString());
        if (!Files.isDirectory(dir)) {
            throw new Problem("model directory \"" + dir + "\" does not exist or is not a directory. Point "
                    + "--model-dir at a Hugging Face snapshot folder, or run 'coordinator model fetch "
                    + ModelLocator.DEFAULT_REPO + "'");
        }
        Path configFile = dir.resolve("config.json");
        if (!Files.isRegularFile(configFile)) {
            throw new Problem("model directory \"" + dir + "\" has no config.json. Point --model-dir at a Hugging "
                    + "Face snapshot folder (config.json, model.safetensors, tokenizer.json), or run "
                    + "'coordinator model fetch " + ModelLocator.DEFAULT_REPO + "'");
        }
        Qwen3Config config;
        try {
            config = Qwen3Config.read(configFile);
        } catch (IOException e) {
            throw new Problem(e.getMessage() + ". Point --model-dir at a Qwen3 model folder such as "
                    + ModelLocator.DEFAULT_REPO);
        }
        facts.put("model_type", "qwen3");
        facts.put("model_shape", config.numHiddenLayers() + " layers, hidden " + config.hiddenSize() + ", vocab "
                + config.vocabSize());
        checkWeights(dir, config, facts);
        checkTokenizer(dir, config, facts);
    }

    private static void checkWeights(Path dir, Qwen3Config config, Map<String, String> facts) throws Problem {
        String fix = ". Download the weights again ('coordinator model fetch " + ModelLocator.DEFAULT_REPO
                + " --dest DIR') or repair the folder";
        try (Qwen3Checkpoint checkpoint = Qwen3Checkpoint.open(dir);
             RandomTensorSource expected = new RandomTensorSource(config, 0)) {
            for (String name : expected.names()) {
                if (!checkpoint.names().contains(name)) {
                    throw new Problem("the weights in \"" + dir + "\" have no tensor \"" + name + "\", which "
                            + "config.json implies" + fix);
                }
                TensorInfo actual = checkpoint.info(name);
                long[] wanted = expected.info(name).shape();
                if (!Arrays.equals(actual.shape(), wanted)) {
                    throw new Problem("the weights in \"" + dir + "\" give tensor \"" + name + "\" the shape "
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
            throw new Problem(e.getMessage() + fix);
        }
    }

    private static long shardCount(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".safetensors") && n.startsWith("model-")).count();
        }
    }

    private static void checkTokenizer(Path dir, Qwen3Config config, Map<String, String> facts) throws Problem {
        String fix = ". Copy the tokenizer.json of " + ModelLocator.DEFAULT_REPO + " into \"" + dir + "\"";
        try (QwenTokenizer tokenizer = QwenTokenizer.load(dir)) {
            int[] ids = tokenizer.encode(PROBE_TEXT);
            if (ids.length == 0) {
                throw new Problem("tokenizer \"" + tokenizer.file() + "\" turns \"" + PROBE_TEXT + "\" into no "
                        + "tokens" + fix);
            }
            int max = Arrays.stream(ids).max().orElse(0);
            if (max >= config.vocabSize()) {
                throw new Problem("tokenizer \"" + tokenizer.file() + "\" gives token id " + max + ", outside the "
                        + "model's vocab_size " + config.vocabSize() + "; it belongs to another model" + fix);
            }
            facts.put("tokenizer", tokenizer.file().toString());
            facts.put("tokenizer_probe", "\"" + PROBE_TEXT + "\" -> " + ids.length + " tokens");
        } catch (IOException e) {
            throw new Problem(e.getMessage() + fix);
        }
    }

    private void checkArtifact(Map<String, String> facts) throws Problem {
        progress.accept("artifact");
        facts.put("artifact_dir", artifactDir.toString());
        ArtifactVerifier.Mode mode = verifyHashes ? ArtifactVerifier.Mode.FULL : ArtifactVerifier.Mode.FAST;
        ArtifactVerification verification = ArtifactVerifier.verify(artifactDir, mode, progress);
        verification.facts().forEach((key, value) ->
                facts.put(key.startsWith("artifact_") ? key : "artifact_" + key, value));
        if (!verification.ok()) {
            throw new Problem(verification.problem());
        }
        if (!verifyHashes) {
            facts.put("artifact_hashes", "router head only (use --verify-hashes for every file)");
        }
    }

    /** The GPU model names the NVIDIA kernel driver lists (DJL does not expose them), or none. */
    private static List<String> driverGpuModels() {
        Path gpus = Path.of("/proc/driver/nvidia/gpus");
        List<String> models = new ArrayList<>();
        if (!Files.isDirectory(gpus)) {
            return models;
        }
        try (Stream<Path> entries = Files.list(gpus)) {
            for (Path entry : entries.sorted().toList()) {
                Path information = entry.resolve("information");
                if (Files.isReadable(information)) {
                    for (String line : Files.readAllLines(information)) {
                        if (line.startsWith("Model:")) {
                            models.add(line.substring("Model:".length()).strip());
                        }
                    }
                }
            }
        } catch (IOException e) {
            return models;
        }
        return models;
    }

    /** {@code 13000} -> {@code 13.0}. */
    static String cudaVersion(int version) {
        return version / 1000 + "." + (version % 1000) / 10;
    }

    /** {@code 90} -> {@code 9.0}. */
    static String computeCapability(String digits) {
        return digits.length() < 2 ? digits : digits.substring(0, digits.length() - 1) + "."
                + digits.substring(digits.length() - 1);
    }

    private static String memory(MemoryUsage usage) {
        long mib = 1024L * 1024L;
        return String.format(Locale.ROOT, "%d MiB total, %d MiB in use", usage.getMax() / mib,
                usage.getUsed() / mib);
    }

    private interface Fact {
        String get();
    }

    /** A fact that DJL's CUDA helper may fail to read; the failure becomes the value instead of a problem. */
    private static String guarded(Fact fact) {
        try {
            return fact.get();
        } catch (RuntimeException e) {
            return "unavailable (" + rootMessage(e) + ")";
        }
    }

    /** The first line of the innermost cause's message (libtorch appends C++ backtraces), at most 300 chars. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().strip();
        String line = message.lines().findFirst().orElse(message).strip();
        return line.length() > 300 ? line.substring(0, 297) + "..." : line;
    }

    /** A failed check: its message is the report's problem line. */
    private static final class Problem extends Exception {
        private static final long serialVersionUID = 1L;

        Problem(String message) {
            super(message, null, false, false);
        }
    }

    /** Builder for {@link EnvironmentCheck}; every setting is optional. */
    public static final class Builder {
        private Path artifactDir;
        private Path modelDir;
        private Requirement requirement = Requirement.NONE;
        private boolean verifyHashes;
        private Consumer<String> progress = step -> { };

        private Builder() {
        }

        /** An adapted-artifact bundle to verify (default: none). */
        public Builder artifactDir(Path value) {
            this.artifactDir = value;
            return this;
        }

        /** A Hugging Face Qwen3 model folder to check (default: none). */
        public Builder modelDir(Path value) {
            this.modelDir = value;
            return this;
        }

        /** The device kind that must be available (default: none). */
        public Builder require(Requirement value) {
            this.requirement = Objects.requireNonNull(value, "requirement");
            return this;
        }

        /** Whether to hash every artifact file, not only the router head (default false). */
        public Builder verifyHashes(boolean value) {
            this.verifyHashes = value;
            return this;
        }

        /** Receives a short name of each step as it starts (default: nothing). */
        public Builder progress(Consumer<String> value) {
            this.progress = Objects.requireNonNull(value, "progress");
            return this;
        }

        /** The check. */
        public EnvironmentCheck build() {
            return new EnvironmentCheck(this);
        }
    }
}
