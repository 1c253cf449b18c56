package dev.trinity.coordinator.cli.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinity.coordinator.adapted.QwenTrainableRouter;
import dev.trinity.coordinator.adapted.RouterSource;
import dev.trinity.coordinator.cli.CliFailure;
import dev.trinity.coordinator.cli.InputFiles;
import dev.trinity.coordinator.cli.LayerProgress;
import dev.trinity.coordinator.cli.StatusLine;
import dev.trinity.coordinator.cli.options.DeviceOptions;
import dev.trinity.coordinator.cli.options.RouterLoading;
import dev.trinity.coordinator.cli.options.RouterSpec;
import dev.trinity.coordinator.qwen3.Qwen3Options;
import dev.trinity.coordinator.train.Trainer;
import dev.trinity.coordinator.train.TrainingConfig;
import dev.trinity.coordinator.train.TrainingException;
import dev.trinity.coordinator.train.TrainingResult;
import dev.trinity.coordinator.train.store.CheckpointStore;
import dev.trinity.coordinator.train.store.CheckpointStoreException;
import dev.trinity.coordinator.train.store.CheckpointStores;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code coordinator train}: fits the router to a prompt-eval case file (docs/training.md). */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train the router on your own prompt-eval cases, with checkpoints in SQLite or PostgreSQL.",
            "Supervised (head) or sep-CMA-ES (head or head+svf); events in DIR/log.jsonl as they happen; writes "
                    + "DIR/results.json, DIR/curve.svg, DIR/curve.png and the best DIR/router_vector.safetensors "
                    + "(+ sidecar), which route, run and prompt-eval load with --router-vector.",
            "Every config key: docs/training.md.",
            "Ctrl-C stops after the current case or candidate with the store consistent; --resume continues."})
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The training config (JSON).")
    Path config;

    @Option(names = "--store", paramLabel = "URL",
            description = "Checkpoint store: sqlite:PATH or jdbc:postgresql://HOST:PORT/DB?user=NAME (password from "
                    + "TRINITY_STORE_PASSWORD or PGPASSWORD). Default: sqlite:DIR/checkpoints.sqlite.")
    String store;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output folder (log, results, curves, the best router vector, the hidden-state cache). "
                    + "Default: training/WORKFLOW_ID.")
    Path out;

    @Option(names = "--resume", description = "Continue the unfinished run in --out (after a crash or Ctrl-C).")
    boolean resume;

    @Option(names = "--json", description = "Print results.json on stdout instead of a summary.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        InputFiles.file("--config", config);
        TrainingConfig settings;
        String configSha;
        try {
            settings = TrainingConfig.read(config);
            configSha = TrainingConfig.sha256(config);
        } catch (IOException e) {
            throw CliFailure.failed("pre-flight: config: " + CliFailure.messageOf(e), e);
        }
        Path dir = out != null ? out : Path.of("training", settings.workflowId());
        InputFiles.writableFile("--out", dir.resolve("log.jsonl"));
        String url = store != null ? store : "sqlite:" + dir.resolve("checkpoints.sqlite");
        StatusLine status = new StatusLine(err);
        try (CheckpointStore checkpoints = openStore(url);
             QwenTrainableRouter model = loadRouter(settings.router(), status)) {
            TrainProgress progress = new TrainProgress(status, settings.optimizer().epochs());
            Trainer trainer = Trainer.builder(settings, model, checkpoints, dir).resume(resume)
                    .migrateStore(url.startsWith("sqlite:")).configSha256(configSha).listener(progress)
                    .progress(status::show).build();
            TrainingResult result = runWithCtrlC(trainer);
            status.clear();
            if (json) {
                stdout.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(
                        result.toJson()));
            } else {
                summary(stdout, result, dir);
            }
            return 0;
        } catch (TrainingException e) {
            status.end();
            throw CliFailure.failed(CliFailure.messageOf(e), e);
        } catch (UncheckedIOException e) {
            throw CliFailure.failed(CliFailure.messageOf(e), e);
        }
    }

    /** Runs the trainer; Ctrl-C asks it to stop and waits (up to a minute) until the store and state are written. */
    private static TrainingResult runWithCtrlC(Trainer trainer) {
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            trainer.requestStop();
            try {
                done.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "train-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return trainer.run();
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting (Ctrl-C): the hook has seen the run end
            }
        }
    }

    /**
     * Opens a checkpoint store by URL; a bad URL is a usage error naming {@code --store}.
     *
     * @param url {@code sqlite:PATH} or {@code jdbc:postgresql://...}
     * @return the store
     */
    public static CheckpointStore openStore(String url) {
        try {
            return CheckpointStores.open(url);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("--store: " + CliFailure.messageOf(e));
        } catch (CheckpointStoreException e) {
            throw CliFailure.failed("pre-flight: store: " + CliFailure.messageOf(e), e);
        }
    }

    /**
     * The config's {@code router}: the bundled tiny router by default, else a router vector on a model.
     *
     * @param router the config's {@code router} block
     * @param status where loading progress goes
     * @return the router (the caller closes it)
     * @throws CliFailure one line naming what is wrong
     */
    public static QwenTrainableRouter loadRouter(TrainingConfig.RouterSettings router, StatusLine status) {
        if (router.artifactDir() != null) {
            throw CliFailure.failed("pre-flight: router: training starts from a router vector (router.router_vector); "
                    + "an adapted bundle does not keep the SVF offsets it was built from");
        }
        Qwen3Options.Builder engine = DeviceOptions.parse(router.device(), router.dtype(), router.threads())
                .progress(new LayerProgress(status));
        if (router.prefixCacheMb() != null) {
            engine.prefixCacheBytes((long) router.prefixCacheMb() << 20);
        }
        Qwen3Options options = engine.build();
        RouterSpec spec = new RouterSpec(router.modelDir(), null, router.routerVector(), router.esLog(), options, null);
        RouterSource.RouterVector source = RouterLoading.vectorSource(spec);
        Path modelDir = RouterLoading.modelDir(spec);
        try {
            QwenTrainableRouter model = QwenTrainableRouter.load(modelDir, source.vector(), source.esLog(), options,
                    status::show);
            status.finish("router: " + model.describe());
            return model;
        } catch (IOException | RuntimeException e) {
            throw CliFailure.failed("pre-flight: router: " + CliFailure.messageOf(e), e);
        }
    }

    private static void summary(PrintWriter out, TrainingResult result, Path dir) {
        out.println(String.format(Locale.ROOT, "trained %s: best validation score %.4f at epoch %d (checkpoint %s, "
                        + "config_version %d%s); the starting router scored %.4f", result.workflowId(),
                result.bestScore(), result.bestEpoch(), result.best().checkpointId(), result.bestConfigVersion(),
                result.best().workflowBest() ? ", the workflow's best" : "", result.baseline().score()));
        out.println(String.format(Locale.ROOT, "final epoch %d: score %.4f, loss %.4f; %d epochs in %.1f s",
                result.last().epoch(), result.last().metrics().score(), result.last().metrics().loss(),
                result.history().size(), result.seconds()));
        out.println("wrote " + dir.resolve("router_vector.safetensors") + " (+ router_vector_es_log.json), "
                + "results.json, log.jsonl, curve.svg, curve.png in " + dir);
    }
}
