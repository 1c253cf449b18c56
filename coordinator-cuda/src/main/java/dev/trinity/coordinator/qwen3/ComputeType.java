package dev.trinity.coordinator.qwen3;

import ai.djl.ndarray.types.DataType;
import java.util.Locale;

/** The dtype the forward pass computes in. RMSNorm always runs in float32. */
public enum ComputeType {
    /** float32 everywhere (CPU and GPU; the golden tests' setting). */
    FP32(DataType.FLOAT32, "float32"),
    /** float16 weights and activations (GPU only: it is very slow on CPU). */
    FP16(DataType.FLOAT16, "float16");

    private final DataType dataType;
    private final String label;

    ComputeType(DataType dataType, String label) {
        this.dataType = dataType;
        this.label = label;
    }

    DataType dataType() {
        return dataType;
    }

    /** The name used in output and metadata ({@code float32}, {@code float16}). */
    public String label() {
        return label;
    }

    /** Parses {@code fp32|float32|fp16|float16}; bf16 is refused because BF16 NDArrays abort the JVM in DJL. */
    public static ComputeType parse(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "fp32", "float32", "f32" -> FP32;
            case "fp16", "float16", "f16", "half" -> FP16;
            case "bf16", "bfloat16" -> throw new IllegalArgumentException("dtype " + text + " is not supported: "
                    + "DJL aborts the JVM on BF16 arrays; use fp32 (or fp16 on a GPU)");
            default -> throw new IllegalArgumentException("invalid dtype \"" + text + "\"; use fp32 or fp16");
        };
    }
}
