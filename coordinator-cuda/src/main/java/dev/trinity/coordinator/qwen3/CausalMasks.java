package dev.trinity.coordinator.qwen3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.Map;

/** Additive causal masks for one forward pass, made once per size and shared by every layer and block. */
final class CausalMasks {

    private final NDManager manager;
    private final DataType type;
    private final Map<Integer, NDArray> bySize = new HashMap<>();

    CausalMasks(NDManager manager, DataType type) {
        this.manager = manager;
        this.type = type;
    }

    /** (size, size): 0 on and below the diagonal, -inf above it. */
    NDArray upperTriangle(int size) {
        return bySize.computeIfAbsent(size, n -> {
            float[] mask = new float[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    mask[i * n + j] = Float.NEGATIVE_INFINITY;
                }
            }
            NDArray array = manager.create(mask, new Shape(n, n));
            return type == DataType.FLOAT32 ? array : array.toType(type, false);
        });
    }
}
