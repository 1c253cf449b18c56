package dev.trinity.coordinator.svf;

import dev.trinity.coordinator.qwen3.TensorSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Computes the adapted tensors of a selection from base weights and the router vector's offsets.
 *
 * <p>The tied LM head (entry 9 for Qwen3-0.6B) reads the embedding matrix as its base, with its own offsets; routing
 * never uses it, so {@link #forRouting} skips it, as the reference's Elixir runtime effectively does. Bundles, which
 * also hold the LM head, are written by {@code adapted.BundleBuilder}.
 */
public final class SvfPatches {

    private SvfPatches() {
    }

    /**
     * What routing needs: the adapted layer tensors, and the embedding's right factor {@code F}
     * ({@code E' = E F}, applied to the looked-up rows only).
     *
     * @param layerTensors adapted layer tensors by Hugging Face name, PyTorch orientation
     * @param embeddingFactor (hidden, hidden), or null when the selection does not adapt the embedding
     */
    public record Routing(Map<String, float[]> layerTensors, float[] embeddingFactor) {
    }

    /**
     * The adapted tensors that change hidden states (every entry except the LM head). The layer tensors are
     * decomposed in parallel (their eigen-decompositions dominate); the embedding is never materialised.
     *
     * @param onDone called after each tensor (progress), from any thread
     */
    public static Routing forRouting(TensorSource base, SvfSelection selection, float[] offsets,
                                     Consumer<SvfEntry> onDone) throws IOException {
        checkLength(selection, offsets);
        List<SvfEntry> entries = selection.entries().stream().filter(entry -> !entry.isLmHead()).toList();
        Map<String, float[]> adapted = new LinkedHashMap<>();
        float[] embeddingFactor = null;
        // The embedding first: its Gram matrix is the longest single job; the layers' eigen-decompositions
        // (single-threaded) fill the other core meanwhile.
        int threads = Math.max(1, Math.min(entries.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "svf");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (SvfEntry entry : entries) {
                float[] weights = read(base, entry.sourceName(), entry);
                float[] slice = slice(offsets, entry);
                results.add(pool.submit(() -> {
                    float[] done = entry.isEmbedding()
                            ? SvfAdapter.rightFactor(SvfAdapter.basis(weights, entry.rows(), entry.cols()), slice)
                            : SvfAdapter.adapt(weights, entry.rows(), entry.cols(), slice).weights();
                    onDone.accept(entry);
                    return done;
                }));
            }
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i).isEmbedding()) {
                    embeddingFactor = results.get(i).get();
                } else {
                    adapted.put(entries.get(i).sourceName(), results.get(i).get());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while adapting weights", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new UncheckedIOException(
                    new IOException(e.getCause()));
        } finally {
            pool.shutdownNow();
        }
        return new Routing(adapted, embeddingFactor);
    }

    private static void checkLength(SvfSelection selection, float[] offsets) {
        if (offsets.length < selection.offsetCount()) {
            throw new IllegalArgumentException("the router vector has " + offsets.length + " offsets, the selection "
                    + "needs " + selection.offsetCount());
        }
    }

    private static float[] slice(float[] offsets, SvfEntry entry) {
        return Arrays.copyOfRange(offsets, entry.offsetStart(), entry.offsetEnd());
    }

    private static float[] read(TensorSource base, String name, SvfEntry entry) throws IOException {
        float[] weights = new float[entry.rows() * entry.cols()];
        base.readFloats(name, FloatBuffer.wrap(weights));
        return weights;
    }
}
