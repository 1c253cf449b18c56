package dev.trinity.coordinator.adapted;

import dev.trinity.coordinator.loop.ModelRouter;
import dev.trinity.coordinator.qwen3.Qwen3Extractor;
import dev.trinity.coordinator.route.AgentSlots;
import dev.trinity.coordinator.route.ArtifactIdentity;
import dev.trinity.coordinator.route.ConversationRouter;
import dev.trinity.coordinator.route.RouterHead;
import dev.trinity.coordinator.route.RoutingOptions;
import java.util.Map;

/**
 * A loaded router: the (adapted) Qwen3 extractor, the router head, where they came from, and the agent slot labels.
 * Thread-safe; closing it frees the model.
 */
public final class LoadedRouter implements AutoCloseable {

    private final Qwen3Extractor extractor;
    private final RouterHead head;
    private final ArtifactIdentity identity;
    private final AgentSlots slots;
    private final String description;
    private final ConversationRouter router;

    LoadedRouter(Qwen3Extractor extractor, RouterHead head, ArtifactIdentity identity, AgentSlots slots,
                 String description) {
        this.extractor = extractor;
        this.head = head;
        this.identity = identity;
        this.slots = slots;
        this.description = description;
        this.router = ConversationRouter.of(extractor, head, identity);
    }

    /** The routing step: extractor, head, identity. */
    public ConversationRouter router() {
        return router;
    }

    /** The loop's router seam with the given selection options. */
    public ModelRouter loopRouter(RoutingOptions options) {
        return new ModelRouter(router, options, identity == null ? Map.of() : identity.toTraceMap());
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
