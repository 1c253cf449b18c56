package dev.trinity.coordinator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.env.EnvironmentCheck;
import dev.trinity.coordinator.env.EnvironmentReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code coordinator env-check}: checks that this machine can run the router, before deploying. */
@Command(name = "env-check", mixinStandardHelpOptions = true,
        description = {"Check Java, DJL's PyTorch engine (offline), the device, and optionally a model folder and an "
                + "adapted artifact.",
            "Prints 'coordinator env-check: ok' and one key=value line per fact (exit 0), or one line saying what is "
                + "wrong and what to do (exit 1).",
            "Example: coordinator env-check --model-dir priv/qwen3-tiny --require cpu"})
final class EnvCheckCommand implements Callable<Integer> {

    @Option(names = "--artifact-dir", paramLabel = "DIR",
            description = "Adapted-artifact bundle to verify: manifest complete, router-head sha256, every checkpoint "
                    + "present with its header and size.")
    Path artifactDir;

    @Option(names = "--model-dir", paramLabel = "DIR",
            description = "Qwen3 model folder to check: config.json supported, every weight tensor present with its "
                    + "shape, tokenizer.json loads.")
    Path modelDir;

    @Option(names = "--require", paramLabel = "cpu|cuda",
            description = "Fail unless this device is usable (cuda: libtorch must see a GPU and run on it).")
    String require;

    @Option(names = "--verify-hashes", description = "Also hash every artifact file against the manifest (slow).")
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
            throw CliFailure.usage(e.getMessage());
        }
        StatusLine status = new StatusLine(spec.commandLine().getErr());
        EnvironmentReport report = EnvironmentCheck.builder()
                .artifactDir(InputFiles.directory("--artifact-dir", artifactDir))
                .modelDir(InputFiles.directory("--model-dir", modelDir))
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
