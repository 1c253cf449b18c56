package dev.trinity.coordinator.cli;

import dev.trinity.coordinator.djl.DeviceSpec;
import dev.trinity.coordinator.qwen3.ComputeType;
import dev.trinity.coordinator.qwen3.ModelLocator;
import dev.trinity.coordinator.qwen3.Qwen3Options;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by every command that runs the Qwen3 engine. */
final class EngineOptions {

    @Option(names = "--model-dir", paramLabel = "DIR",
            description = "Hugging Face model folder (config.json, model.safetensors, tokenizer.json). Default: "
                    + "Qwen/Qwen3-0.6B in the Hugging Face cache (HF_HUB_CACHE, HF_HOME, ~/.cache/huggingface). "
                    + "The bundled demo model is priv/qwen3-tiny.")
    Path modelDir;

    @Option(names = "--device", paramLabel = "auto|cpu|cuda[:N]", defaultValue = "auto",
            description = "Where to run the model (default: ${DEFAULT-VALUE}: CUDA when libtorch sees a GPU).")
    String device;

    @Option(names = "--dtype", paramLabel = "fp32|fp16", defaultValue = "fp32",
            description = "Compute dtype (default: ${DEFAULT-VALUE}; fp16 only on a GPU).")
    String dtype;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "libtorch intra-op threads (default: all cores).")
    int threads;

    private LayerProgress progress;

    /** The model folder, from --model-dir or the Hugging Face cache. */
    Path resolveModelDir() {
        try {
            return ModelLocator.system().locate(modelDir, ModelLocator.DEFAULT_REPO);
        } catch (IOException e) {
            throw CliFailure.failed(e.getMessage());
        }
    }

    /** Engine options, with layer-loading progress on {@code err}. */
    Qwen3Options options(PrintWriter err) {
        if (threads < 0) {
            throw CliFailure.usage("--threads must be 0 (all cores) or a positive count, got " + threads);
        }
        progress = new LayerProgress(err);
        try {
            return Qwen3Options.builder()
                    .device(DeviceSpec.parse(device))
                    .computeType(ComputeType.parse(dtype))
                    .threads(threads > 0 ? threads : Runtime.getRuntime().availableProcessors())
                    .progress(progress)
                    .build();
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(e.getMessage());
        }
    }

    /** Ends the loading progress line with the load time. */
    void loaded() {
        if (progress != null) {
            progress.finish();
        }
    }
}
