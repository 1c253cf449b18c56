package dev.trinity.coordinator.cli.env;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.cli.BundledData;
import dev.trinity.coordinator.cli.CliFailure;
import dev.trinity.coordinator.cli.InputFiles;
import dev.trinity.coordinator.cli.StatusLine;
import dev.trinity.coordinator.cli.artifact.ArtifactCommand;
import dev.trinity.coordinator.cli.env.EnvironmentCheck;
import dev.trinity.coordinator.cli.env.EnvironmentReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code coordinator env-check}: checks that this machine can run the router, before deploying. */
@Command(name = "env-check", mixinStandardHelpOptions = true,
        description = {"Check Java, DJL's PyTorch engine (offline), the device, and optionally a model folder (every "
                + "weight finite), an adapted artifact or a router vector, whether that router and the model work "
                + "together, and whether its head is Sakana's pinned one.",
            "Prints 'coordinator env-check: ok' and one key=value line per fact (exit 0), or one line saying what is "
                + "wrong and what to do (exit 1).",
            "Example: coordinator env-check --model-dir priv/qwen3-tiny --require cpu"})
public final class EnvCheckCommand implements Callable<Integer> {

    @Option(names = "--artifact-dir", paramLabel = "DIR",
            description = "Adapted-artifact bundle to verify: manifest complete, router-head sha256, every checkpoint "
                    + "present with its header and size.")
    Path artifactDir;

    @Option(names = "--model-dir", paramLabel = "DIR",
            description = "Qwen3 model folder to check: config.json supported, every weight tensor present with its "
                    + "shape, tokenizer.json loads.")
    Path modelDir;

    @Option(names = "--router-vector", paramLabel = "FILE",
            description = "Router vector to check (with its ES log beside it or --es-log): against --model-dir when "
                    + "given (hidden size, SVF layers, length), and its head against Sakana's pinned one.")
    Path routerVector;

    @Option(names = "--es-log", paramLabel = "FILE", description = "The router vector's ES log (default: the "
            + "*es_log.json beside the vector).")
    Path esLog;

    @Option(names = "--require-pin", description = "Fail unless the router head (of --artifact-dir or "
            + "--router-vector) is Sakana's, as pinned in " + ArtifactCommand.DEFAULT_PIN + " (by default that is "
            + "only a fact line: routers you train differ on purpose).")
    boolean requirePin;

    @Option(names = "--require", paramLabel = "cpu|cuda",
            description = "Fail unless this device is usable (cuda: libtorch must see a GPU and run on it).")
    String require;

    @Option(names = "--verify-hashes", description = "Also hash every artifact file against the manifest, and the "
            + "model's files against the hashes their Hugging Face cache blobs are named by (slow).")
    boolean verifyHashes;

    @Option(names = "--json", description = "Print one JSON object: ok, facts, problem.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        EnvironmentCheck.Requirement requirement;
        try {
            requirement = require == null ? EnvironmentCheck.Requirement.NONE
                    : EnvironmentCheck.Requirement.parse(require);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(CliFailure.messageOf(e));
        }
        if (esLog != null && routerVector == null) {
            throw CliFailure.usage("--es-log describes a --router-vector; pass --router-vector too");
        }
        if (requirePin && artifactDir == null && routerVector == null) {
            throw CliFailure.usage("--require-pin checks a router head; pass --artifact-dir or --router-vector");
        }
        StatusLine status = new StatusLine(spec.commandLine().getErr());
        EnvironmentReport report = EnvironmentCheck.builder()
                .artifactDir(InputFiles.directory("--artifact-dir", artifactDir))
                .modelDir(InputFiles.directory("--model-dir", modelDir))
                .routerVector(InputFiles.file("--router-vector", routerVector))
                .esLog(InputFiles.file("--es-log", esLog))
                .pinFile(BundledData.resolve(ArtifactCommand.DEFAULT_PIN))
                .requirePin(requirePin)
                .require(requirement)
                .verifyHashes(verifyHashes)
                .progress(step -> hashProgress(status, step))
                .build()
                .run();
        status.clear();
        if (json) {
            out.println(toJson(report));
            out.flush();
        } else if (report.ok()) {
            out.println("coordinator env-check: ok");
            report.facts().forEach((key, value) -> out.println("  " + key + "=" + value));
        }
        if (!report.ok()) {
            throw CliFailure.failed(report.problem());
        }
        return 0;
    }

    /** Shows the slow steps (hashing files); other steps only clear a shown one. */
    private static void hashProgress(StatusLine status, String step) {
        if (step.startsWith("sha256 ")) {
            status.show("coordinator env-check: " + step);
        } else {
            status.clear();
        }
    }

    private static String toJson(EnvironmentReport report) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("ok", report.ok());
        ObjectNode facts = root.putObject("facts");
        report.facts().forEach(facts::put);
        if (report.ok()) {
            root.putNull("problem");
        } else {
            root.put("problem", report.problem());
        }
        return root.toString();
    }
}
