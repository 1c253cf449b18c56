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
 */
public record Qwen3Options(DeviceSpec device, ComputeType computeType, int threads, IntConsumer progress) {

    /** Validates and fills defaults. */
    public Qwen3Options {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(computeType, "computeType");
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
        progress = progress == null ? layer -> { } : progress;
    }

    /** Defaults: automatic device, float32, libtorch's thread count, no progress. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link Qwen3Options}. */
    public static final class Builder {
        private DeviceSpec device = DeviceSpec.AUTO;
        private ComputeType computeType = ComputeType.FP32;
        private int threads;
        private IntConsumer progress;

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

        /** Builds the options. */
        public Qwen3Options build() {
            return new Qwen3Options(device, computeType, threads, progress);
        }
    }
}
