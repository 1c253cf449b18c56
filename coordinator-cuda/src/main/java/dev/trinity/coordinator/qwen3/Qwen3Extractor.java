package dev.trinity.coordinator.qwen3;

import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.conversation.Transcript;
import dev.trinity.coordinator.route.HiddenState;
import dev.trinity.coordinator.route.HiddenStateExtractor;
import dev.trinity.coordinator.tokenizer.QwenTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The router's {@link HiddenStateExtractor} on Qwen3: transcript, tokens, one prefill, the final-norm hidden state
 * at position {@code n - 2}. Thread-safe; owns the model and tokenizer it is given.
 */
public final class Qwen3Extractor implements HiddenStateExtractor {

    private final Qwen3Model model;
    private final QwenTokenizer tokenizer;

    /** Wraps a loaded model and tokenizer; closing the extractor closes both. */
    public Qwen3Extractor(Qwen3Model model, QwenTokenizer tokenizer) {
        this.model = model;
        this.tokenizer = tokenizer;
    }

    /**
     * Loads the model and tokenizer of a Hugging Face model folder.
     *
     * @throws IOException naming what is missing or unsupported
     */
    public static Qwen3Extractor load(Path modelDir, Qwen3Options options) throws IOException {
        QwenTokenizer tokenizer = QwenTokenizer.load(modelDir);
        try {
            return new Qwen3Extractor(Qwen3Model.load(modelDir, options), tokenizer);
        } catch (IOException | RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    @Override
    public HiddenState extract(List<Message> messages) {
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("cannot route an empty conversation");
        }
        long start = System.nanoTime();
        int[] ids = tokenizer.encode(Transcript.format(messages));
        long tokenized = System.nanoTime();
        int index = HiddenState.routerIndex(ids.length);
        float[] vector = model.hiddenAt(ids, index);
        long done = System.nanoTime();
        return new HiddenState(vector, ids, index, model.deviceName(), model.computeType().label(),
                new HiddenState.Timings((tokenized - start) / 1e6, (done - tokenized) / 1e6));
    }

    /**
     * Routes many conversations in one right-padded forward pass ({@link Qwen3Model#hiddenAtBatch}); each vector
     * equals what {@link #extract} gives up to float rounding. The timings of each state are the batch's totals
     * divided evenly.
     */
    @Override
    public List<HiddenState> extractAll(List<List<Message>> conversations) {
        if (conversations.isEmpty()) {
            return List.of();
        }
        long start = System.nanoTime();
        int[][] ids = new int[conversations.size()][];
        int[] positions = new int[ids.length];
        for (int b = 0; b < ids.length; b++) {
            if (conversations.get(b).isEmpty()) {
                throw new IllegalArgumentException("cannot route an empty conversation (batch entry " + b + ")");
            }
            ids[b] = tokenizer.encode(Transcript.format(conversations.get(b)));
            positions[b] = HiddenState.routerIndex(ids[b].length);
        }
        long tokenized = System.nanoTime();
        float[][] vectors = model.hiddenAtBatch(ids, positions);
        long done = System.nanoTime();
        HiddenState.Timings share = new HiddenState.Timings((tokenized - start) / 1e6 / ids.length,
                (done - tokenized) / 1e6 / ids.length);
        List<HiddenState> out = new ArrayList<>(ids.length);
        for (int b = 0; b < ids.length; b++) {
            out.add(new HiddenState(vectors[b], ids[b], positions[b], model.deviceName(), model.computeType().label(),
                    share));
        }
        return out;
    }

    @Override
    public void clearCache() {
        model.clearPrefixCache();
    }

    @Override
    public int hiddenSize() {
        return model.config().hiddenSize();
    }

    /** The underlying model (for diagnostics such as every hidden state). */
    public Qwen3Model model() {
        return model;
    }

    /** The tokenizer. */
    public QwenTokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public void close() {
        model.close();
        tokenizer.close();
    }
}
