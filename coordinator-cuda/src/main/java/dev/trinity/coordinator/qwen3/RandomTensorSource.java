package dev.trinity.coordinator.qwen3;

import dev.trinity.coordinator.safetensors.DType;
import dev.trinity.coordinator.safetensors.Floats;
import dev.trinity.coordinator.safetensors.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Random BF16 weights with the tensor names and shapes of a Qwen3 config, generated on demand (no download): for
 * benchmarks at the real Qwen3-0.6B shape. Linear and embedding weights are uniform with standard deviation 0.02,
 * norm weights 1 + uniform(0.1); each tensor's values depend only on the seed and its name.
 */
public final class RandomTensorSource implements TensorSource {

    private final Map<String, TensorInfo> tensors = new LinkedHashMap<>();
    private final long seed;

    /** Random weights for {@code config}, reproducible from {@code seed}. */
    public RandomTensorSource(Qwen3Config config, long seed) {
        this.seed = seed;
        long hidden = config.hiddenSize();
        add("model.embed_tokens.weight", config.vocabSize(), hidden);
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            String p = "model.layers." + i + ".";
            add(p + "input_layernorm.weight", hidden);
            add(p + "post_attention_layernorm.weight", hidden);
            add(p + "self_attn.q_proj.weight", config.queryWidth(), hidden);
            add(p + "self_attn.k_proj.weight", config.keyValueWidth(), hidden);
            add(p + "self_attn.v_proj.weight", config.keyValueWidth(), hidden);
            add(p + "self_attn.o_proj.weight", hidden, config.queryWidth());
            add(p + "self_attn.q_norm.weight", config.headDim());
            add(p + "self_attn.k_norm.weight", config.headDim());
            add(p + "mlp.gate_proj.weight", config.intermediateSize(), hidden);
            add(p + "mlp.up_proj.weight", config.intermediateSize(), hidden);
            add(p + "mlp.down_proj.weight", hidden, config.intermediateSize());
        }
        add("model.norm.weight", hidden);
    }

    private void add(String name, long... shape) {
        long bytes = 2;
        for (long dim : shape) {
            bytes *= dim;
        }
        tensors.put(name, new TensorInfo(name, DType.BF16, shape, 0, bytes));
    }

    @Override
    public Set<String> names() {
        return Collections.unmodifiableSet(tensors.keySet());
    }

    @Override
    public TensorInfo info(String name) throws IOException {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw new IOException("random weights have no tensor \"" + name + "\"");
        }
        return info;
    }

    @Override
    public void readFloats(String name, FloatBuffer dest) throws IOException {
        long count = info(name).elementCount();
        SplittableRandom random = random(name);
        boolean norm = name.endsWith("norm.weight");
        for (long i = 0; i < count; i++) {
            dest.put(Floats.bf16ToFloat(Floats.floatToBf16(value(random, norm))));
        }
    }

    @Override
    public ByteBuffer bytes(String name) throws IOException {
        TensorInfo info = info(name);
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(info.byteLength())).order(ByteOrder.LITTLE_ENDIAN);
        SplittableRandom random = random(name);
        boolean norm = name.endsWith("norm.weight");
        while (out.hasRemaining()) {
            out.putShort(Floats.floatToBf16(value(random, norm)));
        }
        return out.flip();
    }

    private SplittableRandom random(String name) {
        return new SplittableRandom(seed ^ ((long) name.hashCode() << 32));
    }

    private static float value(SplittableRandom random, boolean norm) {
        // uniform(-a, a) has standard deviation a / sqrt(3)
        double u = random.nextDouble() * 2 - 1;
        return norm ? (float) (1 + 0.1 * u) : (float) (0.02 * Math.sqrt(3) * u);
    }

    /**
     * Writes these weights as a Hugging Face model folder ({@code config.json} and a BF16 {@code model.safetensors}),
     * so that loading a real checkpoint of this shape can be measured.
     */
    public void writeModelFolder(Qwen3Config config, java.nio.file.Path folder) throws IOException {
        java.nio.file.Files.createDirectories(folder);
        dev.trinity.coordinator.safetensors.SafetensorsWriter writer =
                dev.trinity.coordinator.safetensors.SafetensorsWriter.builder().metadata("format", "pt");
        for (TensorInfo info : tensors.values()) {
            ByteBuffer data = bytes(info.name());
            byte[] raw = new byte[data.remaining()];
            data.get(raw);
            writer.add(info.name(), DType.BF16, info.shape(), raw);
        }
        writer.write(folder.resolve("model.safetensors"));
        java.nio.file.Files.writeString(folder.resolve("config.json"), String.format(java.util.Locale.ROOT,
                "{\"architectures\":[\"Qwen3ForCausalLM\"],\"model_type\":\"qwen3\",\"vocab_size\":%d,"
                        + "\"hidden_size\":%d,\"intermediate_size\":%d,\"num_hidden_layers\":%d,"
                        + "\"num_attention_heads\":%d,\"num_key_value_heads\":%d,\"head_dim\":%d,"
                        + "\"rms_norm_eps\":%s,\"rope_theta\":%s,\"tie_word_embeddings\":%b,"
                        + "\"max_position_embeddings\":%d,\"hidden_act\":\"silu\",\"rope_scaling\":null,"
                        + "\"use_sliding_window\":false,\"torch_dtype\":\"bfloat16\"}",
                config.vocabSize(), config.hiddenSize(), config.intermediateSize(), config.numHiddenLayers(),
                config.numAttentionHeads(), config.numKeyValueHeads(), config.headDim(), config.rmsNormEps(),
                config.ropeTheta(), config.tieWordEmbeddings(), config.maxPositionEmbeddings()));
    }

    @Override
    public String describe() {
        return "random weights (seed " + seed + ")";
    }

    @Override
    public void close() {
    }
}
