package dev.trinity.coordinator.cli.options;

import dev.trinity.coordinator.cli.CliFailure;
import dev.trinity.coordinator.cli.LayerProgress;
import dev.trinity.coordinator.djl.DeviceSpec;
import dev.trinity.coordinator.qwen3.ComputeType;
import dev.trinity.coordinator.qwen3.Qwen3Options;
import picocli.CommandLine.Option;

/**
 * Where and how the Qwen3 engine runs: {@code --device}, {@code --dtype}, {@code --threads}, and the prefix cache
 * ({@code --prefix-cache-mb}, {@code --prefix-cache-dtype}).
 */
public final class DeviceOptions {

    @Option(names = "--device", paramLabel = "auto|cpu|cuda[:N]", defaultValue = "auto",
            description = "Where to run the model (default: ${DEFAULT-VALUE}: CUDA when libtorch sees a GPU).")
    String device;

    @Option(names = "--dtype", paramLabel = "fp32|fp16", defaultValue = "fp32",
            description = "Compute dtype (default: ${DEFAULT-VALUE}; fp16 only on a GPU).")
    String dtype;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "libtorch intra-op threads (default: all cores).")
    int threads;

    @Option(names = "--prefix-cache-mb", paramLabel = "MB",
            description = "Memory for the prefix cache: keys and values of token prefixes already read, so a "
                    + "conversation routed again after it grew computes only its new tokens; 0 turns it off "
                    + "(default: 2048; 0 for commands that read one input).")
    Long prefixCacheMb;

    @Option(names = "--prefix-cache-dtype", paramLabel = "fp32|fp16",
            description = "The dtype the prefix cache keeps keys and values in (default: --dtype, exact; fp16 "
                    + "halves its memory and rounds what it keeps).")
    String prefixCacheDtype;

    /**
     * Engine options from these flags (device and dtypes parsed here, once), with layer-loading progress.
     *
     * @param progress the layer progress, or null for none yet
     * @return the options
     * @throws CliFailure a usage error naming the flag
     */
    public Qwen3Options options(LayerProgress progress) {
        if (prefixCacheMb != null && (prefixCacheMb < 0 || prefixCacheMb > (1L << 30))) {
            throw CliFailure.usage("--prefix-cache-mb must be 0 (off) or a size in MB, got " + prefixCacheMb);
        }
        Qwen3Options.Builder builder = parse(device, dtype, threads).progress(progress);
        try {
            if (prefixCacheMb != null) {
                builder.prefixCacheBytes(prefixCacheMb << 20);
            }
            if (prefixCacheDtype != null) {
                builder.prefixCacheType(ComputeType.parse(prefixCacheDtype));
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(CliFailure.messageOf(e));
        }
    }

    /**
     * Parses a device, a dtype and a thread count as the flags (or a training config) give them, once.
     *
     * @param device {@code auto}, {@code cpu}, {@code cuda[:N]}
     * @param dtype {@code fp32} or {@code fp16}
     * @param threads libtorch's intra-op threads, 0 for all cores
     * @return engine options with these set and the rest at their defaults
     * @throws CliFailure a usage error naming what is wrong
     */
    public static Qwen3Options.Builder parse(String device, String dtype, int threads) {
        if (threads < 0) {
            throw CliFailure.usage("--threads must be 0 (all cores) or a positive count, got " + threads);
        }
        try {
            return Qwen3Options.builder().device(DeviceSpec.parse(device)).computeType(ComputeType.parse(dtype))
                    .threads(threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(CliFailure.messageOf(e));
        }
    }

    /** The cache size for a command that reads one input: off unless --prefix-cache-mb says otherwise. */
    void oneInput() {
        if (prefixCacheMb == null) {
            prefixCacheMb = 0L;
        }
    }
}
