package dev.trinity.coordinator.cli.artifact;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.artifact.ArtifactPin;
import dev.trinity.coordinator.artifact.ArtifactVerification;
import dev.trinity.coordinator.artifact.ArtifactVerifier;
import dev.trinity.coordinator.cli.BundledData;
import dev.trinity.coordinator.cli.CliFailure;
import dev.trinity.coordinator.cli.InputFiles;
import dev.trinity.coordinator.cli.ProgressPrinter;
import dev.trinity.coordinator.hub.ArtifactFetcher;
import dev.trinity.coordinator.hub.FetchReport;
import dev.trinity.coordinator.hub.HubSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coordinator artifact}: fetch and verify adapted-artifact bundles. */
@Command(
        name = "artifact",
        mixinStandardHelpOptions = true,
        description = "Fetch, verify and build adapted-artifact bundles (manifest.json, router_head.safetensors, "
                + "checkpoints/).",
        subcommands = {ArtifactCommand.Fetch.class, ArtifactCommand.Verify.class, ArtifactBuildCommand.class})
public final class ArtifactCommand implements Runnable {

    /** The shipped pin of Sakana's published bundle. */
    public static final String DEFAULT_PIN = "priv/sakana/artifact_pin.json";
    /** Where the pinned bundle goes by default (git-ignored). */
    static final String DEFAULT_DEST = "priv/sakana/adapted_qwen3_0_6b_layer26";

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Hub settings from the environment, with an optional endpoint override. */
    static HubSettings hubSettings(String endpoint) {
        Map<String, String> env = new HashMap<>(System.getenv());
        if (endpoint != null) {
            env.put("HF_ENDPOINT", endpoint);
        }
        try {
            return HubSettings.fromEnvironment(env);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(CliFailure.messageOf(e));
        }
    }

    /** {@code coordinator artifact fetch}. */
    @Command(
            name = "fetch",
            mixinStandardHelpOptions = true,
            description = {
                "Download the pinned adapted bundle from its Hugging Face dataset repository.",
                "Files already present with the pinned sha256 are kept; each download is verified before it is "
                        + "moved into place; an interrupted download resumes on the next run.",
                "Honours HF_ENDPOINT, HF_TOKEN (sent as a Bearer token, never printed) and HTTPS_PROXY/NO_PROXY."
            })
    static final class Fetch implements Callable<Integer> {

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--pin", paramLabel = "FILE",
                description = "The pin file (default: " + DEFAULT_PIN + " of the installation).")
        private Path pin;

        @Option(names = "--dest", paramLabel = "DIR",
                description = "The bundle directory to fill (default: " + DEFAULT_DEST + " of the installation).")
        private Path dest;

        @Option(names = "--offline", description = "Download nothing; only check that every pinned file is present "
                + "with its sha256.")
        private boolean offline;

        @Option(names = "--endpoint", paramLabel = "URL",
                description = "The hub base URL (overrides HF_ENDPOINT; default https://huggingface.co).")
        private String endpoint;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Path pinFile = pin != null ? InputFiles.file("--pin", pin) : BundledData.resolve(DEFAULT_PIN);
            Path destination = (dest != null ? dest : BundledData.resolve(DEFAULT_DEST)).toAbsolutePath();
            try {
                ArtifactPin parsed = ArtifactPin.read(pinFile);
                err.println("coordinator artifact fetch: " + parsed.files().size() + " files of " + parsed.repoId()
                        + " @ " + parsed.revision() + " into " + destination + (offline ? " (offline)" : ""));
                err.flush();
                FetchReport report = ArtifactFetcher.builder(parsed, destination)
                        .settings(hubSettings(endpoint))
                        .offline(offline)
                        .listener(new ProgressPrinter(err, "coordinator artifact fetch"))
                        .build()
                        .fetch();
                out.println("coordinator artifact fetch: ok - " + report.files().size() + " files into "
                        + destination + " (repo " + parsed.repoId() + " @ " + parsed.revision() + "; downloaded "
                        + report.downloadedCount() + ", " + ProgressPrinter.megabytes(report.totalBytes())
                        + " in all)");
                return 0;
            } catch (IOException e) {
                throw CliFailure.failed(CliFailure.messageOf(e), e);
            }
        }
    }

    /** {@code coordinator artifact verify}. */
    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = {
                "Check an adapted bundle: manifest complete, router-head sha256 and shape, every checkpoint present "
                        + "with the right tensor, dtype and byte size.",
                "With --full, also the sha256 of every checkpoint."
            })
    static final class Verify implements Callable<Integer> {

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR", description = "The bundle directory.")
        private Path dir;

        @Option(names = "--full", description = "Also hash every checkpoint against the manifest.")
        private boolean full;

        @Option(names = "--json", description = "Print one JSON object instead of key=value lines.")
        private boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ArtifactVerifier.Mode mode = full ? ArtifactVerifier.Mode.FULL : ArtifactVerifier.Mode.FAST;
            InputFiles.directory("bundle directory", dir);
            ArtifactVerification result = ArtifactVerifier.verify(dir.toAbsolutePath(), mode, step -> {
                if (step.startsWith("sha256 ")) {
                    err.println("coordinator artifact verify: " + step);
                    err.flush();
                }
            });
            if (json) {
                ObjectNode node = new ObjectMapper().createObjectNode();
                node.put("ok", result.ok());
                node.put("mode", mode.name().toLowerCase(Locale.ROOT));
                node.put("dir", result.directory().toString());
                if (!result.ok()) {
                    node.put("problem", result.problem());
                }
                ObjectNode facts = node.putObject("facts");
                result.facts().forEach(facts::put);
                try {
                    out.println(new ObjectMapper().writeValueAsString(node));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return result.ok() ? 0 : 1;
            }
            if (!result.ok()) {
                throw CliFailure.failed(result.problem());
            }
            out.println("coordinator artifact verify: ok");
            out.println("  dir=" + result.directory());
            out.println("  mode=" + mode.name().toLowerCase(Locale.ROOT));
            result.facts().forEach((key, value) -> out.println("  " + key + "=" + value));
            return 0;
        }
    }
}
