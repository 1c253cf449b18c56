package dev.trinity.coordinator.qwen3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.function.Consumer;

/**
 * The Qwen3 prefill forward pass over a batch of right-padded sequences, composed of DJL NDArray ops.
 *
 * <p>Right padding needs no attention mask beyond the causal one: a real token only attends to earlier positions,
 * which are all real, and every sequence's positions start at 0. Padded rows compute garbage that nobody reads.
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
     * Runs the decoder over {@code ids[b][0..length)} for every sequence b and returns the final-norm hidden state
     * at {@code positions[b]} of each, (batch, hidden), float32.
     *
     * <p>Only what can reach those rows is computed: positions after the largest requested one are dropped, and
     * for a single sequence the last layer runs queries, o_proj and the MLP for its one row alone.
     */
    NDArray hiddenAt(NDManager step, int[][] ids, int[] positions) {
        int batch = ids.length;
        int length = 0;
        for (int position : positions) {
            length = Math.max(length, position + 1);
        }
        NDArray x = embed(step, ids, length);
        int tail = batch == 1 ? 1 : length;
        NDArray last = layers(step, x, batch, length, tail, null);
        NDArray rows;
        if (batch == 1) {
            rows = last;
        } else {
            NDList picked = new NDList(batch);
            for (int b = 0; b < batch; b++) {
                picked.add(last.get(b * length + positions[b]));
            }
            rows = NDArrays.stack(picked);
        }
        return toFloat32(rmsNorm(rows).mul(weights.finalNorm()));
    }

    /**
     * A full prefill of one sequence: the final-norm output at every position, (count, hidden), float32. With
     * {@code collect} set, every {@code hidden_states} entry of Hugging Face (embeddings, each layer's output, then
     * the final-norm output in place of the last layer's) is handed to it as a (count, hidden) array.
     */
    NDArray allPositions(NDManager step, int[] ids, Consumer<NDArray> collect) {
        int count = ids.length;
        NDArray x = embed(step, new int[][] {ids}, count);
        if (collect != null) {
            collect.accept(x);
        }
        NDArray out = rmsNorm(layers(step, x, 1, count, count, collect)).mul(weights.finalNorm());
        if (collect != null) {
            collect.accept(out);
        }
        return toFloat32(out);
    }

    /**
     * Embedding lookup on the host (exact BF16 to F32), right-padded with token 0, then one copy to the device:
     * (batch * length, hidden). Activations stay 2-D between layers so every projection is one plain GEMM.
     */
    private NDArray embed(NDManager step, int[][] ids, int length) {
        int hidden = config.hiddenSize();
        float[] rows = new float[ids.length * length * hidden];
        int[] padded = new int[length];
        for (int b = 0; b < ids.length; b++) {
            java.util.Arrays.fill(padded, 0);
            System.arraycopy(ids[b], 0, padded, 0, Math.min(length, ids[b].length));
            float[] embedded = weights.embedding().lookup(padded, length);
            System.arraycopy(embedded, 0, rows, b * length * hidden, embedded.length);
        }
        NDArray x = toCompute(step.create(rows, new Shape((long) ids.length * length, hidden)));
        // An SVF-adapted embedding at load time: E' = E F, computed for these rows only.
        return weights.embeddingFactor() == null ? x : x.matMul(weights.embeddingFactor());
    }

    /** All decoder layers; the last one returns only its last {@code tail} rows. */
    private NDArray layers(NDManager step, NDArray x, int batch, int count, int tail, Consumer<NDArray> collect) {
        int d = config.headDim();
        NDArray cos = toCompute(step.create(rope.cos(count), new Shape(count, 1, d)));
        NDArray sin = toCompute(step.create(rope.signedSin(count), new Shape(count, 1, d)));
        NDArray mask = count > 1 ? causalMask(step, count, count) : null;
        NDArray tailMask = tail > 1 && tail < count ? causalMask(step, tail, count) : null;
        int layers = config.numHiddenLayers();
        for (int i = 0; i < layers; i++) {
            boolean last = i == layers - 1;
            int rows = last ? tail : count;
            x = layer(weights.layers().get(i), x, batch, count, rows, cos, sin, rows == count ? mask : tailMask);
            if (collect != null && !last) {
                collect.accept(x);
            }
        }
        return x;
    }

    /**
     * One decoder layer over {@code x} (batch * count, hidden); returns its output for the last {@code rows}
     * positions of each sequence, (batch * rows, hidden). {@code rows < count} only for a single sequence.
     */
    private NDArray layer(LayerWeights w, NDArray x, int batch, int count, int rows, NDArray cos, NDArray sin,
                          NDArray mask) {
        int heads = config.numAttentionHeads();
        int kvHeads = config.numKeyValueHeads();
        int d = config.headDim();

        // Attention: RMSNorm (weight folded into qkv), fused q/k/v projection.
        NDArray qkv = rmsNorm(x).matMul(w.qkv()).reshape(batch, count, heads + 2 * kvHeads, d);
        NDList qkAndV = qkv.split(new long[] {heads + kvHeads}, 2);
        // Per-head q_norm / k_norm (weights stacked, attention scale folded in), then RoPE on q and k together:
        // rope(x) = x * cos + swapHalves(x) * signedSin.
        NDArray qk = rmsNorm(qkAndV.get(0)).mul(w.qkNorm());
        NDList halves = qk.split(new long[] {d / 2}, 3);
        qk = qk.mul(cos).add(halves.get(1).concat(halves.get(0), 3).mul(sin));
        NDList qAndK = qk.split(new long[] {heads}, 2);
        NDArray q = qAndK.get(0);
        if (rows < count) {
            q = q.get(new NDIndex(":, {}:", count - rows));
        }
        NDArray attention = attention(q, qAndK.get(1), qkAndV.get(1), batch, rows, count, mask);
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
     * extra rows, {@code (batch, kvHeads, group * rows, d) x (batch, kvHeads, d, count)}.
     *
     * @param q (batch, rows, heads, d), the last {@code rows} positions
     * @param k (batch, count, kvHeads, d)
     * @param v (batch, count, kvHeads, d)
     * @return (batch * rows, heads * d)
     */
    private NDArray attention(NDArray q, NDArray k, NDArray v, int batch, int rows, int count, NDArray mask) {
        int kvHeads = config.numKeyValueHeads();
        int group = config.groupSize();
        int d = config.headDim();
        NDArray queries = q.reshape(batch, rows, kvHeads, group, d).transpose(0, 2, 3, 1, 4)
                .reshape(batch, kvHeads, group * rows, d);
        NDArray scores = queries.matMul(k.transpose(0, 2, 3, 1));
        if (mask != null) {
            scores = scores.reshape(batch, kvHeads, group, rows, count).add(mask)
                    .reshape(batch, kvHeads, group * rows, count);
        }
        // Softmax in float32 whatever the compute type, as transformers does.
        NDArray probabilities = toCompute(toFloat32(scores).softmax(-1));
        NDArray context = probabilities.matMul(v.transpose(0, 2, 1, 3));
        return context.reshape(batch, kvHeads, group, rows, d).transpose(0, 3, 1, 2, 4)
                .reshape((long) batch * rows, kvHeads * group * d);
    }

    /** x / sqrt(mean(x^2) + eps) over the last axis, in float32 whatever the compute type. */
    private NDArray rmsNorm(NDArray x) {
        NDArray xf = toFloat32(x);
        NDArray rms = xf.square().mean(new int[] {-1}, true).add(config.rmsNormEps()).sqrt();
        return toCompute(xf.div(rms));
    }

    // Dtype changes only when computing in fp16: in fp32 even a no-op toType costs a JNI call per array.
    private NDArray toFloat32(NDArray x) {
        return computeType == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false);
    }

    private NDArray toCompute(NDArray x) {
        return computeType == DataType.FLOAT32 ? x : x.toType(computeType, false);
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
        return toCompute(step.create(mask, new Shape(rows, count)));
    }
}
