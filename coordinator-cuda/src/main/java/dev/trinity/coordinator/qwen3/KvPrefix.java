package dev.trinity.coordinator.qwen3;

import ai.djl.ndarray.NDArray;

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
        public NDArray keys(int layer) {
            throw new IllegalStateException("no cached keys");
        }

        @Override
        public NDArray values(int layer) {
            throw new IllegalStateException("no cached values");
        }
    };

    /** How many leading tokens are covered. */
    int length();

    /** Keys of layer {@code layer}, (at least {@link #length()}, kvHeads, headDim); only the first rows are read. */
    NDArray keys(int layer);

    /** Values of layer {@code layer}, shaped like {@link #keys}. */
    NDArray values(int layer);
}
