package dev.trinity.coordinator.cli.artifact;

import dev.trinity.coordinator.cli.CliFailure;
import dev.trinity.coordinator.cli.ProgressPrinter;
import dev.trinity.coordinator.hub.HubSettings;
import dev.trinity.coordinator.hub.ModelFetcher;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coordinator model}: fetch a base model into the Hugging Face cache. */
@Command(
        name = "model",
        mixinStandardHelpOptions = true,
        description = "Fetch base models (for example Qwen/Qwen3-0.6B) into the Hugging Face cache layout.",
        subcommands = {ModelCommand.Fetch.class})
public final class ModelCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code coordinator model fetch}. */
    @Command(
            name = "fetch",
            mixinStandardHelpOptions = true,
            description = {
                "Download a model repository into <dest>/models--<org>--<name>/snapshots/<commit>/, verifying every "
                        + "file (LFS sha256 or git blob id from the Hub API).",
                "Files already in the cache are kept; an interrupted download resumes on the next run.",
                "Honours HF_ENDPOINT, HF_TOKEN (never printed), HF_HUB_CACHE/HF_HOME and HTTPS_PROXY/NO_PROXY."
            })
    static final class Fetch implements Callable<Integer> {

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "REPO", description = "The repository, for example Qwen/Qwen3-0.6B.")
        private String repo;

        @Option(names = "--revision", paramLabel = "R", defaultValue = "main",
                description = "Branch, tag or commit (default: ${DEFAULT-VALUE}).")
        private String revision;

        @Option(names = "--dest", paramLabel = "DIR",
                description = "The hub cache directory (default: HF_HUB_CACHE, else HF_HOME/hub, else "
                        + "~/.cache/huggingface/hub).")
        private Path dest;

        @Option(names = "--endpoint", paramLabel = "URL",
                description = "The hub base URL (overrides HF_ENDPOINT; default https://huggingface.co).")
        private String endpoint;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Path cache = dest != null ? dest : HubSettings.defaultCacheDir(System.getenv(),
                    Path.of(System.getProperty("user.home")));
            ModelFetcher fetcher;
            try {
                fetcher = ModelFetcher.builder(repo, cache).revision(revision)
                        .settings(ArtifactCommand.hubSettings(endpoint))
                        .listener(new ProgressPrinter(err, "coordinator model fetch"))
                        .build();
            } catch (IllegalArgumentException e) {
                throw CliFailure.usage(CliFailure.messageOf(e));
            }
            err.println("coordinator model fetch: " + repo + " @ " + revision + " into " + cache.toAbsolutePath());
            err.flush();
            try {
                ModelFetcher.Snapshot snapshot = fetcher.fetch();
                out.println("coordinator model fetch: ok - " + snapshot.report().files().size() + " files of " + repo
                        + " @ " + snapshot.commit() + " (downloaded " + snapshot.report().downloadedCount() + ")");
                out.println("  model_dir=" + snapshot.snapshotDir());
                return 0;
            } catch (IOException e) {
                throw CliFailure.failed(CliFailure.messageOf(e), e);
            }
        }
    }
}
