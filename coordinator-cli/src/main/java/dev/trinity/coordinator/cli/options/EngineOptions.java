package dev.trinity.coordinator.cli.options;

import dev.trinity.coordinator.cli.CliFailure;
import dev.trinity.coordinator.cli.InputFiles;
import dev.trinity.coordinator.cli.LayerProgress;
import dev.trinity.coordinator.qwen3.ModelLocator;
import dev.trinity.coordinator.qwen3.Qwen3Options;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options of the commands that run a plain Qwen3 model (extract, bench): the model folder and the device. */
public final class EngineOptions {

    @Option(names = "--model-dir", paramLabel = "DIR",
            description = "Hugging Face model folder (config.json, model.safetensors, tokenizer.json). Default: "
                    + "Qwen/Qwen3-0.6B in the Hugging Face cache (HF_HUB_CACHE, HF_HOME, ~/.cache/huggingface). "
                    + "The bundled demo model is priv/qwen3-tiny.")
    Path modelDir;

    @Mixin
    DeviceOptions device;

    private LayerProgress progress;

    /** The model folder, from --model-dir or the Hugging Face cache. */
    public Path resolveModelDir() {
        try {
            return ModelLocator.system().locate(InputFiles.directory("--model-dir", modelDir),
                    ModelLocator.DEFAULT_REPO);
        } catch (IOException e) {
            throw CliFailure.failed(CliFailure.messageOf(e));
        }
    }

    /** Engine options, with layer-loading progress on {@code err}. */
    public Qwen3Options options(PrintWriter err) {
        progress = new LayerProgress(err);
        return device.options(progress);
    }

    /** Engine options for a command that reads one input: no prefix cache unless --prefix-cache-mb asks. */
    public Qwen3Options oneInputOptions(PrintWriter err) {
        device.oneInput();
        return options(err);
    }

    /** Ends the loading progress line with the load time. */
    public void loaded() {
        if (progress != null) {
            progress.finish();
        }
    }
}
