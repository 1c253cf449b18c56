package dev.trinity.coordinator.adapted;

import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.loop.ModelRouter;
import dev.trinity.coordinator.loop.Router;
import dev.trinity.coordinator.loop.TurnRoute;
import dev.trinity.coordinator.qwen3.Qwen3Extractor;
import dev.trinity.coordinator.route.AgentSlots;
import dev.trinity.coordinator.route.ArtifactIdentity;
import dev.trinity.coordinator.route.ConversationRouter;
import dev.trinity.coordinator.route.RoutedConversation;
import dev.trinity.coordinator.route.RouterHead;
import dev.trinity.coordinator.route.RoutingOptions;
import java.util.List;
import java.util.Map;

/**
 * A loaded TRINITY router: the (adapted) Qwen3 extractor and the router head, ready for the loop
 * ({@link Router}) or for routing conversations directly. Made by {@link RouterLoader#load()}.
 *
 * <p>Thread-safe; closing it frees the model.
 */
public final class LoadedRouter implements Router, AutoCloseable {

    private final Qwen3Extractor extractor;
    private final RouterHead head;
    private final ArtifactIdentity identity;
    private final AgentSlots slots;
    private final String description;
    private final RoutingOptions routing;
    private final ConversationRouter router;
    private final ModelRouter loop;

    LoadedRouter(Qwen3Extractor extractor, RouterHead head, ArtifactIdentity identity, AgentSlots slots,
                 String description, RoutingOptions routing) {
        this.extractor = extractor;
        this.head = head;
        this.identity = identity;
        this.slots = slots;
        this.description = description;
        this.routing = routing;
        this.router = ConversationRouter.of(extractor, head, identity);
        this.loop = new ModelRouter(router, routing, identity == null ? Map.of() : identity.toTraceMap());
    }

    /** Routes one turn with the loader's selection. */
    @Override
    public TurnRoute route(List<Message> messages) {
        return loop.route(messages);
    }

    /** Routes many conversations in one batched forward pass. */
    @Override
    public List<TurnRoute> routeAll(List<List<Message>> conversations) {
        return loop.routeAll(conversations);
    }

    /**
     * Routes one conversation with everything the routing step knows: token ids, the routing vector, the decision
     * with its probabilities, and the prompt-eval hashes.
     *
     * @param messages the conversation, at least one message
     * @return the routed conversation
     */
    public RoutedConversation explain(List<Message> messages) {
        return router.route(messages, routing);
    }

    @Override
    public RoutingOptions routingOptions() {
        return routing;
    }

    @Override
    public int numAgents() {
        return loop.numAgents();
    }

    @Override
    public int numRoles() {
        return loop.numRoles();
    }

    /** The bundle's identity fields ({@code trinity_artifact_manifest_*}); empty for a router vector. */
    @Override
    public Map<String, String> runtimeMetadata() {
        return loop.runtimeMetadata();
    }

    /** The routing step: extractor, head, identity (any selection, one or many conversations). */
    public ConversationRouter conversationRouter() {
        return router;
    }

    /** The model side. */
    public Qwen3Extractor extractor() {
        return extractor;
    }

    /** The router head. */
    public RouterHead head() {
        return head;
    }

    /** The bundle's identity, or null for a router vector adapted at load time. */
    public ArtifactIdentity identity() {
        return identity;
    }

    /** The agent slot labels (training metadata, never provider bindings). */
    public AgentSlots slots() {
        return slots;
    }

    /** Where the weights came from, for output: a bundle folder, or a router vector and its SVF layers. */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        extractor.close();
    }
}
