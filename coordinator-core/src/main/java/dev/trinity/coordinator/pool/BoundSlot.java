package dev.trinity.coordinator.pool;

import dev.trinity.coordinator.provider.ChatProvider;
import dev.trinity.coordinator.provider.ProviderKind;
import java.util.Objects;

/**
 * A slot with the provider instance that serves it.
 *
 * @param spec the slot's configuration
 * @param provider the provider
 */
public record BoundSlot(SlotSpec spec, ChatProvider provider) {

    /** Validates the fields. */
    public BoundSlot {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(provider, "provider");
    }

    /** True for the mock provider. */
    public boolean mock() {
        return spec.provider() == ProviderKind.MOCK;
    }
}
