package dev.trinity.coordinator.cli.options;

import dev.trinity.coordinator.adapted.EsLog;
import dev.trinity.coordinator.adapted.Installation;
import dev.trinity.coordinator.adapted.LoadedRouter;
import dev.trinity.coordinator.adapted.RouterFit;
import dev.trinity.coordinator.adapted.RouterLoader;
import dev.trinity.coordinator.adapted.RouterSource;
import dev.trinity.coordinator.artifact.AdaptedArtifact;
import dev.trinity.coordinator.cli.BundledData;
import dev.trinity.coordinator.cli.CliFailure;
import dev.trinity.coordinator.cli.LayerProgress;
import dev.trinity.coordinator.cli.StatusLine;
import dev.trinity.coordinator.qwen3.ModelLocator;
import dev.trinity.coordinator.qwen3.Qwen3Config;
import dev.trinity.coordinator.qwen3.Qwen3Model;
import dev.trinity.coordinator.qwen3.Qwen3Options;
import dev.trinity.coordinator.setting.SettingException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Loads the router a {@link RouterSpec} names through the library's {@link RouterLoader}, with the CLI's checks
 * first (fp16 on the CPU, files that do not work together) and progress on stderr.
 */
public final class RouterLoading {

    /** The bundled demo router: the tiny model adapted at load time by the tiny router vector. */
    static final String TINY_VECTOR = Installation.TINY_VECTOR;
    /** Sakana's released router vector for Qwen3-0.6B. */
    public static final String SAKANA_VECTOR = Installation.SAKANA_VECTOR;

    private RouterLoading() {
    }

    /**
     * Loads the router.
     *
     * @throws CliFailure one line naming what is missing or wrong
     */
    public static LoadedRouter load(RouterSpec spec, PrintWriter err) {
        StatusLine status = new StatusLine(err);
        try {
            // the device is decided once, here: a missing GPU, or fp16 without one, fails now, not after the SVF work
            Qwen3Options engine = resolve(spec.engine().toBuilder().progress(new LayerProgress(status)).build());
            RouterLoader loader = RouterLoader.builder().setSource(source(spec)).optEngine(engine)
                    .optRouting(spec.routing()).optProgress(status::show).build();
            Path modelDir = modelDir(loader);
            checkFits(spec, Qwen3Config.read(modelDir.resolve("config.json")), modelDir);
            LoadedRouter router = loader.load();
            status.finish("router: " + router.description() + " on " + modelDir);
            return router;
        } catch (IOException e) {
            throw CliFailure.failed(CliFailure.messageOf(e));
        } catch (IllegalArgumentException | IllegalStateException e) {
            // the files do not fit together (vector, model, bundle), or the device is missing: a failed check
            throw CliFailure.failed(CliFailure.messageOf(e), e);
        }
    }

    private static Qwen3Options resolve(Qwen3Options engine) {
        try {
            return Qwen3Model.resolve(engine);
        } catch (SettingException e) {
            throw CliFailure.usage(CliFailure.messageOf(e));
        }
    }

    /** The library's source for the flags: the bundled demo, a bundle, or a router vector (Sakana's by default). */
    public static RouterSource source(RouterSpec spec) {
        if (spec.bundledDemo()) {
            return RouterSource.bundledTiny(BundledData.root());
        }
        if (spec.artifactDir() != null) {
            return RouterSource.artifact(spec.artifactDir()).withModelDir(spec.modelDir());
        }
        Path vector = spec.routerVector() != null ? spec.routerVector() : BundledData.resolve(SAKANA_VECTOR);
        return RouterSource.routerVector(vector).withModelDir(spec.modelDir()).withEsLog(spec.esLog());
    }

    /**
     * The router vector the flags name when they name no bundle: the tiny one for the demo, else {@code
     * --router-vector} or Sakana's.
     *
     * @param spec router flags without {@code --artifact-dir}
     * @return the vector, its model folder (null for the Hugging Face cache) and its ES log (null for beside it)
     */
    public static RouterSource.RouterVector vectorSource(RouterSpec spec) {
        return RouterSource.vectorOf(source(spec));
    }

    /**
     * The model folder a spec names: the bundled tiny model for the demo, else {@code --model-dir} or the Hugging
     * Face cache.
     *
     * @throws CliFailure saying where it looked
     */
    public static Path modelDir(RouterSpec spec) {
        return modelDir(RouterLoader.builder().setSource(source(spec)).build());
    }

    private static Path modelDir(RouterLoader loader) {
        try {
            return loader.modelDir();
        } catch (IOException e) {
            throw CliFailure.failed(CliFailure.messageOf(e));
        }
    }

    /** Refuses, before any SVF work, a bundle or router vector that cannot work with the model. */
    private static void checkFits(RouterSpec spec, Qwen3Config config, Path modelDir) throws IOException {
        if (spec.artifactDir() != null) {
            RouterFit fit = RouterFit.ofBundle(config, AdaptedArtifact.load(spec.artifactDir()));
            if (!fit.fits()) {
                throw CliFailure.failed("the bundle " + spec.artifactDir() + " and the model in " + modelDir
                        + " do not work together: " + fit.describe() + "; use the model the bundle was built for");
            }
            return;
        }
        checkVectorFits(spec, config, modelDir, vectorSource(spec).vector());
    }

    /**
     * Refuses a router vector that cannot work with the model. When {@code --model-dir} alone chose Sakana's vector
     * (made for Qwen3-0.6B), the fix is another flag, so that is a usage error.
     */
    private static void checkVectorFits(RouterSpec spec, Qwen3Config config, Path modelDir, Path vector)
            throws IOException {
        RouterFit fit = RouterFit.ofVector(config, vector,
                EsLog.read(spec.esLog() != null ? spec.esLog() : EsLog.besideVector(vector)));
        if (fit.fits()) {
            return;
        }
        if (spec.routerVector() == null && !spec.bundledDemo()) {
            throw CliFailure.usage("--model-dir alone selects Sakana's router vector for " + ModelLocator.DEFAULT_REPO
                    + " (" + SAKANA_VECTOR + "), which does not fit the model in " + modelDir + " ("
                    + config.numHiddenLayers() + " layers, hidden " + config.hiddenSize() + "): " + fit.describe()
                    + ". For the bundled tiny model pass --router-vector " + TINY_VECTOR + ", or drop --model-dir to "
                    + "run the bundled demo router");
        }
        throw CliFailure.failed("the router vector " + vector + " and the model in " + modelDir + " do not work "
                + "together: " + fit.describe() + "; pass the model the vector was trained for, or its own --es-log");
    }
}
