package dev.trinity.coordinator.loop;

import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.route.ConversationRouter;
import dev.trinity.coordinator.route.RoutedConversation;
import dev.trinity.coordinator.route.RoutingOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The loop's {@link Router} backed by the real routing step: the model's hidden state and the router head, with one
 * selection. The Qwen3 router ({@code LoadedRouter}) routes through one; the trainer makes one per candidate head.
 *
 * <p>Thread-safe when the extractor is; it holds no per-run state.
 */
public final class ModelRouter implements Router {

    private final ConversationRouter router;
    private final RoutingOptions options;
    private final Map<String, String> metadata;

    /**
     * Wraps a conversation router.
     *
     * @param router extractor and head
     * @param options agent and role selection
     * @param metadata the artifact identity for traces (may be empty; null values are dropped)
     */
    public ModelRouter(ConversationRouter router, RoutingOptions options, Map<String, String> metadata) {
        this.router = Objects.requireNonNull(router, "router");
        this.options = Objects.requireNonNull(options, "options");
        Map<String, String> known = new LinkedHashMap<>();
        metadata.forEach((key, value) -> {
            if (value != null) {
                known.put(key, value);
            }
        });
        this.metadata = Collections.unmodifiableMap(known);
    }

    @Override
    public TurnRoute route(List<Message> messages) {
        return TurnRoute.of(router.route(messages, options), options);
    }

    /** Routes many conversations with one batched extraction. */
    @Override
    public List<TurnRoute> routeAll(List<List<Message>> conversations) {
        List<TurnRoute> routes = new ArrayList<>(conversations.size());
        for (RoutedConversation routed : router.routeAll(conversations, options)) {
            routes.add(TurnRoute.of(routed, options));
        }
        return routes;
    }

    @Override
    public RoutingOptions routingOptions() {
        return options;
    }

    @Override
    public int numAgents() {
        return router.head().numAgents();
    }

    @Override
    public int numRoles() {
        return router.head().numRoles();
    }

    @Override
    public Map<String, String> runtimeMetadata() {
        return metadata;
    }
}
