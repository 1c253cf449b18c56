package dev.trinity.coordinator.qwen3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * Collects, layer by layer during a forward, compact copies of the keys and values of a sequence's tokens
 * {@link #from()}..{@link #tokens()}, in the storage dtype, owned by a manager of their own: a future prefix-cache
 * entry. Closing it before {@link #detach()} frees what was collected (a forward that failed).
 */
final class KvCapture implements AutoCloseable {

    private final NDManager manager;
    private final int from;
    private final int tokens;
    private final DataType storage;
    private final NDArray[] keys;
    private final NDArray[] values;
    private boolean detached;

    KvCapture(NDManager parent, int from, int tokens, int layers, DataType storage) {
        if (from < 0 || tokens <= from) {
            throw new IllegalArgumentException("nothing to capture between tokens " + from + " and " + tokens);
        }
        this.manager = parent.newSubManager();
        this.manager.setName("prefix-cache-entry");
        this.from = from;
        this.tokens = tokens;
        this.storage = storage;
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
    }

    /** The first token kept. */
    int from() {
        return from;
    }

    /** The end of the tokens kept. */
    int tokens() {
        return tokens;
    }

    /**
     * Keeps copies of rows {@link #from()}..{@link #tokens()} of one layer's keys and values, (rows, kvHeads,
     * headDim), all of the sequence's rows so far. The arrays given may be views into larger activations; what is
     * kept never is.
     */
    void capture(int layer, NDArray layerKeys, NDArray layerValues) {
        keys[layer] = keep(layerKeys);
        values[layer] = keep(layerValues);
    }

    private NDArray keep(NDArray rows) {
        NDArray head = from == 0 && rows.getShape().get(0) == tokens ? rows
                : rows.get(new NDIndex("{}:{}", from, tokens));
        // A clone or a dtype conversion: a new, compact array (toType to the same dtype would alias the view).
        NDArray copy = head.getDataType() == storage ? head.duplicate() : head.toType(storage, false);
        copy.attach(manager);
        return copy;
    }

    /** Whether every layer was captured. */
    boolean complete() {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == null || values[i] == null) {
                return false;
            }
        }
        return true;
    }

    /** The bytes held. */
    long bytes() {
        long total = 0;
        for (int i = 0; i < keys.length; i++) {
            total += keys[i] == null ? 0 : keys[i].size() * keys[i].getDataType().getNumOfBytes();
            total += values[i] == null ? 0 : values[i].size() * values[i].getDataType().getNumOfBytes();
        }
        return total;
    }

    /** The manager owning the arrays; from now on the caller owns it and {@link #close()} no longer frees it. */
    NDManager detach() {
        detached = true;
        return manager;
    }

    /** The number of layers. */
    int layers() {
        return keys.length;
    }

    /** The kept keys of one layer, (tokens, kvHeads, headDim). */
    NDArray keys(int layer) {
        return keys[layer];
    }

    /** The kept values of one layer, (tokens, kvHeads, headDim). */
    NDArray values(int layer) {
        return values[layer];
    }

    @Override
    public void close() {
        if (!detached) {
            manager.close();
        }
    }
}
