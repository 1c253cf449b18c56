package dev.trinity.coordinator.cli.artifact;

import dev.trinity.coordinator.adapted.BundleBuilder;
import dev.trinity.coordinator.cli.BundledData;
import dev.trinity.coordinator.cli.CliFailure;
import dev.trinity.coordinator.cli.InputFiles;
import dev.trinity.coordinator.cli.options.RouterLoading;
import dev.trinity.coordinator.qwen3.ModelLocator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code coordinator artifact build}: writes an adapted bundle from a base model and a router vector. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = {"Build an adapted bundle in the reference's format from a base model and a router vector.",
            "It holds the SVF of the 9 selected tensors (float64, through the Gram matrix), BF16 checkpoints in Axon "
                    + "orientation, the router head, and a manifest with the sha256 of every file. Resumable; never "
                    + "overwrites a bundle built from other inputs.",
            "Example (real model):",
            "  coordinator artifact build --model-dir DIR --router-vector priv/sakana/trinity_router_es_vector"
                    + ".safetensors --out adapted/"})
final class ArtifactBuildCommand implements Callable<Integer> {

    @Option(names = "--model-dir", paramLabel = "DIR",
            description = "Base Qwen3 model folder (default: Qwen/Qwen3-0.6B in the Hugging Face cache).")
    Path modelDir;

    @Option(names = "--router-vector", paramLabel = "FILE",
            description = "Router vector safetensors (default: Sakana's, priv/sakana/trinity_router_es_vector"
                    + ".safetensors).")
    Path routerVector;

    @Option(names = "--es-log", paramLabel = "FILE",
            description = "The vector's ES log (SVF layers, labels); default: the *es_log.json beside the vector.")
    Path esLog;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Bundle folder to write.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path vector = routerVector != null ? InputFiles.file("--router-vector", routerVector)
                : BundledData.resolve(RouterLoading.SAKANA_VECTOR);
        InputFiles.file("--es-log", esLog);
        try {
            Path model = ModelLocator.system().locate(InputFiles.directory("--model-dir", modelDir),
                    ModelLocator.DEFAULT_REPO);
            err.println("building bundle " + this.out + " from " + model + " and " + vector);
            BundleBuilder.Result result = BundleBuilder.build(model, vector, esLog, this.out, message -> {
                err.println("  " + message);
                err.flush();
            });
            if (!result.verification().ok()) {
                throw CliFailure.failed("the built bundle does not verify: " + result.verification().problem());
            }
            out.println("coordinator artifact build: ok " + result.directory() + " (" + result.written()
                    + " checkpoint(s) written, " + result.reused() + " reused; verified with full hashes)");
            return 0;
        } catch (IOException e) {
            throw CliFailure.failed(CliFailure.messageOf(e));
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(CliFailure.messageOf(e));
        }
    }
}
