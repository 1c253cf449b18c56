package dev.trinity.coordinator.adapted;

import dev.trinity.coordinator.djl.DeviceSpec;
import dev.trinity.coordinator.qwen3.ComputeType;
import dev.trinity.coordinator.qwen3.ModelLocator;
import dev.trinity.coordinator.qwen3.Qwen3Model;
import dev.trinity.coordinator.qwen3.Qwen3Options;
import dev.trinity.coordinator.route.RoutingOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What router to load and how to run it, in the manner of DJL's {@code Criteria}: the source is required
 * ({@code set}), everything else optional ({@code opt}, with the defaults below); {@link #load()} does the work.
 *
 * <pre>{@code
 * RouterLoader loader = RouterLoader.builder()
 *         .setSource(RouterSource.routerVector(vector).withModelDir(modelDir))
 *         .optDevice(DeviceSpec.CPU)
 *         .optThreads(2)
 *         .build();
 * try (LoadedRouter router = loader.load()) {
 *     TurnRoute route = router.route(List.of(Message.user("What is 17 + 25?")));
 * }
 * }</pre>
 *
 * <p>Immutable and reusable: each {@link #load()} loads a new model.
 */
public final class RouterLoader {

    private final RouterSource source;
    private final Qwen3Options engine;
    private final RoutingOptions routing;
    private final boolean adapt;
    private final Consumer<String> progress;

    private RouterLoader(Builder builder) {
        this.source = builder.source;
        this.engine = builder.engine.build();
        this.routing = builder.routing;
        this.adapt = builder.adapt;
        this.progress = builder.progress;
    }

    /**
     * A builder with the defaults: automatic device, fp32, libtorch's threads, a 2 GiB prefix cache, argmax.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these settings, to change some.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder builder = new Builder().optEngine(engine).optRouting(routing).optAdapt(adapt).optProgress(progress);
        builder.source = source;
        return builder;
    }

    /** The source of the weights. */
    public RouterSource source() {
        return source;
    }

    /** How the model runs (device, dtype, threads, prefix cache). */
    public Qwen3Options engine() {
        return engine;
    }

    /** How logits become a decision. */
    public RoutingOptions routing() {
        return routing;
    }

    /**
     * The model folder the source names, or the one found in the Hugging Face cache.
     *
     * @return the folder
     * @throws IOException saying where it looked and how to get the model
     */
    public Path modelDir() throws IOException {
        return ModelLocator.system().locate(source.modelDir(), ModelLocator.DEFAULT_REPO);
    }

    /**
     * Loads the router: decides the device (failing before any work when it is missing, or for fp16 on the CPU),
     * finds the model, adapts or patches its weights, and reads the head.
     *
     * @return the router; close it to free the model
     * @throws IOException naming the file that is missing, unreadable or inconsistent, and the fix
     * @throws dev.trinity.coordinator.setting.SettingException for settings that cannot work (fp16 on the CPU)
     * @throws dev.trinity.coordinator.djl.DeviceUnavailableException when the CUDA device asked for is not there
     */
    public LoadedRouter load() throws IOException {
        Qwen3Options resolved = Qwen3Model.resolve(engine);
        Path modelDir = modelDir();
        if (source instanceof RouterSource.Artifact artifact) {
            return RouterAssembly.fromBundle(modelDir, artifact.bundleDir(), resolved, routing, progress);
        }
        RouterSource.RouterVector vector = RouterSource.vectorOf(source);
        return RouterAssembly.fromRouterVector(modelDir, vector.vector(), vector.esLog(), adapt, resolved, routing,
                progress);
    }

    /** Builds a {@link RouterLoader}. */
    public static final class Builder {
        private RouterSource source;
        private Qwen3Options.Builder engine = Qwen3Options.builder();
        private RoutingOptions routing = RoutingOptions.defaults();
        private boolean adapt = true;
        private Consumer<String> progress = message -> { };

        private Builder() {
        }

        /**
         * Where the weights come from (required).
         *
         * @param value the source
         * @return this builder
         */
        public Builder setSource(RouterSource value) {
            this.source = Objects.requireNonNull(value, "source");
            return this;
        }

        /**
         * All engine settings at once (device, dtype, threads, prefix cache, layer progress), replacing earlier ones.
         *
         * @param value the settings
         * @return this builder
         */
        public Builder optEngine(Qwen3Options value) {
            this.engine = Objects.requireNonNull(value, "engine").toBuilder();
            return this;
        }

        /**
         * Where the model runs (default {@link DeviceSpec#AUTO}: CUDA when libtorch sees a GPU).
         *
         * @param value the device
         * @return this builder
         */
        public Builder optDevice(DeviceSpec value) {
            engine.device(Objects.requireNonNull(value, "device"));
            return this;
        }

        /**
         * The compute dtype (default fp32; fp16 only on a GPU).
         *
         * @param value the dtype
         * @return this builder
         */
        public Builder optComputeType(ComputeType value) {
            engine.computeType(Objects.requireNonNull(value, "computeType"));
            return this;
        }

        /**
         * libtorch's intra-op threads (default 0: libtorch's choice).
         *
         * @param value the thread count, 0 or more
         * @return this builder
         */
        public Builder optThreads(int value) {
            engine.threads(value);
            return this;
        }

        /**
         * How logits become a decision (default argmax for agent and role).
         *
         * @param value the selection
         * @return this builder
         */
        public Builder optRouting(RoutingOptions value) {
            this.routing = Objects.requireNonNull(value, "routing");
            return this;
        }

        /**
         * Whether a router vector's SVF offsets adapt the model (default true); false loads its head on the base
         * weights, for comparisons. Bundles are always adapted.
         *
         * @param value whether to adapt
         * @return this builder
         */
        public Builder optAdapt(boolean value) {
            this.adapt = value;
            return this;
        }

        /**
         * Receives one line per loading step (SVF progress, checkpoints read), for a status display.
         *
         * @param value the receiver
         * @return this builder
         */
        public Builder optProgress(Consumer<String> value) {
            this.progress = Objects.requireNonNull(value, "progress");
            return this;
        }

        /**
         * Builds the loader; nothing is loaded yet.
         *
         * @return the loader
         * @throws IllegalStateException when no source was set
         * @throws IllegalArgumentException for an invalid engine setting (negative threads or cache size)
         */
        public RouterLoader build() {
            if (source == null) {
                throw new IllegalStateException("a router loader needs its source: setSource(RouterSource.bundledTiny"
                        + "()), RouterSource.routerVector(file) or RouterSource.artifact(folder)");
            }
            return new RouterLoader(this);
        }
    }
}
