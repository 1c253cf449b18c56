package dev.trinity.coordinator.tokenizer;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.trinity.coordinator.djl.DjlRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The router's tokenizer: a Hugging Face {@code tokenizer.json} with truncation and padding off and no special
 * tokens added, so every transcript maps to exactly the ids Python's {@code tokenizers} gives (DJL's default
 * would silently cut at 512 tokens). Thread-safe.
 */
public final class QwenTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final Path file;

    private QwenTokenizer(HuggingFaceTokenizer tokenizer, Path file) {
        this.tokenizer = tokenizer;
        this.file = file;
    }

    /**
     * Loads {@code tokenizer.json} from a file or a model folder.
     *
     * @throws IOException naming the path when no tokenizer.json is there or it cannot be parsed
     */
    public static QwenTokenizer load(Path fileOrFolder) throws IOException {
        Path file = Files.isDirectory(fileOrFolder) ? fileOrFolder.resolve("tokenizer.json") : fileOrFolder;
        if (!Files.isRegularFile(file)) {
            throw new IOException("no tokenizer.json at " + file + "; the model folder needs the Hugging Face "
                    + "tokenizer.json of Qwen/Qwen3-0.6B");
        }
        DjlRuntime.configureOffline();
        try {
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(file)
                    .optAddSpecialTokens(false)
                    .optTruncation(false)
                    .optPadding(false)
                    .build();
            return new QwenTokenizer(tokenizer, file);
        } catch (RuntimeException e) {
            throw new IOException("cannot load tokenizer " + file + ": " + e.getMessage(), e);
        }
    }

    /** The token ids of a text, with no special tokens added and no truncation. */
    public int[] encode(String text) {
        Encoding encoding = tokenizer.encode(text, false, false);
        long[] ids = encoding.getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    /** The number of tokens of a text. */
    public int count(String text) {
        return encode(text).length;
    }

    /** The tokenizer.json this was loaded from. */
    public Path file() {
        return file;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
