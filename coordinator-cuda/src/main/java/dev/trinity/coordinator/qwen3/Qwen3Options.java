package dev.trinity.coordinator.qwen3;

import dev.trinity.coordinator.djl.DeviceSpec;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * How to load and run a Qwen3 model.
 *
 * @param device where to run ({@code auto} picks CUDA when libtorch sees a GPU)
 * @param computeType float32, or float16 on a GPU
 * @param threads libtorch intra-op threads; 0 keeps libtorch's default
 * @param progress called with each loaded layer index (for progress output); never null
 * @param prefixCacheBytes memory for the prefix cache (keys and values of prefixes already prefilled, reused by
 *     later forwards of sequences that start with them); 0 turns it off
 * @param prefixCacheType the dtype the prefix cache keeps keys and values in, or null for the compute dtype (exact);
 *     fp16 halves its memory at the cost of rounding the cached keys and values
 * @param workingMemoryLimit the most bytes one forward may use beyond the weights; 0 means what the machine has
 *     available at the time (checked on CPU before each forward)
 */
public record Qwen3Options(DeviceSpec device, ComputeType computeType, int threads, IntConsumer progress,
                           long prefixCacheBytes, ComputeType prefixCacheType, long workingMemoryLimit) {

    /** The prefix cache's default size: about 9,300 tokens of Qwen3-0.6B keys and values in fp32. */
    public static final long DEFAULT_PREFIX_CACHE_BYTES = 2048L << 20;

    /** Validates and fills defaults. */
    public Qwen3Options {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(computeType, "computeType");
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
        if (prefixCacheBytes < 0) {
            throw new IllegalArgumentException("the prefix cache size must be >= 0 (0 turns it off), got "
                    + prefixCacheBytes);
        }
        if (workingMemoryLimit < 0) {
            throw new IllegalArgumentException("the working-memory limit must be >= 0 (0: what the machine has), got "
                    + workingMemoryLimit);
        }
        progress = progress == null ? layer -> { } : progress;
        prefixCacheType = prefixCacheType == null ? computeType : prefixCacheType;
    }

    /** Defaults: automatic device, float32, libtorch's thread count, no progress, a prefix cache of 2 GiB. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these options, to change some of them.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        return builder().device(device).computeType(computeType).threads(threads).progress(progress)
                .prefixCacheBytes(prefixCacheBytes).prefixCacheType(prefixCacheType)
                .workingMemoryLimit(workingMemoryLimit);
    }

    /** Builder for {@link Qwen3Options}. */
    public static final class Builder {
        private DeviceSpec device = DeviceSpec.AUTO;
        private ComputeType computeType = ComputeType.FP32;
        private int threads;
        private IntConsumer progress;
        private long prefixCacheBytes = DEFAULT_PREFIX_CACHE_BYTES;
        private ComputeType prefixCacheType;
        private long workingMemoryLimit;

        private Builder() {
        }

        /** The device (default auto). */
        public Builder device(DeviceSpec value) {
            this.device = value;
            return this;
        }

        /** The compute dtype (default fp32). */
        public Builder computeType(ComputeType value) {
            this.computeType = value;
            return this;
        }

        /** libtorch intra-op threads (default: libtorch's choice). */
        public Builder threads(int value) {
            this.threads = value;
            return this;
        }

        /** Progress callback with each loaded layer index. */
        public Builder progress(IntConsumer value) {
            this.progress = value;
            return this;
        }

        /** Memory for the prefix cache in bytes (default 2 GiB); 0 turns it off. */
        public Builder prefixCacheBytes(long value) {
            this.prefixCacheBytes = value;
            return this;
        }

        /** The dtype the prefix cache keeps keys and values in (default: the compute dtype, exact). */
        public Builder prefixCacheType(ComputeType value) {
            this.prefixCacheType = value;
            return this;
        }

        /** The most bytes one forward may use beyond the weights (default 0: what the machine has available). */
        public Builder workingMemoryLimit(long value) {
            this.workingMemoryLimit = value;
            return this;
        }

        /** Builds the options. */
        public Qwen3Options build() {
            return new Qwen3Options(device, computeType, threads, progress, prefixCacheBytes, prefixCacheType,
                    workingMemoryLimit);
        }
    }
}
