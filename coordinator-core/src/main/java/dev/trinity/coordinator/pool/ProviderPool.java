package dev.trinity.coordinator.pool;

import dev.trinity.coordinator.provider.ProviderKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A named binding of agent slots {@code 0..n-1} to {@link SlotSpec}s.
 *
 * @param name the pool name
 * @param slots the slots, sorted by id, ids contiguous from 0
 */
public record ProviderPool(String name, List<SlotSpec> slots) {

    /** The number of agent slots of the Sakana router. */
    public static final int AGENT_SLOTS = 7;

    /** Validates: non-empty, no duplicate ids, ids 0..n-1. */
    public ProviderPool {
        Objects.requireNonNull(name, "pool name");
        List<SlotSpec> sorted = new ArrayList<>(Objects.requireNonNull(slots, "slots"));
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("pool " + name + " has no slots");
        }
        sorted.sort((a, b) -> Integer.compare(a.id(), b.id()));
        for (int i = 0; i < sorted.size(); i++) {
            int id = sorted.get(i).id();
            if (i > 0 && sorted.get(i - 1).id() == id) {
                throw new IllegalArgumentException("pool " + name + ": duplicate slot id " + id);
            }
            if (id != i) {
                throw new IllegalArgumentException("pool " + name + ": slot ids must be 0.." + (sorted.size() - 1)
                        + " without gaps; slot " + i + " is missing");
            }
        }
        slots = List.copyOf(sorted);
    }

    /** The number of slots. */
    public int size() {
        return slots.size();
    }

    /** The slot with this id, if any. */
    public Optional<SlotSpec> slot(int id) {
        return id >= 0 && id < slots.size() ? Optional.of(slots.get(id)) : Optional.empty();
    }

    /** True when every slot is the mock provider. */
    public boolean allMock() {
        return slots.stream().allMatch(s -> s.provider() == ProviderKind.MOCK);
    }

    /** Built-in {@code mock}: slots 0..6 on the mock provider, models {@code mock-agent-<id>}. */
    public static ProviderPool mock() {
        List<SlotSpec> slots = new ArrayList<>();
        for (int id = 0; id < AGENT_SLOTS; id++) {
            slots.add(new SlotSpec(id, ProviderKind.MOCK, "mock-agent-" + id, null, null, 200, 0.2, 30_000,
                    "mock_" + id));
        }
        return new ProviderPool("mock", slots);
    }

    /**
     * Built-in {@code gemini}: slots 0..6 all on Google's Gemini API, model {@code gemini-3.1-flash-lite-preview},
     * key in {@code GEMINI_API_KEY}, 256 max tokens, temperature 0.0, 180 s timeout: the Java equivalent of the
     * reference's {@code gemini_cli_asm} pool (same model and settings, through the API instead of the Gemini CLI).
     */
    public static ProviderPool gemini() {
        List<SlotSpec> slots = new ArrayList<>();
        for (int id = 0; id < AGENT_SLOTS; id++) {
            slots.add(new SlotSpec(id, ProviderKind.GEMINI, "gemini-3.1-flash-lite-preview", null, "GEMINI_API_KEY",
                    256, 0.0, 180_000, "gemini_" + id));
        }
        return new ProviderPool("gemini", slots);
    }

    /**
     * Built-in {@code default}: slots 0..6 all on OpenAI {@code gpt-4o-mini} with the key in
     * {@code OPENAI_API_KEY}, 200 max tokens, temperature 0.2, 30 s timeout (the reference's inexpensive default).
     */
    public static ProviderPool defaultPool() {
        String[] labels = {"fast_openai", "default_reasoning", "compact_reasoning", "backup_openai", "fast_openai_2",
            "reasoner_2", "fallback_openai"};
        List<SlotSpec> slots = new ArrayList<>();
        for (int id = 0; id < AGENT_SLOTS; id++) {
            slots.add(new SlotSpec(id, ProviderKind.OPENAI, "gpt-4o-mini", null, "OPENAI_API_KEY", 200, 0.2, 30_000,
                    labels[id]));
        }
        return new ProviderPool("default", slots);
    }
}
