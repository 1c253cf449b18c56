package dev.trinity.coordinator.cli.options;

import dev.trinity.coordinator.cli.CliFailure;
import dev.trinity.coordinator.cli.InputFiles;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The flags that choose a router: the model, and the adapted weights with their head (a bundle, or a router vector
 * adapted at load time). With none of them, the bundled tiny demo router runs.
 */
public final class RouterOptions {

    @Option(names = "--model-dir", paramLabel = "DIR",
            description = "Qwen3 model folder. Default: the bundled tiny demo model when no --artifact-dir or "
                    + "--router-vector is given, else Qwen/Qwen3-0.6B from the Hugging Face cache.")
    public Path modelDir;

    @Option(names = "--artifact-dir", paramLabel = "DIR",
            description = "Adapted bundle (manifest.json, router_head.safetensors, checkpoints/).")
    public Path artifactDir;

    @Option(names = "--router-vector", paramLabel = "FILE",
            description = "Router vector safetensors: SVF offsets + head, adapted at load time. Default with "
                    + "--model-dir: Sakana's vector in priv/sakana.")
    public Path routerVector;

    @Option(names = "--es-log", paramLabel = "FILE",
            description = "The router vector's ES log (SVF layers, agent labels). Default: the *es_log.json beside "
                    + "the vector.")
    Path esLog;

    @Mixin
    DeviceOptions device;

    @Mixin
    SelectionOptions selection;

    /** The spec of a command that routes one conversation: no prefix cache unless asked for. */
    public RouterSpec oneInputSpec() {
        device.oneInput();
        return spec();
    }

    public RouterSpec spec() {
        if (artifactDir != null && routerVector != null) {
            throw CliFailure.usage("--artifact-dir and --router-vector both give the adapted weights; pass one");
        }
        if (esLog != null && routerVector == null) {
            throw CliFailure.usage("--es-log describes a --router-vector; pass --router-vector too");
        }
        return new RouterSpec(InputFiles.directory("--model-dir", modelDir),
                InputFiles.directory("--artifact-dir", artifactDir), InputFiles.file("--router-vector", routerVector),
                InputFiles.file("--es-log", esLog), device.options(null), selection.routing());
    }
}
