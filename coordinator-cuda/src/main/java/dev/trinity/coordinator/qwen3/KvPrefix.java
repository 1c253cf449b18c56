package dev.trinity.coordinator.qwen3;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Keys and values of a sequence's first {@link #length()} tokens, per decoder layer, already through q/k norms and
 * RoPE: what a prefill needs to attend to those tokens without computing them again.
 */
interface KvPrefix {

    /** No cached tokens. */
    KvPrefix NONE = new KvPrefix() {
        @Override
        public int length() {
            return 0;
        }

        @Override
        public List<NDArray> keys(int layer) {
            return List.of();
        }

        @Override
        public List<NDArray> values(int layer) {
            return List.of();
        }
    };

    /** How many leading tokens are covered. */
    int length();

    /**
     * Keys of layer {@code layer} for tokens {@code [0, length())}, first token first, as row blocks
     * (rows, kvHeads, headDim): new views of cached arrays, which the caller owns and must move or close.
     */
    List<NDArray> keys(int layer);

    /** Values of layer {@code layer}, in blocks like {@link #keys}. */
    List<NDArray> values(int layer);
}
