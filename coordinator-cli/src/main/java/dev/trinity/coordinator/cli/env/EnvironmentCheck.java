package dev.trinity.coordinator.cli.env;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Checks that this machine can run the router: Java, DJL's PyTorch engine loaded offline, the device (and a tiny op on
 * it), optionally a required device kind, a Qwen3 model folder (every weight finite), an adapted artifact or a router
 * vector, whether that router fits the model, and whether its head is Sakana's pinned one.
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

    private final Path artifactDir;
    private final Path modelDir;
    private final Path routerVector;
    private final Path esLog;
    private final Path pinFile;
    private final boolean requirePin;
    private final Requirement requirement;
    private final boolean verifyHashes;
    private final Consumer<String> progress;

    private EnvironmentCheck(Builder builder) {
        this.artifactDir = builder.artifactDir;
        this.modelDir = builder.modelDir;
        this.routerVector = builder.routerVector;
        this.esLog = builder.esLog;
        this.pinFile = builder.pinFile;
        this.requirePin = builder.requirePin;
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
            RuntimeChecks.checkJava(facts, progress);
            RuntimeChecks.checkEngine(facts, progress);
            Device device = DeviceChecks.checkDevice(facts, progress);
            DeviceChecks.checkRequirement(requirement, device, facts);
            if (modelDir != null) {
                ModelFolderChecks.checkModel(modelDir, verifyHashes, facts, progress);
            }
            if (artifactDir != null) {
                ArtifactChecks.checkArtifact(artifactDir, verifyHashes, facts, progress);
                RouterChecks.checkArtifact(artifactDir, modelDir, pinFile, requirePin, facts);
            }
            if (routerVector != null) {
                RouterChecks.checkVector(routerVector, esLog, modelDir, pinFile, requirePin, facts, progress);
            }
            return new EnvironmentReport(null, facts);
        } catch (CheckProblem problem) {
            return new EnvironmentReport(problem.getMessage(), facts);
        }
    }

    /** {@code 13000} -> {@code 13.0}. */
    static String cudaVersion(int version) {
        return DeviceChecks.cudaVersion(version);
    }

    /** {@code 90} -> {@code 9.0}. */
    static String computeCapability(String digits) {
        return DeviceChecks.computeCapability(digits);
    }

    /** Builder for {@link EnvironmentCheck}; every setting is optional. */
    public static final class Builder {
        private Path artifactDir;
        private Path modelDir;
        private Path routerVector;
        private Path esLog;
        private Path pinFile;
        private boolean requirePin;
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

        /** A router vector to check against the model (default: none). */
        public Builder routerVector(Path value) {
            this.routerVector = value;
            return this;
        }

        /** The router vector's ES log (default: the {@code *es_log.json} beside the vector). */
        public Builder esLog(Path value) {
            this.esLog = value;
            return this;
        }

        /**
         * The artifact pin that names Sakana's router head (default: none, no pin fact); the checked head is
         * reported as equal to it or not.
         */
        public Builder pinFile(Path value) {
            this.pinFile = value;
            return this;
        }

        /** Whether a router head other than the pinned one is a problem rather than a fact (default false). */
        public Builder requirePin(boolean value) {
            this.requirePin = value;
            return this;
        }

        /** The device kind that must be available (default: none). */
        public Builder require(Requirement value) {
            this.requirement = Objects.requireNonNull(value, "requirement");
            return this;
        }

        /**
         * Whether to hash every artifact file, not only the router head, and the model's files against the SHA-256
         * (or git blob id) the Hugging Face cache names them by, when the model is a cache snapshot (default false).
         */
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
