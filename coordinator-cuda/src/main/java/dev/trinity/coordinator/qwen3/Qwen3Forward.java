package dev.trinity.coordinator.qwen3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The Qwen3 prefill forward pass over a batch of sequences packed row after row (no padding), composed of DJL
 * NDArray ops.
 *
 * <p>Each sequence ({@link Segment}) contributes only the tokens it has not computed before: the keys and values
 * of a cached prefix are concatenated in front of its own when it attends. Projections and the MLP run over all
 * packed rows at once; attention runs per sequence, in blocks of query rows whose score matrix stays under
 * {@link Tiling#scoreBlockBytes()}, each block attending only to the keys up to its last row. Long inputs go
 * through the projections and the MLP {@link Tiling#rowChunk()} rows at a time. So working memory grows linearly
 * with the sequence, never quadratically.
 *
 * <p>Native memory: each layer, and each chunk or block inside it, runs in its own sub-manager that is closed when
 * it ends; only its output moves out (ops attach their result to the manager of their left operand, which is
 * always an activation, never a weight). A 28-layer pass therefore holds one layer's activations at a time.
 */
final class Qwen3Forward {

    private final Qwen3Config config;
    private final Qwen3Weights weights;
    private final RopeTable rope;
    private final DataType computeType;
    private final Tiling tiling;
    private final int heads;
    private final int kvHeads;
    private final int headDim;

    Qwen3Forward(Qwen3Config config, Qwen3Weights weights, DataType computeType, Tiling tiling) {
        this.config = config;
        this.weights = weights;
        this.rope = new RopeTable(config.headDim(), config.ropeTheta());
        this.computeType = computeType;
        this.tiling = tiling;
        this.heads = config.numAttentionHeads();
        this.kvHeads = config.numKeyValueHeads();
        this.headDim = config.headDim();
    }

    /**
     * The final-norm hidden state at the last token of every segment, (segments, hidden), float32.
     *
     * <p>The last layer runs attention queries, o_proj and the MLP for those rows alone: nothing else can reach
     * them. Segments with a capture get the keys and values of their leading tokens, layer by layer.
     */
    NDArray lastRows(NDManager step, List<Segment> segments) {
        return run(step, new Packing(segments), false, null);
    }

    /**
     * A full prefill of one sequence: the final-norm output at every position, (count, hidden), float32. With
     * {@code collect} set, every {@code hidden_states} entry of Hugging Face (embeddings, each layer's output, then
     * the final-norm output in place of the last layer's) is handed to it as a (count, hidden) array.
     */
    NDArray allPositions(NDManager step, int[] ids, Consumer<NDArray> collect) {
        return run(step, new Packing(List.of(Segment.of(ids, ids.length))), true, collect);
    }

    private NDArray run(NDManager step, Packing pack, boolean allRows, Consumer<NDArray> collect) {
        NDArray x = embed(step, pack);
        if (collect != null) {
            collect.accept(x);
        }
        NDArray cos = toCompute(step.create(pack.rope(rope, false), new Shape(pack.rows(), 1, headDim)));
        NDArray sin = toCompute(step.create(pack.rope(rope, true), new Shape(pack.rows(), 1, headDim)));
        CausalMasks masks = new CausalMasks(step, computeType);
        int layers = config.numHiddenLayers();
        for (int i = 0; i < layers; i++) {
            boolean tailOnly = i == layers - 1 && !allRows;
            try (NDManager scope = step.newSubManager()) {
                x.attach(scope);
                NDArray out = layer(i, x, pack, tailOnly, cos, sin, masks);
                out.attach(step);
                x = out;
            }
            if (collect != null && i < layers - 1) {
                collect.accept(x);
            }
        }
        NDArray out = rmsNorm(x).mul(weights.finalNorm());
        if (collect != null) {
            collect.accept(out);
        }
        return toFloat32(out);
    }

    /**
     * Embedding lookup on the host (exact BF16 to F32) of every segment's fresh tokens, then one copy to the
     * device: (rows, hidden). Activations stay 2-D between layers so every projection is one plain GEMM.
     */
    private NDArray embed(NDManager step, Packing pack) {
        int hidden = config.hiddenSize();
        float[] rows = new float[pack.rows() * hidden];
        for (int b = 0; b < pack.size(); b++) {
            Segment s = pack.segment(b);
            weights.embedding().lookup(s.ids(), s.start(), s.end(), rows, pack.offset(b) * hidden);
        }
        NDArray x = toCompute(step.create(rows, new Shape(pack.rows(), hidden)));
        // An SVF-adapted embedding at load time: E' = E F, computed for these rows only.
        return weights.embeddingFactor() == null ? x : x.matMul(weights.embeddingFactor());
    }

    /**
     * One decoder layer over the packed rows {@code x}; returns its output for every row, or with
     * {@code tailOnly} for each segment's last row only.
     *
     * <p>On inputs longer than one row chunk its three stages each free their temporaries when they end, and q/k/v
     * are closed as soon as attention is done, so the peak is one stage's working set, not the layer's. Shorter
     * inputs skip that bookkeeping: their temporaries are small and die with the layer.
     */
    private NDArray layer(int index, NDArray x, Packing pack, boolean tailOnly, NDArray cos, NDArray sin,
                          CausalMasks masks) {
        LayerWeights w = weights.layers().get(index);
        NDArray context;
        if (pack.rows() <= tiling.rowChunk()) {
            NDList qkAndV = projectRows(w, x, cos, sin);
            context = attendAll(index, qkAndV.get(0), qkAndV.get(1), pack, tailOnly, masks);
        } else {
            NDList qkAndV = inScope(x, in -> project(w, in, cos, sin));
            context = inScope(qkAndV.get(0), qk -> new NDList(attendAll(index, qk, qkAndV.get(1), pack, tailOnly,
                    masks))).singletonOrThrow();
            qkAndV.close();
        }
        NDArray residual = tailOnly ? pack.lastRows(x) : x;
        return chunked(residual, context, (r, c) -> output(w, r, c));
    }

    /**
     * {@link #projectRows} over many rows, a chunk at a time.
     *
     * @return compact arrays qk (rows, heads + kvHeads, headDim) and v (rows, kvHeads, headDim)
     */
    private NDList project(LayerWeights w, NDArray x, NDArray cos, NDArray sin) {
        long rows = x.getShape().get(0);
        int chunkRows = tiling.rowChunk();
        NDList qk = new NDList();
        NDList v = new NDList();
        for (long r = 0; r < rows; r += chunkRows) {
            NDIndex slice = new NDIndex("{}:{}", r, Math.min(rows, r + chunkRows));
            NDList out = inScope(x.get(slice), part -> {
                NDList rotated = projectRows(w, part, cos.get(slice), sin.get(slice));
                // v alone, not a view that would keep the chunk's whole qkv output alive
                return new NDList(rotated.get(0), rotated.get(1).duplicate());
            });
            qk.add(out.get(0));
            v.add(out.get(1));
        }
        return new NDList(concat(qk), concat(v));
    }

    /**
     * Before attention, for every row: RMSNorm (weight folded into qkv), the fused q/k/v projection, per-head
     * q_norm / k_norm (weights stacked, attention scale folded in), then RoPE on q and k together:
     * {@code rope(x) = x * cos + swapHalves(x) * signedSin}.
     *
     * @return qk (rows, heads + kvHeads, headDim) and v (rows, kvHeads, headDim), a view into the qkv output
     */
    private NDList projectRows(LayerWeights w, NDArray x, NDArray cos, NDArray sin) {
        long rows = x.getShape().get(0);
        NDArray qkv = rmsNorm(x).matMul(w.qkv()).reshape(rows, heads + 2 * kvHeads, headDim);
        NDList qkAndV = qkv.split(new long[] {heads + kvHeads}, 1);
        NDArray qk = rmsNorm(qkAndV.get(0)).mul(w.qkNorm());
        NDList halves = qk.split(new long[] {headDim / 2}, 2);
        qk = qk.mul(cos).add(halves.get(1).concat(halves.get(0), 2).mul(sin));
        return new NDList(qk, qkAndV.get(1));
    }

    /**
     * Attention of every segment's query rows (all its fresh rows, or with {@code tailOnly} its last one) over its
     * cached and fresh keys; hands each segment's keys and values to its capture. Returns the packed contexts,
     * (query rows, heads * headDim).
     */
    private NDArray attendAll(int layer, NDArray qk, NDArray v, Packing pack, boolean tailOnly, CausalMasks masks) {
        NDList contexts = new NDList(pack.size());
        boolean whole = pack.size() == 1;
        // One sequence: q and k in one split; several: each sequence's rows sliced out.
        NDList qAndK = whole ? qk.split(new long[] {heads}, 1) : null;
        for (int b = 0; b < pack.size(); b++) {
            Segment s = pack.segment(b);
            int from = pack.offset(b);
            int to = from + s.fresh();
            NDArray keys = whole ? qAndK.get(1) : qk.get(new NDIndex("{}:{}, {}:", from, to, heads));
            NDArray values = whole ? v : v.get(new NDIndex("{}:{}", from, to));
            if (s.start() > 0) {
                keys = withPast(s.past().keys(layer), keys, qk.getManager());
                values = withPast(s.past().values(layer), values, qk.getManager());
            }
            if (s.capture() != null) {
                s.capture().capture(layer, keys, values);
            }
            int firstRow = tailOnly ? to - 1 : from;
            NDArray queries = whole && !tailOnly ? qAndK.get(0)
                    : qk.get(new NDIndex("{}:{}, :{}", firstRow, to, heads));
            contexts.add(attention(queries, keys, values, s.end() - (to - firstRow), masks));
        }
        return concat(contexts);
    }

    /** The cached row blocks followed by {@code fresh}, as one array owned by {@code scope}. */
    private NDArray withPast(List<NDArray> past, NDArray fresh, NDManager scope) {
        NDList parts = new NDList(past.size() + 1);
        for (NDArray block : past) {
            // Views of the cache entry's arrays are attached to its manager: move them here at once.
            NDArray rows = moveTo(block, scope);
            parts.add(rows.getDataType() == fresh.getDataType() ? rows : rows.toType(fresh.getDataType(), false));
        }
        parts.add(fresh);
        return NDArrays.concat(parts);
    }

    /**
     * Causal GQA attention of query rows at positions {@code first..first+rows-1} over keys and values
     * {@code 0..first+rows-1}, without copying k/v per query head: the query heads of one kv head are stacked as
     * extra rows, {@code (kvHeads, group * rows, d) x (kvHeads, d, keys)}.
     *
     * @param q (rows, heads, d)
     * @param k (at least first + rows, kvHeads, d)
     * @param v like k
     * @return (rows, heads * d)
     */
    private NDArray attention(NDArray q, NDArray k, NDArray v, int first, CausalMasks masks) {
        int rows = (int) q.getShape().get(0);
        NDArray keysT = k.transpose(1, 2, 0);
        NDArray valuesT = v.transpose(1, 0, 2);
        long rowBytes = (long) heads * (first + rows) * Float.BYTES;
        int block = (int) Math.max(1, Math.min(rows, tiling.scoreBlockBytes() / rowBytes));
        if (block >= rows) {
            return attentionBlock(q, keysT, valuesT, first, masks);
        }
        NDList parts = new NDList();
        for (int r = 0; r < rows; r += block) {
            int firstRow = first + r;
            parts.add(inScope(q.get(new NDIndex("{}:{}", r, Math.min(rows, r + block))),
                    part -> new NDList(attentionBlock(part, keysT, valuesT, firstRow, masks))).singletonOrThrow());
        }
        return concat(parts);
    }

    private NDArray attentionBlock(NDArray q, NDArray keysT, NDArray valuesT, int first, CausalMasks masks) {
        int rows = (int) q.getShape().get(0);
        int keys = first + rows;
        int group = config.groupSize();
        NDArray queries = q.reshape(rows, kvHeads, group, headDim).transpose(1, 2, 0, 3)
                .reshape(kvHeads, (long) group * rows, headDim);
        NDArray scores = queries.matMul(firstKeys(keysT, 2, keys));
        if (rows > 1) {
            // Row i may see keys up to first + i: mask the upper triangle of the last `rows` key columns, in place.
            scores.reshape(kvHeads, group, rows, keys).get(new NDIndex(":, :, :, {}:", keys - rows))
                    .addi(masks.upperTriangle(rows));
        }
        // Softmax in float32 whatever the compute type, as transformers does.
        NDArray probabilities = toCompute(toFloat32(scores).softmax(-1));
        NDArray context = probabilities.matMul(firstKeys(valuesT, 1, keys));
        return context.reshape(kvHeads, group, rows, headDim).transpose(2, 0, 1, 3)
                .reshape(rows, (long) heads * headDim);
    }

    /** The first {@code keys} entries of {@code array} along {@code axis}: the array itself when that is all. */
    private static NDArray firstKeys(NDArray array, int axis, int keys) {
        return array.getShape().get(axis) == keys ? array
                : array.get(axis == 1 ? new NDIndex(":, :{}", keys) : new NDIndex(":, :, :{}", keys));
    }

    /** After attention: o_proj and residual, then RMSNorm (folded into gate/up), SwiGLU, down_proj, residual. */
    private NDArray output(LayerWeights w, NDArray residual, NDArray context) {
        NDArray h = residual.add(context.matMul(w.o()));
        NDList gateUp = rmsNorm(h).matMul(w.gateUp()).split(2, 1);
        NDArray gate = gateUp.get(0);
        NDArray activated = gate.mul(gate.getNDArrayInternal().sigmoid()).mul(gateUp.get(1));
        return h.add(activated.matMul(w.down()));
    }

    /** Applies a row-wise function a chunk of rows at a time, each chunk's temporaries freed with it. */
    private NDArray chunked(NDArray a, NDArray b, BinaryOperator<NDArray> rowWise) {
        long rows = a.getShape().get(0);
        int chunkRows = tiling.rowChunk();
        if (rows <= chunkRows) {
            return rowWise.apply(a, b);
        }
        NDList parts = new NDList();
        for (long r = 0; r < rows; r += chunkRows) {
            NDIndex slice = new NDIndex("{}:{}", r, Math.min(rows, r + chunkRows));
            NDArray second = b.get(slice);
            parts.add(inScope(a.get(slice), first -> new NDList(rowWise.apply(first, second))).singletonOrThrow());
            second.close();
        }
        return concat(parts);
    }

    /**
     * Runs {@code work} with {@code input} attached to a new sub-manager of its own: every array the work derives
     * from the input is freed when it returns, except the arrays it returns, which move to the input's manager.
     */
    private static NDList inScope(NDArray input, Function<NDArray, NDList> work) {
        NDManager outer = input.getManager();
        try (NDManager scope = outer.newSubManager()) {
            input.tempAttach(scope);
            NDList out = work.apply(input);
            out.attach(outer);
            return out;
        }
    }

    /** The arrays joined along the first axis; the parts are closed (one array is returned as it is). */
    private static NDArray concat(NDList parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        NDArray joined = NDArrays.concat(parts);
        parts.close();
        return joined;
    }

    private static NDArray moveTo(NDArray array, NDManager manager) {
        array.attach(manager);
        return array;
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
}
