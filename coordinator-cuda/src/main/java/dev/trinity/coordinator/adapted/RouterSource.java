package dev.trinity.coordinator.adapted;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a router's weights come from: the bundled tiny demo router, a router vector adapted at load time, or an
 * adapted bundle. The Qwen3 model is a folder you give ({@code withModelDir}) or, by default, Qwen/Qwen3-0.6B from
 * the Hugging Face cache ({@code HF_HUB_CACHE}, {@code HF_HOME}, {@code ~/.cache/huggingface}).
 *
 * <pre>{@code
 * RouterSource.bundledTiny();                                   // the demo: tiny model, tiny vector (priv/)
 * RouterSource.routerVector(Path.of("router_vector.safetensors")) // SVF at load time; ES log beside the vector
 *         .withModelDir(Path.of("models/Qwen3-0.6B"));
 * RouterSource.artifact(Path.of("adapted/"));                    // a bundle; the model from the Hugging Face cache
 * }</pre>
 */
public sealed interface RouterSource {

    /**
     * The Qwen3 model folder this source names.
     *
     * @return the folder, or null for Qwen/Qwen3-0.6B from the Hugging Face cache
     */
    Path modelDir();

    /**
     * The bundled tiny demo router of the installation folder that {@code trinity.root} or {@code TRINITY_HOME}
     * names: the 4-layer tiny Qwen3 adapted at load time by the tiny router vector. Its weights are random, so its
     * picks carry no meaning; it runs anywhere in seconds.
     *
     * @return the source
     * @throws IllegalStateException when no installation folder is configured
     */
    static RouterSource bundledTiny() {
        return new BundledTiny(Installation.root());
    }

    /**
     * The bundled tiny demo router of an installation folder.
     *
     * @param home the folder with {@code priv/} in it (a checkout of the repository)
     * @return the source
     */
    static RouterSource bundledTiny(Path home) {
        return new BundledTiny(home);
    }

    /**
     * Sakana's released router vector (in the installation folder) on Qwen3-0.6B, adapted at load time.
     *
     * @return the source; the model comes from the Hugging Face cache unless {@link RouterVector#withModelDir} says
     * @throws IllegalStateException when no installation folder is configured
     */
    static RouterVector sakana() {
        return routerVector(Installation.resolve(Installation.SAKANA_VECTOR));
    }

    /**
     * A router vector (SVF offsets, then the head) whose offsets adapt the base model's weights at load time.
     *
     * @param vector the safetensors file; its ES log ({@code *es_log.json}) is looked for beside it
     * @return the source
     */
    static RouterVector routerVector(Path vector) {
        return new RouterVector(null, vector, null);
    }

    /**
     * An adapted bundle in the reference's format (manifest, router head, adapted checkpoints).
     *
     * @param bundleDir the bundle folder
     * @return the source
     */
    static Artifact artifact(Path bundleDir) {
        return new Artifact(null, bundleDir);
    }

    /**
     * The router vector a source loads: the bundled tiny router is the tiny vector on the tiny model.
     *
     * @param source a bundled tiny router or a router vector
     * @return the router vector
     * @throws IllegalArgumentException for an adapted bundle, which keeps no router vector
     */
    static RouterVector vectorOf(RouterSource source) {
        if (source instanceof BundledTiny tiny) {
            return tiny.asRouterVector();
        }
        if (source instanceof RouterVector vector) {
            return vector;
        }
        throw new IllegalArgumentException("an adapted bundle keeps no router vector: " + source);
    }

    /**
     * The bundled tiny demo router.
     *
     * @param home the installation folder
     */
    record BundledTiny(Path home) implements RouterSource {

        /** Validates the folder. */
        public BundledTiny {
            Objects.requireNonNull(home, "home");
        }

        @Override
        public Path modelDir() {
            return home.resolve(Installation.TINY_MODEL);
        }

        /** The tiny router vector. */
        public Path vector() {
            return home.resolve(Installation.TINY_VECTOR);
        }

        /**
         * The same router as a router vector on a model folder: what loading it does.
         *
         * @return the tiny vector on the tiny model, its ES log beside it
         */
        public RouterVector asRouterVector() {
            return new RouterVector(modelDir(), vector(), null);
        }
    }

    /**
     * A router vector adapted at load time.
     *
     * @param modelDir the Qwen3 model folder, or null for Qwen/Qwen3-0.6B from the Hugging Face cache
     * @param vector the router vector file
     * @param esLog its ES log, or null to find the {@code *es_log.json} beside the vector
     */
    record RouterVector(Path modelDir, Path vector, Path esLog) implements RouterSource {

        /** Validates the vector. */
        public RouterVector {
            Objects.requireNonNull(vector, "vector");
        }

        /**
         * The same vector on another model.
         *
         * @param dir the Qwen3 model folder
         * @return the source
         */
        public RouterVector withModelDir(Path dir) {
            return new RouterVector(dir, vector, esLog);
        }

        /**
         * The same vector with its ES log named.
         *
         * @param file the ES log (SVF layers, agent labels)
         * @return the source
         */
        public RouterVector withEsLog(Path file) {
            return new RouterVector(modelDir, vector, file);
        }
    }

    /**
     * An adapted bundle.
     *
     * @param modelDir the Qwen3 model folder, or null for Qwen/Qwen3-0.6B from the Hugging Face cache
     * @param bundleDir the bundle folder
     */
    record Artifact(Path modelDir, Path bundleDir) implements RouterSource {

        /** Validates the bundle folder. */
        public Artifact {
            Objects.requireNonNull(bundleDir, "bundleDir");
        }

        /**
         * The same bundle on another model folder.
         *
         * @param dir the Qwen3 model folder
         * @return the source
         */
        public Artifact withModelDir(Path dir) {
            return new Artifact(dir, bundleDir);
        }
    }
}
