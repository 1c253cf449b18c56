package dev.trinity.coordinator.cli;

import dev.trinity.coordinator.djl.DeviceSpec;
import dev.trinity.coordinator.qwen3.ComputeType;
import dev.trinity.coordinator.qwen3.Qwen3Options;
import picocli.CommandLine.Option;

/**
 * Where and how the Qwen3 engine runs: {@code --device}, {@code --dtype}, {@code --threads}, {@code --prefix-cache-mb}.
 */
final class DeviceOptions {

    @Option(names = "--device", paramLabel = "auto|cpu|cuda[:N]", defaultValue = "auto",
            description = "Where to run the model (default: ${DEFAULT-VALUE}: CUDA when libtorch sees a GPU).")
    String device;

    @Option(names = "--dtype", paramLabel = "fp32|fp16", defaultValue = "fp32",
            description = "Compute dtype (default: ${DEFAULT-VALUE}; fp16 only on a GPU).")
    String dtype;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "libtorch intra-op threads (default: all cores).")
    int threads;

    @Option(names = "--prefix-cache-mb", paramLabel = "MB", defaultValue = "1024",
            description = "Memory for the prefix cache: keys and values of token prefixes already read, so a "
                    + "conversation routed again after it grew computes only its new tokens (default: "
                    + "${DEFAULT-VALUE}; 0 turns it off).")
    long prefixCacheMb;

    /** Engine options from these flags, with layer-loading progress on {@code err}. */
    static Qwen3Options options(String device, String dtype, int threads, long prefixCacheMb,
                                LayerProgress progress) {
        if (threads < 0) {
            throw CliFailure.usage("--threads must be 0 (all cores) or a positive count, got " + threads);
        }
        if (prefixCacheMb < 0 || prefixCacheMb > (1L << 30)) {
            throw CliFailure.usage("--prefix-cache-mb must be 0 (off) or a size in MB, got " + prefixCacheMb);
        }
        try {
            return Qwen3Options.builder()
                    .device(DeviceSpec.parse(device))
                    .computeType(ComputeType.parse(dtype))
                    .threads(threads > 0 ? threads : Runtime.getRuntime().availableProcessors())
                    .progress(progress)
                    .prefixCacheBytes(prefixCacheMb << 20)
                    .build();
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(e.getMessage());
        }
    }

    Qwen3Options options(LayerProgress progress) {
        return options(device, dtype, threads, prefixCacheMb, progress);
    }
}
