package dev.trinity.coordinator.qwen3;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trinity.coordinator.json.JsonFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The Qwen3 settings the forward pass needs, read from a Hugging Face {@code config.json}.
 *
 * @param vocabSize rows of the embedding
 * @param hiddenSize width of the residual stream
 * @param intermediateSize width of the SwiGLU MLP
 * @param numHiddenLayers decoder layers
 * @param numAttentionHeads query heads
 * @param numKeyValueHeads key/value heads (GQA: query head h uses kv head h / (heads / kvHeads))
 * @param headDim per-head width, from the file (heads * headDim need not equal hiddenSize)
 * @param rmsNormEps epsilon of every RMSNorm, including q_norm and k_norm
 * @param ropeTheta RoPE base
 * @param tieWordEmbeddings whether the LM head shares the embedding (then the file has no lm_head.weight)
 * @param maxPositionEmbeddings longest supported sequence
 */
public record Qwen3Config(int vocabSize, int hiddenSize, int intermediateSize, int numHiddenLayers,
                          int numAttentionHeads, int numKeyValueHeads, int headDim, double rmsNormEps,
                          double ropeTheta, boolean tieWordEmbeddings, int maxPositionEmbeddings) {

    /** Checks the invariants the forward pass relies on. */
    public Qwen3Config {
        positive("vocab_size", vocabSize);
        positive("hidden_size", hiddenSize);
        positive("intermediate_size", intermediateSize);
        positive("num_hidden_layers", numHiddenLayers);
        positive("num_attention_heads", numAttentionHeads);
        positive("num_key_value_heads", numKeyValueHeads);
        positive("head_dim", headDim);
        positive("max_position_embeddings", maxPositionEmbeddings);
        if (numAttentionHeads % numKeyValueHeads != 0) {
            throw new IllegalArgumentException("num_attention_heads " + numAttentionHeads
                    + " is not a multiple of num_key_value_heads " + numKeyValueHeads);
        }
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("head_dim " + headDim + " must be even for RoPE");
        }
        if (!(rmsNormEps > 0) || !(ropeTheta > 0)) {
            throw new IllegalArgumentException("rms_norm_eps and rope_theta must be positive");
        }
    }

    /** The real Qwen3-0.6B shape (used by {@code bench --shape qwen3-0.6b}). */
    public static Qwen3Config qwen3_0_6b() {
        return new Qwen3Config(151936, 1024, 3072, 28, 16, 8, 128, 1e-6, 1_000_000, true, 40960);
    }

    /** Query heads per key/value head. */
    public int groupSize() {
        return numAttentionHeads / numKeyValueHeads;
    }

    /** Width of all query heads together ({@code heads * headDim}). */
    public int queryWidth() {
        return numAttentionHeads * headDim;
    }

    /** Width of all key (or value) heads together. */
    public int keyValueWidth() {
        return numKeyValueHeads * headDim;
    }

    /**
     * Reads {@code config.json}, rejecting settings this engine does not implement.
     *
     * @throws IOException if the file cannot be read or names an unsupported model
     */
    public static Qwen3Config read(Path configJson) throws IOException {
        JsonNode root = JsonFiles.read(configJson, configJson.toString());
        try {
            return fromJson(root);
        } catch (IllegalArgumentException e) {
            throw new IOException(configJson + ": " + e.getMessage(), e);
        }
    }

    /** Builds the config from parsed {@code config.json} contents; see {@link #read}. */
    public static Qwen3Config fromJson(JsonNode root) {
        String modelType = root.path("model_type").asText("");
        if (!modelType.equals("qwen3")) {
            throw new IllegalArgumentException("model_type \"" + modelType + "\" is not supported; this engine runs "
                    + "qwen3 models (Qwen/Qwen3-0.6B)");
        }
        JsonNode scaling = root.get("rope_scaling");
        if (scaling != null && !scaling.isNull()) {
            String type = scaling.path("rope_type").asText(scaling.path("type").asText(""));
            if (!type.equals("default")) {
                throw new IllegalArgumentException("rope_scaling type \"" + type + "\" is not implemented; only "
                        + "default RoPE (rope_scaling null) is supported");
            }
        }
        if (root.path("use_sliding_window").asBoolean(false)) {
            throw new IllegalArgumentException("use_sliding_window=true is not implemented; every layer must use "
                    + "full causal attention");
        }
        if (root.path("attention_bias").asBoolean(false)) {
            throw new IllegalArgumentException("attention_bias=true is not implemented (Qwen3 has no biases)");
        }
        String act = root.path("hidden_act").asText("silu");
        if (!act.equals("silu")) {
            throw new IllegalArgumentException("hidden_act \"" + act + "\" is not supported; Qwen3 uses silu");
        }
        int hidden = required(root, "hidden_size");
        int heads = required(root, "num_attention_heads");
        int headDim = root.hasNonNull("head_dim") ? required(root, "head_dim") : hidden / heads;
        double theta = root.hasNonNull("rope_theta") ? root.get("rope_theta").asDouble()
                : root.path("rope_parameters").path("rope_theta").asDouble(1_000_000);
        return new Qwen3Config(
                required(root, "vocab_size"),
                hidden,
                required(root, "intermediate_size"),
                required(root, "num_hidden_layers"),
                heads,
                root.hasNonNull("num_key_value_heads") ? required(root, "num_key_value_heads") : heads,
                headDim,
                root.path("rms_norm_eps").asDouble(1e-6),
                theta,
                root.path("tie_word_embeddings").asBoolean(true),
                root.path("max_position_embeddings").asInt(40960));
    }

    private static int required(JsonNode root, String key) {
        JsonNode node = root.get(key);
        if (node == null || !node.canConvertToInt() || !node.isIntegralNumber()) {
            throw new IllegalArgumentException("missing or non-integer \"" + key + "\"");
        }
        return node.asInt();
    }

    private static void positive(String key, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("\"" + key + "\" must be positive, got " + value);
        }
    }
}
