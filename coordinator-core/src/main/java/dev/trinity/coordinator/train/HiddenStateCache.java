package dev.trinity.coordinator.train;

import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.hash.TraceHash;
import dev.trinity.coordinator.route.HiddenState;
import dev.trinity.coordinator.route.HiddenStateExtractor;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;

/**
 * Hidden states computed once per conversation and kept on disk: {@code DIR/<state key>.bin}, where the state key
 * names the model weights, the SVF offsets, the device kind and the dtype ({@link TrainableRouter#stateKey()}).
 * Records are keyed by the transcript's trace hash; a run, and every later run with the same model, reads them
 * back instead of computing them. Appended record by record and flushed, so a crash loses at most the record it was
 * writing (a truncated tail is ignored).
 *
 * <p>Record: 32-byte transcript hash, int token count, int hidden index, int hidden size, that many floats
 * (little-endian).
 */
public final class HiddenStateCache {

    private final Path file;
    private final int hiddenSize;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** One cached state. */
    record Entry(float[] vector, int tokenCount, int hiddenIndex) {
    }

    private HiddenStateCache(Path file, int hiddenSize) {
        this.file = file;
        this.hiddenSize = hiddenSize;
    }

    /**
     * Opens (or creates) the cache of one model state.
     *
     * @param dir the cache folder
     * @param stateKey the model's state key (hex)
     * @param hiddenSize the vector length
     * @return the cache with every complete record loaded
     * @throws IOException when the folder or file cannot be read or created
     */
    public static HiddenStateCache open(Path dir, String stateKey, int hiddenSize) throws IOException {
        Files.createDirectories(dir);
        HiddenStateCache cache = new HiddenStateCache(dir.resolve(stateKey + ".bin"), hiddenSize);
        cache.load();
        return cache;
    }

    private void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        long good = 0;
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            byte[] hash = new byte[32];
            while (true) {
                try {
                    in.readFully(hash);
                    int tokens = Integer.reverseBytes(in.readInt());
                    int index = Integer.reverseBytes(in.readInt());
                    int size = Integer.reverseBytes(in.readInt());
                    if (size != hiddenSize) {
                        throw new IOException("hidden-state cache " + file + " holds vectors of " + size
                                + " values, the model gives " + hiddenSize + "; delete the file");
                    }
                    byte[] bytes = new byte[size * 4];
                    in.readFully(bytes);
                    float[] vector = new float[size];
                    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
                    entries.put(HexFormat.of().formatHex(hash), new Entry(vector, tokens, index));
                    good += 32 + 12 + bytes.length;
                } catch (EOFException e) {
                    break;
                }
            }
        }
        if (Files.size(file) != good) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(good); // a record cut short by a crash
            }
        }
    }

    /**
     * The hidden states of many conversations: cached ones are read, the others computed in batches with the
     * extractor's batched forward ({@link HiddenStateExtractor#extractAll}) and appended to the cache.
     *
     * @param conversations the conversations
     * @param extractor the model
     * @param batchSize conversations per forward
     * @param progress called with the number done after each batch
     * @return one vector per conversation, in order
     */
    public List<float[]> states(List<List<Message>> conversations, HiddenStateExtractor extractor, int batchSize,
                                IntConsumer progress) {
        List<String> keys = conversations.stream().map(TraceHash::messages).toList();
        Map<String, List<Message>> missing = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            if (!entries.containsKey(keys.get(i))) {
                missing.putIfAbsent(keys.get(i), conversations.get(i));
            }
        }
        List<String> todo = new ArrayList<>(missing.keySet());
        int done = conversations.size() - todo.size();
        progress.accept(done);
        if (!todo.isEmpty()) {
            extractor.clearCache(); // every state computed as a freshly loaded model would
        }
        for (int start = 0; start < todo.size(); start += batchSize) {
            List<String> batch = todo.subList(start, Math.min(todo.size(), start + batchSize));
            List<HiddenState> states = extractor.extractAll(batch.stream().map(missing::get).toList());
            for (int i = 0; i < batch.size(); i++) {
                put(batch.get(i), states.get(i));
            }
            done += batch.size();
            progress.accept(Math.min(done, conversations.size()));
        }
        List<float[]> out = new ArrayList<>(keys.size());
        for (String key : keys) {
            out.add(entries.get(key).vector());
        }
        return out;
    }

    /**
     * An extractor that answers from this cache and computes (and caches) only what it has not seen: the loop's
     * routes in {@code verifier-accept} runs.
     */
    public HiddenStateExtractor caching(HiddenStateExtractor extractor) {
        return new HiddenStateExtractor() {
            @Override
            public HiddenState extract(List<Message> messages) {
                String key = TraceHash.messages(messages);
                Entry entry = entries.get(key);
                if (entry == null) {
                    synchronized (HiddenStateCache.this) {
                        entry = entries.get(key);
                        if (entry == null) {
                            extractor.clearCache();
                            entry = put(key, extractor.extract(messages));
                        }
                    }
                }
                int[] ids = new int[entry.tokenCount()];
                return new HiddenState(entry.vector().clone(), ids, entry.hiddenIndex(), "cache", "float32",
                        new HiddenState.Timings(0, 0));
            }

            @Override
            public int hiddenSize() {
                return hiddenSize;
            }
        };
    }

    private synchronized Entry put(String key, HiddenState state) {
        float[] vector = state.vector();
        for (int i = 0; i < vector.length; i++) {
            if (!Float.isFinite(vector[i])) {
                throw new TrainingException("the model produced a hidden state holding " + vector[i]
                        + "; its weights are probably corrupt (check them with 'coordinator env-check --model-dir "
                        + "DIR --verify-hashes')");
            }
        }
        Entry entry = new Entry(vector, state.tokenCount(), state.hiddenIndex());
        ByteBuffer record = ByteBuffer.allocate(32 + 12 + vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        record.put(HexFormat.of().parseHex(key));
        record.putInt(state.tokenCount()).putInt(state.hiddenIndex()).putInt(vector.length);
        record.asFloatBuffer().put(vector);
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND))) {
            out.write(record.array());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the hidden-state cache " + file, e);
        }
        entries.put(key, entry);
        return entry;
    }
}
