package dev.trinity.coordinator.cli.eval;

import dev.trinity.coordinator.route.AgentSlots;

/**
 * What the {@code prompt-eval} report header says about the router.
 *
 * @param router the router's description ({@code "none (tokens only)"} without weights)
 * @param model the base router model folder, or the tokenizer file in tokens-only mode
 * @param headShape the router head's shape, or null in tokens-only mode
 * @param slots the agent slots, or null in tokens-only mode
 * @param casesFile the cases file the run read
 */
record PromptEvalRouterInfo(String router, String model, int[] headShape, AgentSlots slots, String casesFile) {

    /** The label of an agent slot, or {@code ""} when no slots are known. */
    String label(int agent) {
        return slots == null ? "" : slots.label(agent);
    }
}
