package dev.trinity.coordinator.svf;

import dev.trinity.coordinator.qwen3.Qwen3Config;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Sakana selection rule: walk Hugging Face's {@code state_dict()} order and take every tensor of rank 2 with
 * every dimension above 1 that is outside the decoder layers or inside one of {@code opt_layer_indices}. For
 * Qwen3-0.6B with layer 26 that is 9 tensors and 9 * 1024 = 9216 offsets.
 */
public final class SvfSelection {

    /** Layer tensors in state_dict order, with their Bumblebee names; norms (rank 1) are skipped by the rule. */
    private static final String[][] LAYER_TENSORS = {
        {"self_attn.q_proj.weight", "self_attention.query.kernel"},
        {"self_attn.k_proj.weight", "self_attention.key.kernel"},
        {"self_attn.v_proj.weight", "self_attention.value.kernel"},
        {"self_attn.o_proj.weight", "self_attention.output.kernel"},
        {"mlp.gate_proj.weight", "ffn.gate.kernel"},
        {"mlp.up_proj.weight", "ffn.intermediate.kernel"},
        {"mlp.down_proj.weight", "ffn.output.kernel"},
    };

    private final List<SvfEntry> entries;

    private SvfSelection(List<SvfEntry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Applies the rule to a Qwen3 config.
     *
     * @param layers {@code opt_layer_indices} of the ES run (from its log or the bundle manifest)
     * @throws IllegalArgumentException naming a layer index outside the model
     */
    public static SvfSelection of(Qwen3Config config, Collection<Integer> layers) {
        Set<Integer> chosen = new TreeSet<>(layers);
        for (int layer : chosen) {
            if (layer < 0 || layer >= config.numHiddenLayers()) {
                throw new IllegalArgumentException("opt_layer_indices contains " + layer + ", but the model has layers "
                        + "0.." + (config.numHiddenLayers() - 1));
            }
        }
        int hidden = config.hiddenSize();
        int inter = config.intermediateSize();
        List<SvfEntry> entries = new ArrayList<>();
        int offset = 0;
        offset = add(entries, offset, "model.embed_tokens.weight", config.vocabSize(), hidden,
                "embedder.token_embedding.kernel", false);
        int[][] shapes = {
            {config.queryWidth(), hidden}, {config.keyValueWidth(), hidden}, {config.keyValueWidth(), hidden},
            {hidden, config.queryWidth()}, {inter, hidden}, {inter, hidden}, {hidden, inter},
        };
        for (int layer : chosen) {
            for (int t = 0; t < LAYER_TENSORS.length; t++) {
                offset = add(entries, offset, "model.layers." + layer + "." + LAYER_TENSORS[t][0], shapes[t][0],
                        shapes[t][1], "decoder.blocks." + layer + "." + LAYER_TENSORS[t][1], true);
            }
        }
        add(entries, offset, "lm_head.weight", config.vocabSize(), hidden, "language_modeling_head.output.kernel",
                false);
        return new SvfSelection(entries);
    }

    private static int add(List<SvfEntry> entries, int offset, String name, int rows, int cols, String key,
                           boolean transposed) {
        if (rows <= 1 || cols <= 1) {
            return offset;
        }
        SvfEntry entry = new SvfEntry(entries.size() + 1, name, rows, cols, offset, key, transposed);
        entries.add(entry);
        return entry.offsetEnd();
    }

    /** The selected tensors in offset order. */
    public List<SvfEntry> entries() {
        return entries;
    }

    /** Total offsets consumed: the start of the router head in the vector. */
    public int offsetCount() {
        return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).offsetEnd();
    }
}
