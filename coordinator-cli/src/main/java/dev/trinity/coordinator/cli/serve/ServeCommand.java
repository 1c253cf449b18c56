package dev.trinity.coordinator.cli.serve;

import dev.trinity.coordinator.adapted.LoadedRouter;
import dev.trinity.coordinator.cli.CliFailure;
import dev.trinity.coordinator.cli.InputFiles;
import dev.trinity.coordinator.cli.StatusLine;
import dev.trinity.coordinator.cli.options.PoolLoading;
import dev.trinity.coordinator.cli.options.RouterLoading;
import dev.trinity.coordinator.cli.options.RouterOptions;
import dev.trinity.coordinator.cli.options.RouterSpec;
import dev.trinity.coordinator.cli.train.TrainCommand;
import dev.trinity.coordinator.pool.AgentPool;
import dev.trinity.coordinator.pool.ProviderPool;
import dev.trinity.coordinator.train.store.CheckpointStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code coordinator serve}: routing, runs and training as an HTTP and websocket service (docs/serve.md). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve routing, runs and training over HTTP, with Prometheus metrics.",
            "GET /healthz and /readyz, POST /v1/route (dynamically batched), POST /v1/runs, GET /metrics "
                    + "(Prometheus), the training websocket /ws/workflow/{workflow_id} and the checkpoint REST under "
                    + "/api/workflows/{workflow_id}/agentensor/checkpoints.",
            "Every endpoint, with curl examples: docs/serve.md. SIGTERM or Ctrl-C shuts down gracefully."})
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address to bind (default: ${DEFAULT-VALUE}); a non-loopback address needs --token-env.")
    String host;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
            description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one and prints it).")
    int port;

    @Option(names = "--token-env", paramLabel = "VAR",
            description = "Environment variable holding the bearer token every endpoint but /healthz then needs "
                    + "(Authorization: Bearer <token>). The token is never printed or logged.")
    String tokenEnv;

    @Option(names = "--store", paramLabel = "URL",
            description = "Checkpoint store of training and the checkpoint REST: sqlite:PATH or "
                    + "jdbc:postgresql://HOST:PORT/DB?user=NAME (password from TRINITY_STORE_PASSWORD or PGPASSWORD). "
                    + "Default: sqlite:TRAIN_DIR/checkpoints.sqlite. The one piece replicas share.")
    String store;

    @Option(names = "--train-dir", paramLabel = "DIR", defaultValue = "training",
            description = "Where websocket training runs write (DIR/WORKFLOW/EXECUTION; default: ${DEFAULT-VALUE}).")
    Path trainDir;

    @Option(names = "--allow-live", description = "Let POST /v1/runs call the live providers of --provider-pool.")
    boolean allowLive;

    @Option(names = "--provider-pool", paramLabel = "NAME|FILE",
            description = "The pool of POST /v1/runs: mock (default), or with --allow-live default, gemini or a pool "
                    + "JSON file.")
    String providerPool;

    @Option(names = "--max-batch", paramLabel = "N", defaultValue = "16",
            description = "Conversations routed together in one batched forward, at most (default: ${DEFAULT-VALUE};"
                    + " 1 turns batching off).")
    int maxBatch;

    @Option(names = "--batch-wait-ms", paramLabel = "MS", defaultValue = "2",
            description = "How long the first queued conversation waits for others to join its batch (default: "
                    + "${DEFAULT-VALUE}).")
    long batchWaitMs;

    @Option(names = "--max-body-bytes", paramLabel = "N", defaultValue = "1048576",
            description = "Request bodies and websocket messages over this get 413 (default: ${DEFAULT-VALUE}, "
                    + "1 MiB).")
    long maxBodyBytes;

    @Option(names = "--shutdown-grace-ms", paramLabel = "MS", defaultValue = "30000",
            description = "On SIGTERM, how long to wait for in-flight requests, then for running trainings to stop "
                    + "(default: ${DEFAULT-VALUE}).")
    long shutdownGraceMs;

    @Mixin
    RouterOptions routerOptions;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The command. */
    public ServeCommand() {
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ServeSettings settings;
        try {
            settings = new ServeSettings(host, port, token(), maxBodyBytes, maxBatch, batchWaitMs, shutdownGraceMs,
                    trainDir, allowLive);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(flags(e.getMessage()));
        }
        AgentPool pool = pool();
        RouterSpec routerSpec = routerOptions.spec(); // the prefix cache stays on: requests share system prompts
        String url = store != null ? store : "sqlite:" + trainDir.resolve("checkpoints.sqlite");
        if (url.startsWith("sqlite:")) {
            InputFiles.writableFile("--store", Path.of(url.substring("sqlite:".length())));
        }
        CheckpointStore checkpoints = TrainCommand.openStore(url);
        CoordinatorServer server;
        try {
            if (url.startsWith("sqlite:")) {
                checkpoints.migrate();
            }
            LoadedRouter router = RouterLoading.load(routerSpec, err);
            server = CoordinatorServer.builder(router, settings).store(checkpoints)
                    .pool(pool).trainingRouters(s -> TrainCommand.loadRouter(s, new StatusLine(err))).build();
        } catch (RuntimeException e) {
            checkpoints.close();
            throw e;
        }
        try {
            server.start();
        } catch (RuntimeException e) {
            server.close();
            throw CliFailure.failed("cannot listen on " + host + ":" + port + ": " + rootMessage(e));
        }
        Thread hook = new Thread(() -> {
            err.println("coordinator serve: shutting down (in-flight requests finish, trainings stop at their next "
                    + "case and keep their state)");
            err.flush();
            server.close();
            err.println("coordinator serve: stopped");
            err.flush();
        }, "serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("coordinator serve: listening on http://" + host + ":" + server.port() + " (router "
                + (routerSpec.bundledDemo() ? "bundled tiny demo" : "loaded") + ", pool "
                + pool.pool().name() + ", store " + checkpoints.describe() + (settings.token() == null ? ""
                : ", bearer token required") + ")");
        out.flush();
        server.awaitClose();
        return 0;
    }

    private String token() {
        if (tokenEnv == null) {
            return null;
        }
        String value = System.getenv(tokenEnv);
        if (value == null || value.isBlank()) {
            throw CliFailure.usage("--token-env " + tokenEnv + ": the variable is not set (or blank); export it "
                    + "with the token clients will send");
        }
        return value;
    }

    private AgentPool pool() {
        ProviderPool resolved = PoolLoading.resolve(providerPool == null ? "mock" : providerPool.strip());
        if (!resolved.allMock() && !allowLive) {
            throw CliFailure.usage("pool " + resolved.name() + " calls live providers: pass --allow-live too, or "
                    + "drop --provider-pool to serve runs on the offline mock pool");
        }
        return PoolLoading.bind(resolved);
    }

    private static String flags(String message) {
        return message.replace("the body limit", "--max-body-bytes").replace("the batch size", "--max-batch")
                .replace("the batch wait", "--batch-wait-ms").replace("the shutdown grace", "--shutdown-grace-ms")
                .replace("port must", "--port must");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
