package dev.trinity.coordinator.cli;

import dev.trinity.coordinator.adapted.EsLog;
import dev.trinity.coordinator.adapted.LoadedRouter;
import dev.trinity.coordinator.adapted.RouterFit;
import dev.trinity.coordinator.artifact.AdaptedArtifact;
import dev.trinity.coordinator.adapted.RouterLoader;
import dev.trinity.coordinator.bundled.BundledData;
import dev.trinity.coordinator.djl.DjlRuntime;
import dev.trinity.coordinator.qwen3.ComputeType;
import dev.trinity.coordinator.qwen3.ModelLocator;
import dev.trinity.coordinator.qwen3.Qwen3Config;
import dev.trinity.coordinator.qwen3.Qwen3Options;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Loads the router a {@link RouterSpec} names, resolving the defaults, with progress on stderr. */
final class RouterLoading {

    /** The bundled demo router: the tiny model adapted at load time by the tiny router vector. */
    static final String TINY_VECTOR = "priv/qwen3-tiny-svf/router_vector.safetensors";
    /** Sakana's released router vector for Qwen3-0.6B. */
    static final String SAKANA_VECTOR = "priv/sakana/trinity_router_es_vector.safetensors";

    private RouterLoading() {
    }

    /**
     * Loads the router.
     *
     * @throws CliFailure one line naming what is missing or wrong
     */
    static LoadedRouter load(RouterSpec spec, PrintWriter err) {
        StatusLine status = new StatusLine(err);
        Qwen3Options options = DeviceOptions.options(spec.device(), spec.dtype(), spec.threads(),
                spec.prefixCacheMb(), spec.prefixCacheDtype(), new LayerProgress(status));
        boolean bundledDemo = isBundledDemo(spec);
        try {
            // a missing GPU, or fp16 without one, fails now, not after the SVF work
            if (!DjlRuntime.device(options.device()).isGpu() && options.computeType() == ComputeType.FP16) {
                throw CliFailure.usage("--dtype fp16 runs only on a GPU (about 100x slower than fp32 on a CPU) and "
                        + "this run is on the CPU; use --dtype fp32, or --device cuda on a machine with a GPU");
            }
            Path modelDir = modelDir(spec);
            Qwen3Config config = Qwen3Config.read(modelDir.resolve("config.json"));
            LoadedRouter router;
            if (spec.artifactDir() != null) {
                RouterFit fit = RouterFit.ofBundle(config, AdaptedArtifact.load(spec.artifactDir()));
                if (!fit.fits()) {
                    throw CliFailure.failed("the bundle " + spec.artifactDir() + " and the model in " + modelDir
                            + " do not work together: " + fit.describe() + "; use the model the bundle was built for");
                }
                router = RouterLoader.fromBundle(modelDir, spec.artifactDir(), options, status::show);
            } else {
                Path vector = spec.routerVector() != null ? spec.routerVector()
                        : BundledData.resolve(bundledDemo ? TINY_VECTOR : SAKANA_VECTOR);
                checkVectorFits(spec, config, modelDir, vector);
                router = RouterLoader.fromRouterVector(modelDir, vector, spec.esLog(), true, options, status::show);
            }
            status.finish("router: " + router.description() + " on " + modelDir);
            return router;
        } catch (IOException e) {
            throw CliFailure.failed(e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            // the files do not fit together (vector, model, bundle): a failed check, not a usage error
            throw CliFailure.failed(e.getMessage(), e);
        }
    }

    /**
     * Refuses, before any SVF work, a router vector that cannot work with the model. When {@code --model-dir} alone
     * chose Sakana's vector (made for Qwen3-0.6B), the fix is another flag, so that is a usage error.
     */
    private static void checkVectorFits(RouterSpec spec, Qwen3Config config, Path modelDir, Path vector)
            throws IOException {
        RouterFit fit = RouterFit.ofVector(config, vector,
                EsLog.read(spec.esLog() != null ? spec.esLog() : EsLog.besideVector(vector)));
        if (fit.fits()) {
            return;
        }
        if (spec.routerVector() == null && !isBundledDemo(spec)) {
            throw CliFailure.usage("--model-dir alone selects Sakana's router vector for " + ModelLocator.DEFAULT_REPO
                    + " (" + SAKANA_VECTOR + "), which does not fit the model in " + modelDir + " ("
                    + config.numHiddenLayers() + " layers, hidden " + config.hiddenSize() + "): " + fit.describe()
                    + ". For the bundled tiny model pass --router-vector " + TINY_VECTOR + ", or drop --model-dir to "
                    + "run the bundled demo router");
        }
        throw CliFailure.failed("the router vector " + vector + " and the model in " + modelDir + " do not work "
                + "together: " + fit.describe() + "; pass the model the vector was trained for, or its own --es-log");
    }

    /** Whether no model flag was given, so the bundled tiny demo router runs. */
    static boolean isBundledDemo(RouterSpec spec) {
        return spec.modelDir() == null && spec.artifactDir() == null && spec.routerVector() == null;
    }

    /**
     * The model folder a spec names: the bundled tiny model for the demo, else {@code --model-dir} or the Hugging
     * Face cache.
     *
     * @throws CliFailure saying where it looked
     */
    static Path modelDir(RouterSpec spec) {
        if (isBundledDemo(spec)) {
            return BundledData.resolve(BundledData.TINY_MODEL);
        }
        try {
            return ModelLocator.system().locate(spec.modelDir(), ModelLocator.DEFAULT_REPO);
        } catch (IOException e) {
            throw CliFailure.failed(e.getMessage());
        }
    }
}
