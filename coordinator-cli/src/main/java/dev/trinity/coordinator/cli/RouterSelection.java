package dev.trinity.coordinator.cli;

import dev.trinity.coordinator.adapted.LoadedRouter;
import dev.trinity.coordinator.adapted.RouterLoader;
import dev.trinity.coordinator.bundled.BundledData;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the router's adapted weights come from, beside {@link EngineOptions}' {@code --model-dir}.
 *
 * <ul>
 *   <li>{@code --artifact-dir DIR}: an adapted bundle, on the model of {@code --model-dir} (or the Hugging Face
 *       cache);</li>
 *   <li>{@code --router-vector FILE} (+ {@code --es-log FILE}): SVF at load time on that model;</li>
 *   <li>{@code --model-dir} alone: the bundled Sakana router vector ({@code priv/sakana/}) on that model;</li>
 *   <li>nothing: the bundled tiny demo, {@code priv/qwen3-tiny} with {@code priv/qwen3-tiny-svf}.</li>
 * </ul>
 */
final class RouterSelection {

    static final String TINY_VECTOR = "priv/qwen3-tiny-svf/router_vector.safetensors";
    static final String TINY_ES_LOG = "priv/qwen3-tiny-svf/tiny_es_log.json";
    static final String SAKANA_VECTOR = "priv/sakana/trinity_router_es_vector.safetensors";
    static final String SAKANA_ES_LOG = "priv/sakana/sakana_es_log.json";

    @Option(names = "--artifact-dir", paramLabel = "DIR",
            description = "Adapted artifact bundle (manifest.json, router_head.safetensors, checkpoints/).")
    Path artifactDir;

    @Option(names = "--router-vector", paramLabel = "FILE",
            description = "Router vector safetensors; the SVF adaptation runs at load time. With --model-dir alone "
                    + "the bundled Sakana vector is used; with no model flag, the bundled tiny demo.")
    Path routerVector;

    @Option(names = "--es-log", paramLabel = "FILE",
            description = "The ES log of --router-vector (default: the *_es_log.json beside it).")
    Path esLog;

    /** Whether no model flag was given, so the bundled tiny demo is used. */
    boolean bundledDefault(EngineOptions engine) {
        return engine.modelDir == null && artifactDir == null && routerVector == null;
    }

    /** Checks flag combinations that cannot work. */
    void validate() {
        if (artifactDir != null && routerVector != null) {
            throw CliFailure.usage("--artifact-dir and --router-vector are two sources of the adapted weights; "
                    + "pass one of them");
        }
        if (esLog != null && routerVector == null) {
            throw CliFailure.usage("--es-log describes a --router-vector; pass --router-vector too");
        }
    }

    /**
     * Loads the router the flags select, with progress on {@code err}.
     *
     * @throws CliFailure naming what is missing or inconsistent
     */
    LoadedRouter load(EngineOptions engine, PrintWriter err, String command) {
        validate();
        var options = engine.options(err);
        try {
            LoadedRouter router;
            if (bundledDefault(engine)) {
                router = RouterLoader.fromRouterVector(BundledData.resolve(BundledData.TINY_MODEL),
                        BundledData.resolve(TINY_VECTOR), BundledData.resolve(TINY_ES_LOG), true, options,
                        message -> progress(err, command, message));
            } else if (artifactDir != null) {
                router = RouterLoader.fromBundle(engine.resolveModelDir(), artifactDir, options,
                        message -> progress(err, command, message));
            } else {
                Path vector = routerVector != null ? routerVector : BundledData.resolve(SAKANA_VECTOR);
                Path log = routerVector != null ? esLog : BundledData.resolve(SAKANA_ES_LOG);
                router = RouterLoader.fromRouterVector(engine.resolveModelDir(), vector, log, true, options,
                        message -> progress(err, command, message));
            }
            engine.loaded();
            return router;
        } catch (IOException e) {
            throw CliFailure.failed(e.getMessage(), e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw CliFailure.failed(e.getMessage(), e);
        }
    }

    /** The model folder the router is loaded from, for output. */
    Path modelDir(EngineOptions engine) {
        return bundledDefault(engine) ? BundledData.resolve(BundledData.TINY_MODEL) : engine.resolveModelDir();
    }

    private static void progress(PrintWriter err, String command, String message) {
        err.println(command + ": " + message);
        err.flush();
    }
}
