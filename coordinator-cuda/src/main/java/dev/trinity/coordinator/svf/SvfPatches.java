package dev.trinity.coordinator.svf;

import dev.trinity.coordinator.qwen3.TensorSource;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Computes the adapted tensors of a selection from base weights and the router vector's offsets.
 *
 * <p>The tied LM head (entry 9 for Qwen3-0.6B) reads the embedding matrix as its base, with its own offsets; routing
 * never uses it, so {@link #forRouting} skips it, as the reference's Elixir runtime effectively does.
 */
public final class SvfPatches {

    private SvfPatches() {
    }

    /** The adapted tensors that change hidden states (every entry except the LM head), by Hugging Face name. */
    public static Map<String, float[]> forRouting(TensorSource base, SvfSelection selection, float[] offsets,
                                                  Consumer<SvfEntry> onDone) throws IOException {
        return compute(base, selection, offsets, false, onDone);
    }

    /**
     * Adapted tensors, by Hugging Face name, in PyTorch orientation; the LM head (if included) is keyed
     * {@code lm_head.weight}.
     *
     * @param offsets the router vector's offsets, at least {@link SvfSelection#offsetCount()} values
     * @param onDone called after each tensor (progress)
     */
    public static Map<String, float[]> compute(TensorSource base, SvfSelection selection, float[] offsets,
                                               boolean includeLmHead, Consumer<SvfEntry> onDone) throws IOException {
        if (offsets.length < selection.offsetCount()) {
            throw new IllegalArgumentException("the router vector has " + offsets.length + " offsets, the selection "
                    + "needs " + selection.offsetCount());
        }
        Map<String, float[]> adapted = new LinkedHashMap<>();
        SvfAdapter.Basis embedding = null;
        for (SvfEntry entry : selection.entries()) {
            if (entry.isLmHead() && !includeLmHead) {
                continue;
            }
            // A tied LM head has no tensor of its own: its base is the embedding matrix (decomposed once).
            String sourceName = entry.isLmHead() && !base.names().contains("lm_head.weight")
                    ? "model.embed_tokens.weight" : entry.sourceName();
            boolean isEmbedding = sourceName.equals("model.embed_tokens.weight");
            SvfAdapter.Basis basis = isEmbedding && embedding != null ? embedding : SvfAdapter.basis(
                    read(base, sourceName, entry.rows() * entry.cols()), entry.rows(), entry.cols());
            if (isEmbedding) {
                embedding = basis;
            }
            float[] slice = Arrays.copyOfRange(offsets, entry.offsetStart(), entry.offsetEnd());
            adapted.put(entry.sourceName(), SvfAdapter.adapt(basis, slice).weights());
            onDone.accept(entry);
        }
        return adapted;
    }

    private static float[] read(TensorSource base, String name, int count) throws IOException {
        float[] weights = new float[count];
        base.readFloats(name, FloatBuffer.wrap(weights));
        return weights;
    }
}
