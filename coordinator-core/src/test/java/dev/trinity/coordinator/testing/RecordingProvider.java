package dev.trinity.coordinator.testing;

import dev.trinity.coordinator.provider.ChatProvider;
import dev.trinity.coordinator.provider.ChatRequest;
import dev.trinity.coordinator.provider.ChatResponse;
import dev.trinity.coordinator.provider.ProviderKind;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Wraps a provider and records every request it receives. */
public final class RecordingProvider implements ChatProvider {

    private final ChatProvider delegate;
    private final List<ChatRequest> requests = new CopyOnWriteArrayList<>();

    /** Wraps a provider. */
    public RecordingProvider(ChatProvider delegate) {
        this.delegate = delegate;
    }

    /** The requests so far. */
    public List<ChatRequest> requests() {
        return List.copyOf(requests);
    }

    @Override
    public ProviderKind kind() {
        return delegate.kind();
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        requests.add(request);
        return delegate.chat(request);
    }
}
