package dev.trinity.coordinator.qwen3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.function.Consumer;

/**
 * The Qwen3 prefill forward pass, one sequence, composed of DJL NDArray ops.
 *
 * <p>Every array made here belongs to the caller's per-call manager: activations are always the left operand, so
 * results never attach to the (capped) weights manager.
 */
final class Qwen3Forward {

    private final Qwen3Config config;
    private final Qwen3Weights weights;
    private final RopeTable rope;
    private final DataType computeType;

    Qwen3Forward(Qwen3Config config, Qwen3Weights weights, DataType computeType) {
        this.config = config;
        this.weights = weights;
        this.rope = new RopeTable(config.headDim(), config.ropeTheta());
        this.computeType = computeType;
    }

    /**
     * Runs the decoder over {@code ids[0..count)} and returns the final-norm hidden states of the last
     * {@code tailRows} positions, (tailRows, hidden), in float32.
     *
     * <p>Only what can reach those rows is computed: the last layer runs attention queries, o_proj and the MLP for
     * the tail rows alone. With {@code collect} set, {@code tailRows} must equal {@code count} and every
     * {@code hidden_states} entry of Hugging Face (embeddings, each layer's output, then the final-norm output in
     * place of the last layer's) is handed to it as a (count, hidden) array.
     */
    NDArray run(NDManager step, int[] ids, int count, int tailRows, Consumer<NDArray> collect) {
        if (tailRows < 1 || tailRows > count) {
            throw new IllegalArgumentException("tailRows " + tailRows + " outside 1.." + count);
        }
        int hidden = config.hiddenSize();
        int d = config.headDim();
        // Embedding lookup on the host (exact BF16 -> F32), then one copy to the device.
        NDArray x = step.create(weights.embedding().lookup(ids, count), new Shape(count, hidden)).toType(computeType,
                false);
        if (collect != null) {
            collect.accept(x);
        }
        NDArray cos = step.create(rope.cos(count), new Shape(count, 1, d)).toType(computeType, false);
        NDArray sin = step.create(rope.signedSin(count), new Shape(count, 1, d)).toType(computeType, false);
        NDArray mask = count > 1 ? causalMask(step, count, count) : null;
        NDArray tailMask = tailRows > 1 && tailRows < count ? causalMask(step, tailRows, count) : null;

        int layers = config.numHiddenLayers();
        for (int i = 0; i < layers; i++) {
            boolean last = i == layers - 1;
            int rows = last ? tailRows : count;
            x = layer(weights.layers().get(i), x, count, rows, cos, sin, rows == count ? mask : tailMask);
            if (collect != null && !last) {
                collect.accept(x);
            }
        }
        // Final RMSNorm: hidden_states[-1] in Hugging Face, the vector the router reads.
        NDArray out = rmsNorm(x).mul(weights.finalNorm());
        if (collect != null) {
            collect.accept(out);
        }
        return out.toType(DataType.FLOAT32, false);
    }

    /** One decoder layer over {@code x} (count, hidden); returns the last {@code rows} rows of its output. */
    private NDArray layer(LayerWeights w, NDArray x, int count, int rows, NDArray cos, NDArray sin, NDArray mask) {
        int heads = config.numAttentionHeads();
        int kvHeads = config.numKeyValueHeads();
        int d = config.headDim();

        // Attention: RMSNorm (weight folded into qkv), fused q/k/v projection.
        NDArray qkv = rmsNorm(x).matMul(w.qkv()).reshape(count, heads + 2 * kvHeads, d);
        NDList qkAndV = qkv.split(new long[] {heads + kvHeads}, 1);
        // Per-head q_norm / k_norm (weights stacked, attention scale folded in), then RoPE on q and k together.
        NDArray qk = rmsNorm(qkAndV.get(0)).mul(w.qkNorm());
        NDList halves = qk.split(new long[] {d / 2}, 2);
        qk = qk.mul(cos).add(halves.get(1).concat(halves.get(0), 2).mul(sin));
        NDList qAndK = qk.split(new long[] {heads}, 1);
        NDArray q = qAndK.get(0);
        if (rows < count) {
            q = q.get(new NDIndex("{}:", count - rows));
        }
        NDArray attention = attention(q, qAndK.get(1), qkAndV.get(1), rows, count, mask);
        NDArray residual = rows < count ? x.get(new NDIndex("{}:", count - rows)) : x;
        NDArray h = residual.add(attention.matMul(w.o()));

        // MLP: RMSNorm (weight folded into gate/up), SwiGLU, down projection, residual.
        NDList gateUp = rmsNorm(h).matMul(w.gateUp()).split(2, 1);
        NDArray gate = gateUp.get(0);
        NDArray activated = gate.mul(gate.getNDArrayInternal().sigmoid()).mul(gateUp.get(1));
        return h.add(activated.matMul(w.down()));
    }

    /**
     * Causal GQA attention without copying k/v per query head: the query heads of one kv head are stacked as
     * extra rows, {@code (kvHeads, group * rows, d) x (kvHeads, d, count)}.
     *
     * @param q (rows, heads, d), the last {@code rows} positions
     * @param k (count, kvHeads, d)
     * @param v (count, kvHeads, d)
     * @return (rows, heads * d)
     */
    private NDArray attention(NDArray q, NDArray k, NDArray v, int rows, int count, NDArray mask) {
        int kvHeads = config.numKeyValueHeads();
        int group = config.groupSize();
        int d = config.headDim();
        NDArray queries = q.reshape(rows, kvHeads, group, d).transpose(1, 2, 0, 3).reshape(kvHeads, group * rows, d);
        NDArray scores = queries.matMul(k.transpose(1, 2, 0));
        if (mask != null) {
            scores = scores.reshape(kvHeads, group, rows, count).add(mask).reshape(kvHeads, group * rows, count);
        }
        NDArray context = scores.softmax(-1).matMul(v.transpose(1, 0, 2));
        return context.reshape(kvHeads, group, rows, d).transpose(2, 0, 1, 3).reshape(rows, kvHeads * group * d);
    }

    /** x / sqrt(mean(x^2) + eps) over the last axis, in float32 whatever the compute type. */
    private NDArray rmsNorm(NDArray x) {
        NDArray xf = x.toType(DataType.FLOAT32, false);
        NDArray rms = xf.square().mean(new int[] {-1}, true).add(config.rmsNormEps()).sqrt();
        return xf.div(rms).toType(computeType, false);
    }

    /** Additive mask for the last {@code rows} query positions over {@code count} keys: -inf above the diagonal. */
    private NDArray causalMask(NDManager step, int rows, int count) {
        float[] mask = new float[rows * count];
        int offset = count - rows;
        for (int i = 0; i < rows; i++) {
            for (int j = offset + i + 1; j < count; j++) {
                mask[i * count + j] = Float.NEGATIVE_INFINITY;
            }
        }
        return step.create(mask, new Shape(rows, count)).toType(computeType, false);
    }
}
