package dev.trinity.coordinator.qwen3;

import ai.djl.ndarray.NDArray;

/**
 * One decoder layer's weights on the device, laid out for the forward pass: {@code (in, out)} transposed views of
 * the (out, in) matrices, projections that read the same input fused into one matrix, and RMSNorm weights folded
 * into the matrices that follow them ({@code (x / rms) * w @ W^T == (x / rms) @ (diag(w) W^T)}).
 *
 * @param qkv (hidden, (heads + 2 * kvHeads) * headDim): q, k, v projections, rows scaled by input_layernorm
 * @param qkNorm (heads + kvHeads, headDim): q_norm for each query head (times 1/sqrt(headDim), the attention
 *     scale, which commutes with RoPE) then k_norm for each kv head
 * @param o (heads * headDim, hidden): o_proj
 * @param gateUp (hidden, 2 * intermediate): gate then up projection, rows scaled by post_attention_layernorm
 * @param down (intermediate, hidden): down_proj
 */
public record LayerWeights(NDArray qkv, NDArray qkNorm, NDArray o, NDArray gateUp, NDArray down) {
}
