package dev.trinity.coordinator.route;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trinity.coordinator.json.JsonFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Labels of the agent slots: training metadata that names the model each slot stood for during Sakana's ES run.
 *
 * <p>These are not provider bindings; a provider pool decides what answers for a slot.
 *
 * @param labels one label per slot, in slot order
 */
public record AgentSlots(List<String> labels) {

    /** Copies the labels. */
    public AgentSlots {
        labels = List.copyOf(Objects.requireNonNull(labels, "labels"));
    }

    /** The seven labels of Sakana's released router (spec §2; the ES log's {@code llm_names}). */
    public static AgentSlots sakana() {
        return new AgentSlots(List.of("gpt-5", "claude-sonnet-4-20250514", "gemini-2.5-pro",
                "deepseek-ai/DeepSeek-R1-Distill-Qwen-32B", "google/gemma-3-27b-it", "Qwen/Qwen3-32B (reasoning)",
                "Qwen/Qwen3-32B (direct)"));
    }

    /**
     * Reads the labels from an ES log ({@code sakana_es_log.json}: a list whose first entry has
     * {@code configs.llm_names}).
     *
     * @param esLog the log file
     * @return the labels
     * @throws IOException when the file cannot be read or has no {@code configs.llm_names} list
     */
    public static AgentSlots fromEsLog(Path esLog) throws IOException {
        JsonNode root = JsonFiles.read(esLog, "ES log \"" + esLog + "\"");
        JsonNode entry = root != null && root.isArray() && root.size() > 0 ? root.get(0) : root;
        JsonNode names = entry == null ? null : entry.path("configs").get("llm_names");
        if (names == null || !names.isArray()) {
            throw new IOException("ES log \"" + esLog + "\" has no configs.llm_names list; pass the "
                    + "sakana_es_log.json of the router vector");
        }
        List<String> labels = new ArrayList<>();
        for (JsonNode name : names) {
            labels.add(name.asText());
        }
        return new AgentSlots(labels);
    }

    /** The number of labelled slots. */
    public int size() {
        return labels.size();
    }

    /**
     * The label of a slot.
     *
     * @param slot an agent id
     * @return its label, or {@code agent_<slot>} when the slot has none
     */
    public String label(int slot) {
        return slot >= 0 && slot < labels.size() ? labels.get(slot) : "agent_" + slot;
    }
}
