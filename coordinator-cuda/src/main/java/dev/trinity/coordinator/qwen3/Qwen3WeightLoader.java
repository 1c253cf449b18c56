package dev.trinity.coordinator.qwen3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.trinity.coordinator.safetensors.TensorInfo;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Reads Qwen3 weights by their Hugging Face names, checks every shape against the config, converts them to float32
 * in Java (a BF16 NDArray would abort the JVM) and lays them out as {@link LayerWeights} describes.
 */
final class Qwen3WeightLoader {

    private final Qwen3Config config;
    private final TensorSource source;
    private final NDManager manager;
    private final DataType computeType;
    private float[] scratch = new float[0];

    Qwen3WeightLoader(Qwen3Config config, TensorSource source, NDManager manager, DataType computeType) {
        this.config = config;
        this.source = source;
        this.manager = manager;
        this.computeType = computeType;
    }

    /**
     * Loads all weights.
     *
     * @param onLayer called with the index of each layer once it is loaded (progress)
     * @throws IOException naming the missing or mis-shaped tensor
     */
    Qwen3Weights load(IntConsumer onLayer) throws IOException {
        String embedName = "model.embed_tokens.weight";
        TensorInfo embed = expectShape(embedName, config.vocabSize(), config.hiddenSize());
        EmbeddingTable embedding = new EmbeddingTable(source.bytes(embedName), embed.dtype(),
                config.vocabSize(), config.hiddenSize());
        List<LayerWeights> layers = new ArrayList<>(config.numHiddenLayers());
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            layers.add(loadLayer(i));
            onLayer.accept(i);
        }
        NDArray finalNorm = device(read("model.norm.weight", config.hiddenSize()), config.hiddenSize());
        float[] factor = source.embeddingFactor();
        NDArray embeddingFactor = factor == null ? null
                : device(factor, config.hiddenSize(), config.hiddenSize());
        return new Qwen3Weights(embedding, embeddingFactor, layers, finalNorm);
    }

    private LayerWeights loadLayer(int layer) throws IOException {
        String p = "model.layers." + layer + ".";
        int hidden = config.hiddenSize();
        int d = config.headDim();
        int qWidth = config.queryWidth();
        int kvWidth = config.keyValueWidth();
        int inter = config.intermediateSize();

        float[] qNorm = read(p + "self_attn.q_norm.weight", d);
        float[] kNorm = read(p + "self_attn.k_norm.weight", d);
        float scale = (float) (1.0 / Math.sqrt(d));
        float[] qkNorm = new float[(config.numAttentionHeads() + config.numKeyValueHeads()) * d];
        for (int h = 0; h < config.numAttentionHeads(); h++) {
            for (int j = 0; j < d; j++) {
                qkNorm[h * d + j] = qNorm[j] * scale;
            }
        }
        for (int h = 0; h < config.numKeyValueHeads(); h++) {
            System.arraycopy(kNorm, 0, qkNorm, (config.numAttentionHeads() + h) * d, d);
        }

        return new LayerWeights(
                linear(read(p + "input_layernorm.weight", hidden), hidden,
                        p + "self_attn.q_proj.weight", qWidth, p + "self_attn.k_proj.weight", kvWidth,
                        p + "self_attn.v_proj.weight", kvWidth),
                device(qkNorm, config.numAttentionHeads() + config.numKeyValueHeads(), d),
                linear(null, qWidth, p + "self_attn.o_proj.weight", hidden),
                linear(read(p + "post_attention_layernorm.weight", hidden), hidden,
                        p + "mlp.gate_proj.weight", inter, p + "mlp.up_proj.weight", inter),
                linear(null, inter, p + "mlp.down_proj.weight", hidden));
    }

    /**
     * One or more linear layers reading the same input, stacked along their outputs, as the (in, out) right-hand
     * operand of {@code x @ W^T}: a transposed view (the GEMM reads it with its transpose flag, no copy), with input
     * column {@code i} scaled by {@code inputScale[i]} when given (the folded RMSNorm weight). The (out, in)
     * matrices are read one after another into a reused scratch array, so loading makes no garbage per tensor.
     *
     * @param namesAndOuts tensor name, then its output width, for each stacked part
     */
    private NDArray linear(float[] inputScale, int in, Object... namesAndOuts) throws IOException {
        int out = 0;
        for (int i = 1; i < namesAndOuts.length; i += 2) {
            out += (Integer) namesAndOuts[i];
        }
        if (scratch.length < out * in) {
            scratch = new float[out * in];
        }
        FloatBuffer into = FloatBuffer.wrap(scratch, 0, out * in);
        for (int i = 0; i < namesAndOuts.length; i += 2) {
            String name = (String) namesAndOuts[i];
            expectShape(name, (Integer) namesAndOuts[i + 1], in);
            source.readFloats(name, into);
        }
        NDArray weight = device(FloatBuffer.wrap(scratch, 0, out * in).slice(), out, in);
        if (inputScale != null) {
            NDArray scaleRow = device(FloatBuffer.wrap(inputScale), in);
            NDArray scaled = weight.mul(scaleRow);
            scaleRow.close();
            weight.close();
            weight = scaled;
        }
        return weight.transpose();
    }

    private float[] read(String name, long... shape) throws IOException {
        TensorInfo info = expectShape(name, shape);
        float[] values = new float[Math.toIntExact(info.elementCount())];
        source.readFloats(name, FloatBuffer.wrap(values));
        return values;
    }

    private TensorInfo expectShape(String name, long... shape) throws IOException {
        if (!source.names().contains(name)) {
            throw new IOException("weights in " + source.describe() + " are missing tensor \"" + name
                    + "\" (expected shape " + Arrays.toString(shape) + ")");
        }
        TensorInfo info = source.info(name);
        if (!Arrays.equals(info.shape(), shape)) {
            throw new IOException("tensor \"" + name + "\" in " + source.describe() + " has shape "
                    + info.shapeText() + ", but config.json implies " + Arrays.toString(shape));
        }
        if (!info.dtype().isFloating()) {
            throw new IOException("tensor \"" + name + "\" in " + source.describe() + " is " + info.dtype()
                    + ", not a floating-point type");
        }
        return info;
    }

    private NDArray device(float[] values, long... shape) {
        return device(FloatBuffer.wrap(values), shape);
    }

    private NDArray device(FloatBuffer values, long... shape) {
        NDArray array = manager.create(values, new Shape(shape));
        if (computeType != DataType.FLOAT32) {
            NDArray converted = array.toType(computeType, false);
            array.close();
            return converted;
        }
        return array;
    }
}
